// giai: the single binary. Each subcommand lives in its own file (see commands.h).
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/passphrase.h"
#include "crypto/random.h"

int main(int argc, char** argv) {
  if (!giai::crypto::Init()) {
    std::cerr << "giai: unavailable: libsodium failed to initialise\n";
    return 7;
  }
  CLI::App app{"giai: documentation, evidence and case building for international crimes"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "giai 0.1.0");
  app.footer(
      "Exit codes: 0 ok, 1 internal, 2 invalid input, 3 not found, 4 forbidden, 5 conflict,\n"
      "            6 integrity failure, 7 unavailable.");

  giai::cli::CommandContext ctx;
  // Accepted before or after the subcommand (`giai serve --data D --database URL`).
  app.fallthrough();
  app.add_option("--database", ctx.database,
                 "Storage: postgresql://... for PostgreSQL; default the SQLite database in the "
                 "data directory")
      ->envname("GIAI_DATABASE");
  app.add_option("--passphrase-file", giai::cli::PassphraseFileOption(),
                 "Read the master key passphrase from this file (passphrase mode; also "
                 "GIAI_PASSPHRASE_FD or GIAI_PASSPHRASE, see docs/SECURITY.md)")
      ->envname("GIAI_PASSPHRASE_FILE");
  // One line per subcommand file (see commands.h).
  giai::cli::RegisterAdminCommands(app, ctx);
  giai::cli::RegisterServeCommand(app, ctx);
  giai::cli::RegisterDemoCommand(app, ctx);
  giai::cli::RegisterEstimateCommand(app, ctx);
  giai::cli::RegisterLinkCommand(app, ctx);
  giai::cli::RegisterGrantsCommand(app, ctx);
  giai::cli::RegisterEvidenceCommands(app, ctx);
  giai::cli::RegisterBackupCommands(app, ctx);
  giai::cli::RegisterMigrateCommand(app, ctx);
  giai::cli::RegisterCaseCommand(app, ctx);
  giai::cli::RegisterPersonCommands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return ctx.exit_code;
}

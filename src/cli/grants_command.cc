// giai grants export: the whole file of a fund, as JSON, for auditors (docs/GRANTS.md "Export").
// Runs on the server with the data directory: the export is audited as "operator" with the
// purpose given. Sealed fields (bank details, declarations, COI statements, minutes) are named,
// never opened.
#include <sys/stat.h>

#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"

namespace giai::cli {

void RegisterGrantsCommand(CLI::App& app, CommandContext& ctx) {
  struct Options {
    std::string data, fund, purpose, out;
  };
  auto o = std::make_shared<Options>();
  CLI::App* grants = app.add_subcommand("grants", "Sub-granting (FSTP)")->require_subcommand(1);
  CLI::App* exp = grants->add_subcommand(
      "export", "Export a fund's whole file (records, state histories, audit events) as JSON");
  exp->add_option("--data", o->data, "Data directory")->required();
  exp->add_option("--fund", o->fund, "Fund id (gfd_...)")->required();
  exp->add_option("--purpose", o->purpose, "Why (recorded in the audit trail)")->required();
  exp->add_option("--out", o->out, "Write to this file (0600) instead of standard output");
  exp->callback([o, &ctx] {
    auto rt = Runtime::Open(o->data, ctx.database);
    if (!rt.ok()) return void(ctx.exit_code = Fail(rt.status()));
    Result<nlohmann::json> file = (*rt)->grants->ExportAsOperator(o->fund, o->purpose);
    if (!file.ok()) return void(ctx.exit_code = Fail(file.status()));
    const std::string text = file->dump(2) + "\n";
    if (o->out.empty()) {
      std::cout << text;
      return;
    }
    ::umask(077);
    std::ofstream f(o->out, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f) return void(ctx.exit_code = Fail(Unavailable("cannot write " + o->out)));
    std::cerr << "exported fund " << o->fund << " to " << o->out << "\n";
  });
}

}  // namespace giai::cli

// Every `giai` subcommand registers itself on the root CLI11 app through one function here.
// A subcommand's file owns its options and its run callback; main.cc only lists them.
// Callbacks report their outcome through `exit_code` (see exit_codes.h).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace giai::cli {

struct CommandContext {
  int exit_code = 0;
  // Global `--database URL` (env GIAI_DATABASE): empty means the embedded SQLite database in the
  // data directory; postgresql://... selects the PostgreSQL back end.
  std::string database;
};

void RegisterAdminCommands(CLI::App& app, CommandContext& ctx);     // admin_commands.cc
void RegisterServeCommand(CLI::App& app, CommandContext& ctx);      // serve_command.cc
void RegisterDemoCommand(CLI::App& app, CommandContext& ctx);       // demo_command.cc
void RegisterEstimateCommand(CLI::App& app, CommandContext& ctx);   // estimate_command.cc
void RegisterLinkCommand(CLI::App& app, CommandContext& ctx);       // link_command.cc
void RegisterEvidenceCommands(CLI::App& app, CommandContext& ctx);  // evidence_commands.cc
void RegisterBackupCommands(CLI::App& app, CommandContext& ctx);    // backup_commands.cc
void RegisterMigrateCommand(CLI::App& app, CommandContext& ctx);    // migrate_command.cc
void RegisterCaseCommand(CLI::App& app, CommandContext& ctx);       // case_command.cc
void RegisterGrantsCommand(CLI::App& app, CommandContext& ctx);     // grants_command.cc
void RegisterPersonCommands(CLI::App& app, CommandContext& ctx);    // person_command.cc

}  // namespace giai::cli

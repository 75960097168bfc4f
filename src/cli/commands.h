// Every `giai` subcommand registers itself on the root CLI11 app through one function here.
// A subcommand's file owns its options and its run callback; main.cc only lists them.
// Callbacks report their outcome through `exit_code` (see exit_codes.h).
#pragma once

#include <CLI/CLI.hpp>

namespace giai::cli {

struct CommandContext {
  int exit_code = 0;
};

void RegisterAdminCommands(CLI::App& app, CommandContext& ctx);     // admin_commands.cc
void RegisterServeCommand(CLI::App& app, CommandContext& ctx);      // serve_command.cc
void RegisterDemoCommand(CLI::App& app, CommandContext& ctx);       // demo_command.cc
void RegisterEstimateCommand(CLI::App& app, CommandContext& ctx);   // estimate_command.cc
void RegisterLinkCommand(CLI::App& app, CommandContext& ctx);       // link_command.cc
void RegisterEvidenceCommands(CLI::App& app, CommandContext& ctx);  // evidence_commands.cc
void RegisterGrantsCommand(CLI::App& app, CommandContext& ctx);     // grants_command.cc

}  // namespace giai::cli

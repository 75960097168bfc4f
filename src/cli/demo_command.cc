// giai demo: a data directory with the fictional demo dataset.
#include <sys/stat.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"
#include "demo/demo_data.h"

namespace giai::cli {

void RegisterDemoCommand(CLI::App& app, CommandContext& ctx) {
  struct Options {
    std::string data;
    int scale = 1;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Create a data directory holding the FICTIONAL demo dataset and print its logins");
  cmd->add_option("--data", o->data, "Data directory to create")->required();
  cmd->add_option("--scale", o->scale, "Multiply the dataset (benchmarks use 100)")
      ->check(CLI::Range(1, 1000));
  cmd->callback([o, &ctx] {
    ::umask(077);
    {
      auto created = Runtime::Initialise(o->data, ctx.database);
      if (!created.ok()) return void(ctx.exit_code = Fail(created.status()));
    }
    // Bulk loading: durability per transaction is not needed for a generated dataset.
    auto rt = Runtime::Open(o->data, ctx.database, /*durable=*/false);
    if (!rt.ok()) return void(ctx.exit_code = Fail(rt.status()));
    std::vector<demo::DemoLogin> logins;
    auto counts = demo::CreateDemoData(*(*rt)->admin, *(*rt)->documentation, *(*rt)->consent,
                                       *(*rt)->cases, *(*rt)->grants, {o->scale, 2026}, logins,
                                       (*rt)->shares.get(), (*rt)->evidence.get());
    if (!counts.ok()) return void(ctx.exit_code = Fail(counts.status()));
    std::cout << "Demo data (FICTIONAL) in " << o->data << ": " << counts->organisations
              << " organisations, " << counts->persons << " persons, " << counts->consents
              << " consents, " << counts->incidents << " incidents, " << counts->acts << " acts, "
              << counts->units << " units, " << counts->testimonies << " testimonies, "
              << counts->cases << " case with " << counts->charges << " charges and "
              << counts->assessments << " element assessments, " << counts->evidence
              << " evidence item, " << counts->grant_funds << " sub-granting fund with "
              << counts->grant_applications << " applications.\nDemo logins:\n";
    for (const auto& l : logins) {
      std::cout << "  " << l.email << "  " << l.password << "  (" << l.role << ", "
                << l.organisation << ")\n";
    }
  });
}

}  // namespace giai::cli

// giai case export: writes the case file for the case's mechanism as an evidence bundle
// directory (service/case_file_bundle.h, docs/CASES.md): manifest.json (giai-bundle/2, committed
// to the ledger), the case file documents (case-file.json, matrix.json, matrix.html, items.json,
// withheld.json), the evidence items' files and proofs, the checkpoint, the log key and
// VERIFY.md. `giai verify OUT` checks it offline.
#include <sys/stat.h>

#include <iostream>

#include "access/policy.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"
#include "service/case_file_bundle.h"

namespace giai::cli {

namespace {

using nlohmann::json;

struct ExportOptions {
  std::string data, case_id, user, purpose, out;
};

int RunExport(const ExportOptions& o) {
  ::umask(077);
  if (o.purpose.empty()) return Fail(InvalidInput("an export needs a purpose", "--purpose"));
  std::error_code ec;
  std::filesystem::path out(o.out);
  // Checked before the export is recorded in the ledger, so a typo records nothing.
  if (std::filesystem::exists(out, ec)) {
    if (!std::filesystem::is_empty(out, ec))
      return Fail(Conflict(o.out + " exists and is not empty"));
    std::filesystem::remove(out, ec);
  }
  auto rt = Runtime::Open(o.data);
  if (!rt.ok()) return Fail(rt.status());
  // The exporting user, as the API would authenticate them.
  Result<access::Principal> who = (*rt)->PrincipalFor(o.user);
  if (!who.ok()) return Fail(who.status());
  Result<service::Bundle> bundle = service::ExportCaseFileBundle(
      *(*rt)->cases, *(*rt)->evidence, *who, {"cli-case-export", o.purpose, ""}, o.case_id);
  if (!bundle.ok()) return Fail(bundle.status());
  Status written = service::WriteBundleDirectory(*(*rt)->evidence, *bundle, out);
  if (!written.ok()) return Fail(written);
  // The case file as written (the bundle's gate may have withheld evidence items too).
  json file;
  for (const service::BundleEntry& e : bundle->entries) {
    if (e.path == "case-file.json") file = json::parse(e.text);
  }
  for (const std::string& id : bundle->report.exported) std::cout << "exported " << id << "\n";
  for (const json& w : file["withheld"]) {
    std::cout << "WITHHELD " << w.value("item_id", "") << ": " << w.value("reason", "") << "\n";
  }
  std::cout << "case file for " << o.case_id << " in " << o.out << ": " << file["charges"].size()
            << " charges, " << file["items"].size() << " items shared, " << file["withheld"].size()
            << " withheld, " << bundle->report.exported.size() << " evidence files (export "
            << bundle->report.export_id << "; giai verify checks it, see VERIFY.md)\n";
  return 0;
}

}  // namespace

void RegisterCaseCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* cmd = app.add_subcommand("case", "Case building")->require_subcommand(1);
  auto o = std::make_shared<ExportOptions>();
  CLI::App* exp = cmd->add_subcommand(
      "export",
      "Write the case file for the case's mechanism as a verifiable bundle: the matrix as HTML "
      "and JSON, the items shared, the items the consent gate withheld with reasons, and the "
      "evidence items' files with their Merkle proofs");
  exp->add_option("--data", o->data, "Data directory")->required();
  exp->add_option("--case", o->case_id, "Case id (cas_...)")->required();
  exp->add_option("--user", o->user, "E-mail of the exporting user (legal role, on the team)")
      ->required();
  exp->add_option("--purpose", o->purpose, "Why (recorded in the audit trail)")->required();
  exp->add_option("--out", o->out, "Directory to create (must not exist or be empty)")->required();
  exp->callback([o, &ctx] { ctx.exit_code = RunExport(*o); });
}

}  // namespace giai::cli

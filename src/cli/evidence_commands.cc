// giai fsck, giai export, giai verify: the operator's evidence integrity commands.
#include <filesystem>
#include <iostream>

#include "bundle/verify_bundle.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"
#include "service/evidence_bundle.h"
#include "service/evidence_checks.h"

namespace giai::cli {

namespace {

int RunFsck(const std::string& data, const std::string& database) {
  auto rt = Runtime::Open(data, database);
  if (!rt.ok()) return Fail(rt.status());
  auto report = service::Fsck(*(*rt)->evidence);
  if (!report.ok()) return Fail(report.status());
  std::cout << "checked " << report->items_checked << " evidence originals ("
            << report->bytes_checked << " bytes), " << report->ledger_leaves << " ledger leaves, "
            << report->checkpoints << " checkpoints, " << report->audit_batches
            << " sealed audit batches (" << report->audit_events << " events)\n";
  if (!report->leaves_by_kind.empty()) {
    std::cout << "ledger leaves by kind:";
    for (const auto& [kind, count] : report->leaves_by_kind)
      std::cout << " " << kind << " " << count;
    std::cout << "\n";
  }
  for (const std::string& p : report->problems) std::cout << "PROBLEM " << p << "\n";
  for (const std::string& b : report->unreferenced_blobs) {
    std::cout << "NOTICE unreferenced blob " << b
              << " (an upload interrupted before it was acknowledged)\n";
  }
  if (!report->problems.empty()) {
    std::cout << report->problems.size() << " problem(s) found\n";
    return ExitCodeFor(Integrity("fsck found problems"));
  }
  std::cout << "all verified\n";
  return 0;
}

struct ExportOptions {
  std::string data, org, out, recipient, purpose, actor = "cli";
  std::vector<std::string> items;
};

int RunExport(const ExportOptions& o, const std::string& database) {
  auto rt = Runtime::Open(o.data, database);
  if (!rt.ok()) return Fail(rt.status());
  // Checked before the export is recorded in the ledger, so a typo records nothing.
  if (std::filesystem::exists(o.out)) {
    return Fail(Conflict(o.out + " exists; choose a new directory"));
  }
  service::ExportRequest request{o.org, o.actor, o.items, o.recipient, o.purpose};
  auto bundle = service::PrepareBundle(*(*rt)->evidence, request);
  if (!bundle.ok()) return Fail(bundle.status());
  Status written = service::WriteBundleDirectory(*(*rt)->evidence, *bundle, o.out);
  if (!written.ok()) return Fail(written);
  const service::ExportReport& report = bundle->report;
  for (const std::string& id : report.exported) std::cout << "exported " << id << "\n";
  for (const auto& [id, reason] : report.withheld) {
    std::cout << "WITHHELD " << id << ": " << reason << "\n";
  }
  std::cout << "bundle written to " << o.out << " (see VERIFY.md inside)\n";
  return 0;
}

int RunVerify(const std::string& dir, const std::string& key) {
  auto report = bundle::VerifyBundle(dir, key);
  if (!report.ok()) return Fail(report.status());
  std::cout << "log " << report->origin << ", checkpoint of " << report->checkpoint_size
            << " leaves\n";
  if (report->key_from_bundle) {
    std::cout << "WARNING: no --key given; the bundle's own log.pub was used. Compare it with "
                 "the key the organisation published.\n";
  }
  std::cout << (report->manifest_verified ? "verified" : "FAILED") << "  manifest.json"
            << (report->manifest_verified ? "" : ": " + report->manifest_reason) << "\n";
  for (const auto& item : report->items) {
    std::cout << (item.verified ? "verified" : "FAILED") << "  " << item.id
              << (item.verified ? "" : ": " + item.reason) << "\n";
  }
  for (const auto& doc : report->documents) {
    std::cout << (doc.verified ? "verified" : "FAILED") << "  " << doc.id
              << (doc.verified ? "" : ": " + doc.reason) << "\n";
  }
  for (const std::string& w : report->withheld) std::cout << "withheld  " << w << "\n";
  if (!report->ok()) return ExitCodeFor(Integrity("bundle does not verify"));
  std::cout << "bundle verified\n";
  return 0;
}

}  // namespace

void RegisterEvidenceCommands(CLI::App& app, CommandContext& ctx) {
  auto data = std::make_shared<std::string>();
  CLI::App* fsck = app.add_subcommand(
      "fsck", "Re-hash every evidence original and audit the whole ledger (read-only)");
  fsck->add_option("--data", *data, "Data directory")->required();
  fsck->callback([data, &ctx] { ctx.exit_code = RunFsck(*data, ctx.database); });

  auto o = std::make_shared<ExportOptions>();
  CLI::App* exp = app.add_subcommand(
      "export", "Write an offline-verifiable evidence bundle for a recipient (consent-gated)");
  exp->add_option("--data", o->data, "Data directory")->required();
  exp->add_option("--org", o->org, "Exporting organisation id")->required();
  exp->add_option("--item", o->items, "Evidence item id (repeatable)")->required();
  exp->add_option("--recipient", o->recipient,
                  "ngo_partner, national_prosecutor, icc, un_mechanism or other (no consent class: "
                  "only items that concern no person)")
      ->required();
  exp->add_option("--purpose", o->purpose, "Why (recorded in custody)")->required();
  exp->add_option("--out", o->out, "New directory for the bundle")->required();
  exp->callback([o, &ctx] { ctx.exit_code = RunExport(*o, ctx.database); });

  auto dir = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  CLI::App* verify = app.add_subcommand(
      "verify", "Verify an evidence bundle or a case file offline, item by item");
  verify->add_option("bundle", *dir, "Bundle directory")->required();
  verify->add_option("--key", *key, "The log's published verifier key (recommended)");
  verify->callback([dir, key, &ctx] { ctx.exit_code = RunVerify(*dir, *key); });
}

}  // namespace giai::cli

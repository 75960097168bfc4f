#include "service/evidence_checks.h"

#include <set>

#include "ledger/leaf.h"
#include "service/audit_seal.h"

namespace giai::service {

namespace {

using nlohmann::json;

Result<std::vector<store::RecordRow>> AllItems(store::Tx& tx, const std::string& org_id) {
  std::vector<store::RecordRow> out;
  store::RecordQuery q;
  q.kind = "evidence";
  q.org_id = org_id;
  q.limit = 1000;
  q.compartments = {};
  while (true) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> page, tx.ListRecords(q));
    if (page.empty()) break;
    q.after_id = page.back().id;
    for (auto& r : page) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<FsckReport> Fsck(EvidenceService& evidence) {
  FsckReport report;
  std::set<std::string> referenced;
  std::vector<store::RecordRow> items;
  GIAI_RETURN_IF_ERROR(evidence.store().Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::OrganisationRow> orgs, tx.ListOrganisations());
    for (const auto& org : orgs) {
      GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows, AllItems(tx, org.id));
      for (auto& r : rows) items.push_back(std::move(r));
    }
    Result<Ledger::AuditReport> audit = evidence.ledger().Audit(tx);
    if (audit.ok()) {
      report.ledger_leaves = audit->leaves;
      report.leaves_by_kind = audit->leaves_by_kind;
      report.checkpoints = audit->checkpoints;
    } else {
      report.problems.push_back("ledger: " + audit.status().message());
    }
    return Status::Ok();
  }));
  for (const store::RecordRow& row : items) {
    json body = json::parse(row.body);
    if (body.contains("blob")) referenced.insert(body["blob"].get<std::string>());
    if (body.value("status", "") != "stored") continue;
    ++report.items_checked;
    const std::string sha = body.value("sha256", "");
    std::optional<crypto::SecretKey> key;
    std::string leaf_data;
    Status st = evidence.store().Read([&](store::Tx& tx) -> Status {
      // The fixity check is the server's own work, over every item.
      GIAI_ASSIGN_OR_RETURN(
          key,
          evidence.keys().OpenObjectKey(
              tx, protect::KeyScope::ForServer(row.org_id, row.compartment_id), row.id, "content"));
      GIAI_ASSIGN_OR_RETURN(auto leaves,
                            tx.LedgerLeaves(body.value("ingest_leaf", std::uint64_t{0}), 1));
      if (!leaves.empty()) leaf_data = leaves[0].data;
      return Status::Ok();
    });
    if (!st.ok()) {
      report.problems.push_back(row.id + ": " + st.message());
      continue;
    }
    Result<ledger::Commitment> leaf = ledger::DecodeLeaf(leaf_data);
    if (!leaf.ok() || leaf->id != row.id || crypto::ToHex(leaf->sha256) != sha) {
      report.problems.push_back(row.id + ": its ledger leaf does not commit to its SHA-256");
    }
    Result<vault::Vault::Fixity> fixity =
        evidence.vault().Rehash(body.value("blob", ""), row.id, *key);
    if (!fixity.ok()) {
      report.problems.push_back(row.id + ": " + fixity.status().message());
      continue;
    }
    report.bytes_checked += fixity->size;
    if (crypto::ToHex(fixity->sha256) != sha || fixity->size != body.value("size", 0ull)) {
      report.problems.push_back(row.id + ": content no longer matches its SHA-256");
    }
  }
  GIAI_ASSIGN_OR_RETURN(AuditSealReport audit,
                        AuditSealer(evidence.store(), evidence.ledger()).Verify());
  report.audit_batches = audit.batches;
  report.audit_events = audit.events;
  for (auto& problem : audit.problems) report.problems.push_back(std::move(problem));
  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> blobs, evidence.vault().ListBlobs());
  for (const std::string& blob : blobs) {
    if (!referenced.count(blob)) {
      report.unreferenced_blobs.push_back(blob);
    }
  }
  return report;
}

}  // namespace giai::service

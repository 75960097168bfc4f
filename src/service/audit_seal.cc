#include "service/audit_seal.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "ledger/leaf.h"

namespace giai::service {

namespace {

using nlohmann::json;

constexpr const char* kBatchKind = "audit_batch";
constexpr int kPage = 1000;
// A batch holds at most this many events, so one transaction stays small after a long outage.
constexpr std::uint64_t kMaxBatchEvents = 100000;

// One event as it is hashed: fixed field order, tab-separated, tabs and newlines inside fields
// escaped so that two different events can never produce the same line.
std::string CanonicalLine(const store::AuditRow& e) {
  std::string line;
  auto add = [&line](const std::string& field) {
    for (char c : field) {
      if (c == '\\' || c == '\t' || c == '\n') {
        line += '\\';
        line += c == '\t' ? 't' : c == '\n' ? 'n' : '\\';
      } else {
        line += c;
      }
    }
    line += '\t';
  };
  for (const std::string* f : {&e.id, &e.at, &e.org_id, &e.user_id, &e.action, &e.record_id,
                               &e.purpose, &e.outcome, &e.request_id}) {
    add(*f);
  }
  line.back() = '\n';
  return line;
}

AuditBatch FromRow(const store::RecordRow& row) {
  json body = json::parse(row.body);
  AuditBatch b;
  b.id = row.id;
  b.org_id = row.org_id;
  b.first_event_id = body.value("first_event_id", "");
  b.last_event_id = body.value("last_event_id", "");
  b.count = body.value("count", std::uint64_t{0});
  b.sha256 = body.value("sha256", "");
  b.leaf = body.value("leaf", std::uint64_t{0});
  return b;
}

Result<std::vector<AuditBatch>> ListBatches(store::Tx& tx, const std::string& org_id) {
  std::vector<AuditBatch> out;
  store::RecordQuery q;
  q.kind = kBatchKind;
  q.org_id = org_id;
  q.limit = kPage;
  while (true) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> page, tx.ListRecords(q));
    if (page.empty()) break;
    q.after_id = page.back().id;
    for (const auto& row : page) out.push_back(FromRow(row));
  }
  return out;
}

// Hashes the events of `org_id` after `after_id`, up to and including `last_id` (or, with an
// empty `last_id`, below `cutoff_id` and at most kMaxBatchEvents of them).
struct Digest {
  std::string first_id, last_id;
  std::uint64_t count = 0;
  std::string sha256;
};
Result<Digest> HashEvents(store::Tx& tx, const std::string& org_id, const std::string& after_id,
                          const std::string& last_id, const std::string& cutoff_id) {
  Digest d;
  crypto::Sha256 sha;
  std::string cursor = after_id;
  bool done = false;
  while (!done) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::AuditRow> page, tx.ListAudit(org_id, cursor, kPage));
    if (page.empty()) break;
    for (const auto& e : page) {
      if (last_id.empty() ? (e.id >= cutoff_id || d.count == kMaxBatchEvents) : e.id > last_id) {
        done = true;
        break;
      }
      if (d.count == 0) d.first_id = e.id;
      d.last_id = e.id;
      ++d.count;
      sha.Update(CanonicalLine(e));
    }
    cursor = page.back().id;
  }
  d.sha256 = crypto::ToHex(sha.Finish());
  return d;
}

}  // namespace

Result<std::vector<AuditBatch>> AuditSealer::SealPending(std::chrono::seconds settle) {
  const std::string cutoff = crypto::IdTimeBound("aud", WallNow() - settle);
  std::vector<store::OrganisationRow> orgs;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(orgs, tx.ListOrganisations());
    return Status::Ok();
  }));
  std::vector<AuditBatch> sealed;
  for (const auto& org : orgs) {
    GIAI_ASSIGN_OR_RETURN(std::vector<AuditBatch> batches, SealOrganisation(org.id, cutoff));
    for (auto& b : batches) sealed.push_back(std::move(b));
  }
  return sealed;
}

Result<std::vector<AuditBatch>> AuditSealer::SealOrganisation(const std::string& org_id,
                                                              const std::string& cutoff_id) {
  std::vector<AuditBatch> sealed;
  while (true) {
    AuditBatch batch;
    GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      batch = AuditBatch{};
      GIAI_ASSIGN_OR_RETURN(std::vector<AuditBatch> previous, ListBatches(tx, org_id));
      const std::string after = previous.empty() ? "" : previous.back().last_event_id;
      GIAI_ASSIGN_OR_RETURN(Digest d, HashEvents(tx, org_id, after, "", cutoff_id));
      if (d.count == 0) return Status::Ok();
      batch.id = crypto::NewId("aub");
      batch.org_id = org_id;
      batch.first_event_id = d.first_id;
      batch.last_event_id = d.last_id;
      batch.count = d.count;
      batch.sha256 = d.sha256;
      GIAI_ASSIGN_OR_RETURN(batch.leaf, ledger_.Commit(tx, ledger::CommitmentKind::kAuditBatch,
                                                       batch.id, batch.sha256));
      store::RecordRow row;
      row.id = batch.id;
      row.kind = kBatchKind;
      row.org_id = org_id;
      row.created_at = row.updated_at = NowRfc3339();
      row.created_by = "system";
      row.body = json{{"first_event_id", batch.first_event_id},
                      {"last_event_id", batch.last_event_id},
                      {"count", batch.count},
                      {"sha256", batch.sha256},
                      {"leaf", batch.leaf}}
                     .dump();
      return tx.InsertRecord(row);
    }));
    if (batch.count == 0) break;
    const bool more = batch.count == kMaxBatchEvents;
    sealed.push_back(std::move(batch));
    if (!more) break;
  }
  return sealed;
}

Result<AuditSealReport> AuditSealer::Verify() {
  AuditSealReport report;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::OrganisationRow> orgs, tx.ListOrganisations());
    for (const auto& org : orgs) {
      GIAI_ASSIGN_OR_RETURN(std::vector<AuditBatch> batches, ListBatches(tx, org.id));
      std::string after;
      for (const AuditBatch& b : batches) {
        ++report.batches;
        report.events += b.count;
        GIAI_ASSIGN_OR_RETURN(Digest d, HashEvents(tx, org.id, after, b.last_event_id, ""));
        if (d.count != b.count || d.sha256 != b.sha256 || d.first_id != b.first_event_id) {
          report.problems.push_back("audit batch " + b.id + " (" + b.first_event_id + " .. " +
                                    b.last_event_id +
                                    "): the audit events differ from what was sealed");
        }
        GIAI_ASSIGN_OR_RETURN(std::vector<store::LedgerLeafRow> leaves, tx.LedgerLeaves(b.leaf, 1));
        Result<ledger::Commitment> leaf = leaves.empty()
                                              ? Result<ledger::Commitment>(NotFound("no leaf"))
                                              : ledger::DecodeLeaf(leaves[0].data);
        if (!leaf.ok() || leaf->kind != ledger::CommitmentKind::kAuditBatch || leaf->id != b.id ||
            crypto::ToHex(leaf->sha256) != b.sha256) {
          report.problems.push_back("audit batch " + b.id +
                                    ": its ledger leaf does not commit to its digest");
        }
        after = b.last_event_id;
      }
    }
    return Status::Ok();
  }));
  return report;
}

}  // namespace giai::service

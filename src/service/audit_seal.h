// Sealing the audit trail into the ledger, in batches: who read which identity, narrative or file,
// and why, becomes tamper-evident like the records themselves (protection requirement 11).
//
// Per organisation, the events not yet sealed (ids are time-ordered) and older than `settle`
// become one batch: a record of kind `audit_batch` (first and last event id, count, digest,
// ledger leaf) and a ledger leaf `audit_batch` committing SHA-256 of the events' canonical lines
// (id, at, org, user, action, record, purpose, outcome, request id; tab-separated, one per line,
// in id order). Only the digest reaches the ledger, never the purposes' free text.
//
// `settle` covers transactions still running when a batch is cut: an event whose transaction
// commits later than `settle` after its id was drawn would land inside a sealed range, and
// Verify reports it like any other change. `giai serve` seals every `audit_seal_seconds` with a
// settle of 60 s, and once more, with nothing left running, when it stops.
//
// Verify recomputes every batch from the audit rows: a changed, removed or inserted event, a
// batch record that disagrees with its ledger leaf, or a gap between batches is a problem named
// by batch. Thread safety: SealPending may run concurrently with requests; two sealers at once
// would only produce two disjoint batches (each reads the previous batch in its transaction).
//
// Example:
//   AuditSealer sealer(store, ledger);
//   GIAI_ASSIGN_OR_RETURN(auto batches, sealer.SealPending(std::chrono::seconds(60)));
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/status.h"
#include "service/ledger_service.h"
#include "store/store.h"

namespace giai::service {

struct AuditBatch {
  std::string id;  // aub_...
  std::string org_id;
  std::string first_event_id, last_event_id;
  std::uint64_t count = 0;
  std::string sha256;  // hex
  std::uint64_t leaf = 0;
};

struct AuditSealReport {
  std::uint64_t batches = 0;
  std::uint64_t events = 0;
  std::vector<std::string> problems;  // empty: every sealed event is as it was sealed
};

class AuditSealer {
 public:
  AuditSealer(store::Store& store, Ledger& ledger) : store_(store), ledger_(ledger) {}

  // Seals, organisation by organisation, the events older than `settle` that no batch covers.
  Result<std::vector<AuditBatch>> SealPending(std::chrono::seconds settle);

  Result<AuditSealReport> Verify();

 private:
  Result<std::vector<AuditBatch>> SealOrganisation(const std::string& org_id,
                                                   const std::string& cutoff_id);
  store::Store& store_;
  Ledger& ledger_;
};

}  // namespace giai::service

// DocumentationService: the use cases of the documentation core — create, read, update and list
// incidents, acts, persons, units and testimonies, and read their protected fields.
//
// Each use case follows the same path (DESIGN.md §3): authorise (access::Allows) -> load and
// check reach (access::CanSee; out of reach is not_found) -> decide (validate against the
// vocabularies and references) -> store (one transaction: record, sealed fields, audit event)
// -> audit. Protected fields never travel in ordinary reads: narratives and identities have
// their own reads, which need a purpose and are audited.
//
// Records travel as JSON in their API shape (docs/API.md). Thread safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/principal.h"
#include "core/vocabulary.h"
#include "protect/identity_vault.h"
#include "protect/key_ring.h"
#include "service/ledger_service.h"
#include "service/record_kinds.h"
#include "store/store.h"

namespace giai::service {

// X-Purpose prefix with which an administrator reads a restricted person's identity or
// testimony to resolve the restriction (e.g. "restriction-review: accuracy dispute 12").
inline constexpr std::string_view kRestrictionReviewPurpose = "restriction-review";

struct ListRequest {
  std::string country;   // ISO 3166-1 alpha-2
  std::string from, to;  // YYYY-MM-DD: records whose EDTF range overlaps [from, to]
  std::string crime;     // crime id (incidents: any of their acts)
  std::string category;  // crime category, e.g. crime_against_humanity
  std::string act_type;  // HURIDOCS code
  bool gender_based = false;
  // Owning organisation: the caller's own, or one whose records reach the caller under shares.
  // Empty: the caller's records and every record shared with the caller's organisation.
  std::string org_id;
  std::string parent_id;  // acts of an incident, testimonies of a person, sub-units of a unit
  // Persons only: blind-index search by name (identity permission; restricted persons are left
  // out; audited as person.search without the query).
  std::string name;
  access::RequestInfo request;  // for the audit of a name search
  std::string cursor;
  int limit = 50;
};

struct Page {
  std::vector<nlohmann::json> items;
  std::string next_cursor;  // empty: no more
};

class DocumentationService {
 public:
  static constexpr int kMaxPageSize = 500;
  static constexpr std::size_t kMaxNarrativeBytes = 1 << 20;

  // With a ledger, every record version is committed to it in the transaction that writes it.
  DocumentationService(store::Store& store, protect::KeyRing& keys,
                       protect::IdentityVault& identities, const Vocabulary& vocabulary,
                       Ledger* ledger = nullptr)
      : store_(store),
        keys_(keys),
        identities_(identities),
        vocabulary_(vocabulary),
        ledger_(ledger) {}

  Result<nlohmann::json> Create(const access::Principal& who, const access::RequestInfo& request,
                                const KindSpec& kind, const nlohmann::json& body);
  // A record of another organisation is read when a share reaches it (service/shared_reach.h):
  // marked with its origin, read-only, logged under the share and audited in both organisations.
  Result<nlohmann::json> Get(const access::Principal& who, const access::RequestInfo& request,
                             const KindSpec& kind, const std::string& id);
  // `patch` is a JSON merge patch (RFC 7396) of the record's API shape. kPreconditionFailed if
  // the record is no longer at `expected_version`.
  Result<nlohmann::json> Update(const access::Principal& who, const access::RequestInfo& request,
                                const KindSpec& kind, const std::string& id,
                                std::int64_t expected_version, const nlohmann::json& patch);
  // Lists merge the caller's records with those shared with their organisation (by id, one
  // cursor); shared ones are marked with their origin and logged once per share and list.
  Result<Page> List(const access::Principal& who, const KindSpec& kind, const ListRequest& list);

  Result<nlohmann::json> ReadNarrative(const access::Principal& who,
                                       const access::RequestInfo& request, const KindSpec& kind,
                                       const std::string& id);
  // Identity reads and testimony narrative reads ask DecideConsent (same transaction) and are
  // refused with consent_denied and the reason, audited as denied.
  Result<nlohmann::json> ReadIdentity(const access::Principal& who,
                                      const access::RequestInfo& request,
                                      const std::string& person_id);

  // Subject access (GDPR Art. 15; subject_access.cc): everything the organisation holds about
  // one person, as one JSON document: their identity, consent and restriction versions,
  // testimonies with their narratives, acts where they are a victim, incidents their
  // testimonies concern, evidence descriptors naming them, and the audit of every access to
  // their records. Nothing identifying about anyone else: other people's ids in acts are
  // replaced, and incident/act narratives (which may name others) are left out. Needs the
  // identity permission and a purpose; audited. Not gated by consent (the person's own right
  // of access); while the person is restricted, only the reviewer the restriction names (whatever
  // their role) may export, everyone else gets consent_denied.
  Result<nlohmann::json> SubjectAccess(const access::Principal& who,
                                       const access::RequestInfo& request,
                                       const std::string& person_id);

 private:
  // Loads a record of `kind` within the caller's reach, or not_found.
  Result<store::RecordRow> LoadVisible(store::Tx& tx, const access::Principal& who,
                                       const KindSpec& kind, const std::string& id);
  Status AuditDenied(const access::Principal& who, const access::RequestInfo& request,
                     const std::string& action, const std::string& id);
  // Adds the blind-index terms of the identity's names to the row (protect/blind_index.h).
  Status AddNameTerms(store::Tx& tx, store::RecordRow& row, const Identity& identity);

  store::Store& store_;
  protect::KeyRing& keys_;
  protect::IdentityVault& identities_;
  const Vocabulary& vocabulary_;
  Ledger* ledger_;
};

}  // namespace giai::service

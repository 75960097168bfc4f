// The rows giai persists, as plain structs shared by every Store back end.
//
// Documentation records (incidents, acts, persons, units, testimonies) share one shape,
// RecordRow: their non-protected fields travel as a JSON `body` (the record's API shape without
// its protected fields), and the columns that lists filter on are lifted out so both back ends can
// index them. Protected fields (identity, narratives) are never in `body`: they are SealedRows,
// ciphertext under a per-object data key (see protect/).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace giai::store {

struct OrganisationRow {
  std::string id;  // org_...
  std::string name;
  std::string kind;  // member, secretariat, partner, subgrantee, mechanism
  std::string created_at;
  std::string wrapped_key;  // the organisation key, wrapped under the master key
};

struct UserRow {
  std::string id;  // usr_...
  std::string org_id;
  std::string email;  // lower-cased
  std::string display_name;
  std::string role;
  std::string password_hash;  // Argon2id; empty: password login disabled
  std::vector<std::string> compartments;
  bool disabled = false;
  std::string created_at;
};

struct CompartmentRow {
  std::string id;  // cmp_...
  std::string org_id;
  std::string name;
};

struct SessionRow {
  std::string token_hash;  // SHA-256 hex of the cookie value
  std::string user_id;
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;
};

struct ApiTokenRow {
  std::string id;          // tok_...
  std::string token_hash;  // SHA-256 hex
  std::string user_id;
  std::string label;
  std::string created_at;
};

// Which table a credential's hash is looked up in.
enum class CredentialKind { kApiToken, kSession };

// The account behind a credential, read in one query on every authenticated request.
struct CredentialHolder {
  UserRow user;            // password_hash left empty: authentication never needs it
  std::string csrf_token;  // sessions only
  std::string expires_at;  // sessions only
};

// Compartment ids come back from GetCredentialHolder joined by ',' (ids never contain one).
inline std::vector<std::string> SplitCompartmentIds(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    const std::size_t comma = std::min(joined.find(','), joined.size());
    out.emplace_back(joined.substr(0, comma));
    joined.remove_prefix(std::min(comma + 1, joined.size()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct RecordRow {
  std::string id;    // inc_..., act_..., per_..., unt_..., tst_...
  std::string kind;  // incident, act, person, unit, testimony
  std::string org_id;
  std::string compartment_id;  // empty: whole organisation
  std::int64_t version = 1;
  std::string created_at, updated_at, created_by;
  std::string body;  // JSON, no protected fields
  // Filter columns.
  std::string country;
  std::optional<std::int64_t> earliest, latest;  // EDTF bounds in days
  std::string parent_id;                         // an act's incident, a testimony's person
  std::vector<std::string>
      terms;  // "crime:ICC-7-1-a", "act_type:...", "gender_based", "person:per_..."
};

struct RecordQuery {
  std::string kind;
  std::string org_id;
  // Compartments the caller belongs to; records in other compartments are not returned.
  std::vector<std::string> compartments;
  std::string country;
  std::optional<std::int64_t> from, to;  // overlap with [earliest, latest]
  std::vector<std::string> terms;        // all must be present on the record...
  bool terms_via_children = false;       // ...or on one of its children (incident <- acts)
  std::string parent_id;
  std::string after_id;  // cursor: records sort by id, ids are time-ordered
  int limit = 50;
  // False: rows come without `terms` (one query per row less, for callers that do not read
  // them, such as the linkage job listing every person).
  bool load_terms = true;
};

struct SealedRow {
  std::string object_id;
  std::string field;  // identity, narrative
  std::int64_t version = 1;
  std::string wrapped_key;  // the data key, wrapped under the organisation key
  std::string ciphertext;
};

struct AuditRow {
  std::string id;  // aud_...
  std::string at;
  std::string org_id;
  std::string user_id;
  std::string action;  // e.g. incident.create, person.identity.read, auth.login
  std::string record_id;
  std::string purpose;
  std::string outcome;  // ok, denied, failed
  std::string request_id;
};

// Remembers the outcome of a POST so a retry returns the same resource instead of a duplicate.
// Only the status and the created resource's path are kept, never the response body: a body can
// hold a narrative, which must not reach the disk in clear.
struct IdempotencyRow {
  std::string user_id;
  std::string key;
  std::string request_hash;  // method + path + body digest: same key, other request -> conflict
  int status = 0;
  std::string location;
  std::string created_at;
};

// One leaf of the transparency log (ledger/leaf.h): the encoded commitment and its RFC 9162
// leaf hash. Leaves never hold personal data, only hashes, codes and pseudonymous ids.
struct LedgerLeafRow {
  std::uint64_t index = 0;
  std::string hash;  // 32 bytes
  std::string data;  // the version-1 leaf encoding
};

// The root of a perfect subtree of the log at (level >= 1, index); see ledger/leaf_store.h.
struct LedgerNodeRow {
  std::uint32_t level = 1;
  std::uint64_t index = 0;
  std::string hash;  // 32 bytes
};

// A signed checkpoint (C2SP signed note) of the log at `size` leaves.
struct CheckpointRow {
  std::uint64_t size = 0;
  std::string note;
  std::string at;
};

// One event in the chain of custody of an evidence item: received, accessed, exported,
// transferred, derived, shredded. Append-only. `details` is JSON of codes and ids (no free text
// beyond the purpose the actor gave).
struct CustodyRow {
  std::string id;  // cus_...
  std::string item_id;
  std::string org_id;
  std::string at;
  std::string event;
  std::string actor_id;
  std::string purpose;
  std::string details;           // JSON object
  std::int64_t leaf_index = -1;  // its commitment in the ledger
  std::string request_id;
};

}  // namespace giai::store

// Shared by the sharing use cases (share_service.cc, share_reads.cc, share_tasks.cc), private to
// service/: the recipient class of an organisation, the persons an item concerns, the per-item
// consent gate, resolving a share's object into items, and rendering shares.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "access/principal.h"
#include "core/consent.h"
#include "store/store.h"

namespace giai::service::internal {

// ngo_partner for every organisation but a mechanism; a mechanism's recorded class (icc,
// un_mechanism, national_prosecutor). invalid_input if a mechanism has no class recorded.
Result<Recipient> RecipientClassOf(store::Tx& tx, const store::OrganisationRow& org);

// The persons whose consent governs sharing `item`: the person itself, a testimony's person,
// an act's victims, the persons an evidence item names. Incidents, units, cases: none.
std::vector<std::string> PersonsOf(const store::RecordRow& item);

// The consent gate for one item: every person it concerns must have a consent that covers
// sharing with `recipient` at `level`. Reads the latest consent in `tx` (no cache).
Result<Decision> GateItem(store::Tx& tx, const store::RecordRow& item, Recipient recipient,
                          IdentityLevel level);

// The records a share's object designates ({type, ids}), within the caller's reach: one record,
// a person's file (the person, their testimonies, the acts they are a victim of, evidence naming
// them), evidence items, or a case (the case, its incidents and acts, and the items its
// assessments rely on). invalid_input naming object.ids for anything out of reach.
Result<std::vector<store::RecordRow>> ResolveObject(store::Tx& tx, const access::Principal& who,
                                                    const nlohmann::json& object);

// A set: the records of the owner organisation (whole-organisation records, never a
// compartment's) that a saved list filter selects now, `query` =
// {collection, country?, from?, to?, crime?, category?, act_type?, gender_based?}; at most
// 1000. Resolved at every read, so the set follows the owner's records; each member is still
// gated one by one. invalid_input naming object.query.* for a bad filter.
Result<std::vector<store::RecordRow>> SetMembers(store::Tx& tx, const std::string& owner_org,
                                                 const nlohmann::json& query);
// Whether a share's object is a set (its items are resolved at read time).
bool IsSet(const nlohmann::json& share_body);

// active, proposed, revoked or expired (expires_at <= now).
std::string ShareState(const nlohmann::json& body, const std::string& now);

// The share's API shape; the recipient's view omits the refused items and the proposer's notes.
nlohmann::json RenderShare(const store::RecordRow& row, bool owner_view, const std::string& now);

// A generic record's API shape (body without internals, plus metadata).
nlohmann::json RenderItem(const store::RecordRow& row);

// An agreement's state on `today` (YYYY-MM-DD): draft, suspended, terminated, or for status
// in_force: not_yet_in_force, in_force or expired (share_agreements.cc).
std::string AgreementState(const nlohmann::json& body, const std::string& today);

// The agreement a share refers to, if it allows the share: `owner_org` and `recipient_org` are
// parties, it is in force today, it covers `scope`, and the share expires no later than the
// agreement's last day. invalid_input naming the field otherwise.
Result<nlohmann::json> AgreementForShare(store::Tx& tx, const std::string& agreement_id,
                                         const std::string& owner_org,
                                         const std::string& recipient_org, const std::string& scope,
                                         const std::string& expires_at);

// Strict RFC 3339 UTC with seconds ("2026-11-28T18:34:08Z") denoting a real instant.
bool IsUtcTimestamp(const std::string& text);

}  // namespace giai::service::internal

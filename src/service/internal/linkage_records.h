// Linkage jobs, review items and person links as record rows, private to service/ (shared by
// linkage_jobs.cc and linkage_links.cc): loading within reach, listing by terms, rendering.
// Review items and links name two persons; a caller sees one only if they can see the row
// (same organisation) and both persons (compartments).
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "access/principal.h"
#include "store/store.h"

namespace giai::service::internal {

inline constexpr std::string_view kJobKind = "linkage_job";
inline constexpr std::string_view kReviewKind = "linkage_review";
inline constexpr std::string_view kLinkKind = "person_link";
// The term of a job that is queued or running (see LinkageService, "Crashes").
inline constexpr std::string_view kOpenJobTerm = "open";

// A record of `kind` owned by the caller's organisation, or not_found (`what` names it).
Result<store::RecordRow> LoadOwn(store::Tx& tx, const access::Principal& who, std::string_view kind,
                                 const std::string& id, const std::string& what);
// A person within the caller's reach, or not_found.
Result<store::RecordRow> LoadPerson(store::Tx& tx, const access::Principal& who,
                                    const std::string& id);
// A person of the caller's organisation within reach, or one another organisation shares with
// the caller's now (cross-organisation links name those); not_found otherwise.
Result<store::RecordRow> LoadReachablePerson(store::Tx& tx, const access::Principal& who,
                                             const std::string& id);
// True if the caller can see every person of the row's body "person_ids" (their own, or
// reached under an active share).
Result<bool> SeesPersons(store::Tx& tx, const access::Principal& who, const store::RecordRow& row);
// Every record of `kind` in `org_id` carrying all `terms` (paged through, in id order).
Result<std::vector<store::RecordRow>> ListAll(store::Tx& tx, std::string_view kind,
                                              const std::string& org_id,
                                              std::vector<std::string> terms);

nlohmann::json RenderJob(const store::RecordRow& row);
nlohmann::json RenderReview(const store::RecordRow& row);
nlohmann::json RenderLink(const store::RecordRow& row);

// A pair of person ids in a canonical order, as links and decisions key them.
std::pair<std::string, std::string> PairOf(const std::string& a, const std::string& b);

}  // namespace giai::service::internal

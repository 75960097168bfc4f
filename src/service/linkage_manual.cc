// Same-person links made by hand, within the organisation or across organisations (see
// linkage_service.h, LinkByHand). Review decisions make links too (linkage_links.cc); both are
// the same kind of record, so clusters, unlinking and estimates treat them alike.
#include <algorithm>

#include "access/policy.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "service/internal/linkage_records.h"
#include "service/linkage_service.h"
#include "service/shared_reach.h"

namespace giai::service {

using nlohmann::json;

Result<std::pair<json, bool>> LinkageService::LinkByHand(const access::Principal& who,
                                                         const access::RequestInfo& request,
                                                         const std::string& person_id,
                                                         const json& body) {
  // Linking is a reviewer's decision ("no link is made without a person"), the same right as
  // deciding on a candidate pair.
  if (!access::AllowsLinkage(who, access::LinkageAction::kReview)) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                     std::string(access::LinkageActionName(access::LinkageAction::kReview)));
  }
  if (request.purpose.empty()) {
    return InvalidInput("linking two persons by hand needs a purpose (X-Purpose header)",
                        "X-Purpose");
  }
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "person_id" && key != "note") return InvalidInput("unknown field", key);
  }
  if (!body.contains("person_id") || !body["person_id"].is_string()) {
    return InvalidInput("is required: the other person's id", "person_id");
  }
  const std::string other = body["person_id"].get<std::string>();
  if (other == person_id) return InvalidInput("a person cannot be linked to themself", "person_id");
  std::string note;
  if (body.contains("note")) {
    if (!body["note"].is_string() || body["note"].get<std::string>().size() > 500) {
      return InvalidInput("must be a string of at most 500 bytes", "note");
    }
    note = body["note"].get<std::string>();
  }
  store::RecordRow link;
  bool created = false;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    created = false;
    // Either person may be the caller's or shared with the caller's organisation (two shared
    // persons: the recipient links what two members documented).
    std::vector<SharedRecord> shared;
    for (const std::string& id : {person_id, other}) {
      Result<store::RecordRow> own = internal::LoadPerson(tx, who, id);
      if (own.ok()) continue;
      if (own.status().code() != Code::kNotFound) return own.status();
      GIAI_ASSIGN_OR_RETURN(auto reached, FindShared(tx, who, "person", id));
      if (!reached) return NotFound("no person " + id);
      shared.push_back(std::move(*reached));
    }
    const auto [a, b] = internal::PairOf(person_id, other);
    GIAI_ASSIGN_OR_RETURN(auto existing,
                          internal::ListAll(tx, internal::kLinkKind, who.org_id,
                                            {"active", "person:" + a, "person:" + b}));
    if (!existing.empty()) {
      link = existing.front();
      return Status::Ok();
    }
    const std::string now = NowRfc3339();
    link = store::RecordRow();
    link.id = crypto::NewId("lnk");
    link.kind = std::string(internal::kLinkKind);
    link.org_id = who.org_id;
    link.created_at = link.updated_at = now;
    link.created_by = who.user_id;
    link.terms = {"active", "person:" + a, "person:" + b};
    std::sort(link.terms.begin(), link.terms.end());
    json stored = {{"person_ids", {person_id, other}},
                   {"relation", "same_person"},
                   {"by_hand", true},
                   {"cross_organisation", !shared.empty()},
                   {"active", true}};
    if (!note.empty()) stored["note"] = note;
    link.body = stored.dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(link));
    GIAI_RETURN_IF_ERROR(
        tx.AppendAudit(access::AuditEvent(who, "person.link.create", link.id, request)));
    for (const SharedRecord& s : shared) {
      GIAI_RETURN_IF_ERROR(
          LogShareAccess(tx, who, request, s.share, "person.link.create", s.row.id));
    }
    created = true;
    return Status::Ok();
  }));
  return std::make_pair(internal::RenderLink(link), created);
}

}  // namespace giai::service

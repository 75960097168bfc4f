// The review queue of linkage jobs, "same person" links and clusters (see linkage_service.h).
#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "access/policy.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "service/internal/linkage_records.h"
#include "service/linkage_service.h"

namespace giai::service {

namespace {

using access::LinkageAction;
using nlohmann::json;

constexpr std::size_t kMaxClusterSize = 1000;
constexpr std::size_t kMaxNoteBytes = 500;

Status ForbiddenTo(const access::Principal& who, LinkageAction action) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::LinkageActionName(action)));
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// A review item within reach (organisation and both persons), or not_found.
Result<store::RecordRow> LoadReview(store::Tx& tx, const access::Principal& who,
                                    const std::string& id) {
  GIAI_ASSIGN_OR_RETURN(store::RecordRow row,
                        internal::LoadOwn(tx, who, internal::kReviewKind, id, "review item"));
  GIAI_ASSIGN_OR_RETURN(bool sees, internal::SeesPersons(tx, who, row));
  if (!sees) return NotFound("no review item " + id);
  return row;
}

// The active link between two persons, if any.
Result<std::optional<store::RecordRow>> ActiveLink(store::Tx& tx, const std::string& org_id,
                                                   const std::string& a, const std::string& b) {
  GIAI_ASSIGN_OR_RETURN(auto rows, internal::ListAll(tx, internal::kLinkKind, org_id,
                                                     {"active", "person:" + a, "person:" + b}));
  if (rows.empty()) return std::optional<store::RecordRow>();
  return std::optional<store::RecordRow>(std::move(rows.front()));
}

}  // namespace

Result<json> LinkageService::ListReviews(const access::Principal& who,
                                         const ReviewListRequest& list) {
  if (!access::AllowsLinkage(who, LinkageAction::kReview)) {
    return ForbiddenTo(who, LinkageAction::kReview);
  }
  if (list.limit < 1 || list.limit > kMaxPageSize) {
    return InvalidInput("must be between 1 and " + std::to_string(kMaxPageSize), "limit");
  }
  const std::string decision = list.decision.empty() ? "pending" : list.decision;
  if (decision != "pending" && decision != "accept" && decision != "reject" &&
      decision != "unsure" && decision != "any") {
    return InvalidInput("must be pending, accept, reject, unsure or any", "decision");
  }
  store::RecordQuery q;
  q.kind = std::string(internal::kReviewKind);
  q.org_id = who.org_id;
  q.parent_id = list.job_id;
  if (decision != "any") q.terms = {"decision:" + decision};
  q.after_id = list.cursor;
  q.limit = list.limit + 1;
  json out = {{"items", json::array()}, {"next_cursor", nullptr}};
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    out["items"] = json::array();
    out["next_cursor"] = nullptr;
    if (!list.job_id.empty()) {
      GIAI_RETURN_IF_ERROR(
          internal::LoadOwn(tx, who, internal::kJobKind, list.job_id, "linkage job").status());
    }
    // Items naming a person outside the caller's compartments are skipped; pages are filled
    // from further rows so that a page is never short while more items exist.
    for (;;) {
      GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows, tx.ListRecords(q));
      const bool more = rows.size() == static_cast<std::size_t>(q.limit);
      for (const store::RecordRow& row : rows) {
        GIAI_ASSIGN_OR_RETURN(bool sees, internal::SeesPersons(tx, who, row));
        if (!sees) continue;
        if (static_cast<int>(out["items"].size()) == list.limit) {
          out["next_cursor"] = out["items"].back()["id"];
          return Status::Ok();
        }
        out["items"].push_back(internal::RenderReview(row));
      }
      if (!more) return Status::Ok();
      q.after_id = rows.back().id;
    }
  }));
  return out;
}

Result<json> LinkageService::GetReview(const access::Principal& who, const std::string& id) {
  if (!access::AllowsLinkage(who, LinkageAction::kReview)) {
    return ForbiddenTo(who, LinkageAction::kReview);
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadReview(tx, who, id));
    return Status::Ok();
  }));
  return internal::RenderReview(row);
}

Result<json> LinkageService::Decide(const access::Principal& who,
                                    const access::RequestInfo& request,
                                    const std::string& review_id, const json& body) {
  if (!access::AllowsLinkage(who, LinkageAction::kReview)) {
    return ForbiddenTo(who, LinkageAction::kReview);
  }
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "decision" && key != "note") return InvalidInput("unknown field", key);
  }
  if (!body.contains("decision") || !body["decision"].is_string()) {
    return InvalidInput("is required: accept, reject or unsure", "decision");
  }
  const std::string decision = body["decision"].get<std::string>();
  if (decision != "accept" && decision != "reject" && decision != "unsure") {
    return InvalidInput("must be accept, reject or unsure", "decision");
  }
  std::string note;
  if (body.contains("note")) {
    if (!body["note"].is_string()) return InvalidInput("must be a string", "note");
    note = body["note"].get<std::string>();
    if (note.size() > kMaxNoteBytes) return InvalidInput("is longer than 500 bytes", "note");
  }
  store::RecordRow row;
  std::optional<store::RecordRow> link;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    link.reset();
    GIAI_ASSIGN_OR_RETURN(row, LoadReview(tx, who, review_id));
    json stored = json::parse(row.body);
    const std::string previous_decision = stored.value("decision", "pending");
    if (previous_decision == "accept" || previous_decision == "reject") {
      return Conflict("this pair was already decided (" + previous_decision +
                      "); to undo an accepted link, unlink it");
    }
    const std::string now = NowRfc3339();
    stored["decision"] = decision;
    stored["decided_by"] = who.user_id;
    stored["decided_at"] = now;
    if (!note.empty()) stored["note"] = note;
    const std::string a = stored["person_ids"][0], b = stored["person_ids"][1];
    if (decision == "accept") {
      GIAI_ASSIGN_OR_RETURN(link, ActiveLink(tx, who.org_id, a, b));
      if (!link) {
        store::RecordRow l;
        l.id = crypto::NewId("lnk");
        l.kind = std::string(internal::kLinkKind);
        l.org_id = who.org_id;
        l.created_at = l.updated_at = now;
        l.created_by = who.user_id;
        l.terms = Sorted({"active", "person:" + a, "person:" + b});
        l.body = json{
            {"person_ids", {a, b}},
            {"relation", "same_person"},
            {"review_id", row.id},
            {"job_id", row.parent_id},
            {"active",
             true}}.dump();
        GIAI_RETURN_IF_ERROR(tx.InsertRecord(l));
        GIAI_RETURN_IF_ERROR(
            tx.AppendAudit(access::AuditEvent(who, "person.link.create", l.id, request)));
        link = std::move(l);
      }
      stored["link_id"] = link->id;
    }
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = now;
    row.body = stored.dump();
    row.terms = Sorted({"decision:" + decision, "person:" + a, "person:" + b});
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    return tx.AppendAudit(access::AuditEvent(who, "linkage.review." + decision, row.id, request));
  }));
  return internal::RenderReview(row);
}

Result<json> LinkageService::ListLinks(const access::Principal& who, const std::string& person_id) {
  if (!access::AllowsLinkage(who, LinkageAction::kReadLinks)) {
    return ForbiddenTo(who, LinkageAction::kReadLinks);
  }
  json out = {{"items", json::array()}, {"next_cursor", nullptr}};
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    out["items"] = json::array();
    GIAI_RETURN_IF_ERROR(internal::LoadReachablePerson(tx, who, person_id).status());
    GIAI_ASSIGN_OR_RETURN(auto rows, internal::ListAll(tx, internal::kLinkKind, who.org_id,
                                                       {"active", "person:" + person_id}));
    for (const store::RecordRow& row : rows) {
      GIAI_ASSIGN_OR_RETURN(bool sees, internal::SeesPersons(tx, who, row));
      if (sees) out["items"].push_back(internal::RenderLink(row));
    }
    return Status::Ok();
  }));
  return out;
}

Result<json> LinkageService::Unlink(const access::Principal& who,
                                    const access::RequestInfo& request,
                                    const std::string& person_id, const std::string& link_id) {
  if (!access::AllowsLinkage(who, LinkageAction::kUnlink)) {
    return ForbiddenTo(who, LinkageAction::kUnlink);
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(internal::LoadReachablePerson(tx, who, person_id).status());
    GIAI_ASSIGN_OR_RETURN(row, internal::LoadOwn(tx, who, internal::kLinkKind, link_id, "link"));
    GIAI_ASSIGN_OR_RETURN(bool sees, internal::SeesPersons(tx, who, row));
    json stored = json::parse(row.body);
    const bool names_person =
        stored["person_ids"][0] == person_id || stored["person_ids"][1] == person_id;
    if (!sees || !names_person || !stored.value("active", false)) {
      return NotFound("no active link " + link_id + " of person " + person_id);
    }
    const std::string now = NowRfc3339();
    stored["active"] = false;
    stored["removed_by"] = who.user_id;
    stored["removed_at"] = now;
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = now;
    row.body = stored.dump();
    std::erase(row.terms, std::string("active"));
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    return tx.AppendAudit(access::AuditEvent(who, "person.link.remove", row.id, request));
  }));
  return internal::RenderLink(row);
}

Result<json> LinkageService::Cluster(const access::Principal& who, const std::string& person_id) {
  if (!access::AllowsLinkage(who, LinkageAction::kReadLinks)) {
    return ForbiddenTo(who, LinkageAction::kReadLinks);
  }
  json out;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(internal::LoadReachablePerson(tx, who, person_id).status());
    // Breadth-first over active links; a person out of reach is neither shown nor crossed.
    std::set<std::string> seen = {person_id};
    std::set<std::string> link_ids;
    std::deque<std::string> frontier = {person_id};
    bool truncated = false;
    while (!frontier.empty()) {
      const std::string current = frontier.front();
      frontier.pop_front();
      GIAI_ASSIGN_OR_RETURN(auto rows, internal::ListAll(tx, internal::kLinkKind, who.org_id,
                                                         {"active", "person:" + current}));
      for (const store::RecordRow& row : rows) {
        GIAI_ASSIGN_OR_RETURN(bool sees, internal::SeesPersons(tx, who, row));
        if (!sees) continue;
        link_ids.insert(row.id);
        const json ids = json::parse(row.body)["person_ids"];  // a local: see CONVENTIONS
        for (const json& id : ids) {
          const std::string other = id.get<std::string>();
          if (seen.count(other)) continue;
          if (seen.size() >= kMaxClusterSize) {
            truncated = true;
            continue;
          }
          seen.insert(other);
          frontier.push_back(other);
        }
      }
    }
    json persons = json::array();
    for (const std::string& id : seen) {
      GIAI_ASSIGN_OR_RETURN(store::RecordRow p, internal::LoadReachablePerson(tx, who, id));
      persons.push_back({{"id", p.id}, {"pseudonym", json::parse(p.body).value("pseudonym", "")}});
    }
    out = {{"person_id", person_id},
           {"persons", persons},
           {"link_ids", json(link_ids)},
           {"truncated", truncated}};
    return Status::Ok();
  }));
  return out;
}

}  // namespace giai::service

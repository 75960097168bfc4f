// EvidenceService, the shared side: items another organisation shared with the caller's, read
// and listed through the ordinary evidence routes, and their content read under a share. What
// is reachable is decided by service/shared_reach.h; this file only renders, merges and logs.
#include <algorithm>

#include "access/policy.h"
#include "service/evidence_service.h"
#include "service/shared_reach.h"

namespace giai::service {

namespace {

using access::Principal;
using access::RequestInfo;
using nlohmann::json;

constexpr std::string_view kKind = "evidence";

}  // namespace

Result<json> EvidenceService::GetShared(const Principal& who, const RequestInfo& request,
                                        const std::string& id) {
  json out;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(std::optional<SharedRecord> shared, FindShared(tx, who, kKind, id));
    if (!shared) return NotFound("no evidence item " + id);
    out = MarkShared(RenderEvidence(shared->row), *shared);
    out.erase("content_url");  // the recipient never uploads
    return LogShareAccess(tx, who, request, shared->share, "evidence.read", id);
  }));
  return out;
}

Result<Page> EvidenceService::ListWithShared(const Principal& who, const RequestInfo& request,
                                             const store::RecordQuery& query,
                                             std::vector<store::RecordRow> own, int limit) {
  Page page;
  auto assemble = [&](store::Tx& tx, const std::vector<SharedRecord>& shared) -> Status {
    page = Page();
    std::vector<std::pair<const store::RecordRow*, const SharedRecord*>> merged;
    for (const store::RecordRow& row : own) merged.emplace_back(&row, nullptr);
    for (const SharedRecord& s : shared) merged.emplace_back(&s.row, &s);
    std::sort(merged.begin(), merged.end(),
              [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
    if (merged.size() > static_cast<std::size_t>(limit)) {
      merged.resize(static_cast<std::size_t>(limit));
      page.next_cursor = merged.back().first->id;
    }
    std::vector<std::string> logged;  // share ids, once each
    for (const auto& [row, shared_record] : merged) {
      if (!shared_record) {
        page.items.push_back(RenderEvidence(*row));
        continue;
      }
      json item = MarkShared(RenderEvidence(*row), *shared_record);
      item.erase("content_url");
      page.items.push_back(std::move(item));
      const std::string& share_id = shared_record->share.id;
      if (std::find(logged.begin(), logged.end(), share_id) != logged.end()) continue;
      logged.push_back(share_id);
      GIAI_RETURN_IF_ERROR(
          LogShareAccess(tx, who, request, shared_record->share, "evidence.list", ""));
    }
    return Status::Ok();
  };
  std::vector<SharedRecord> shared;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(shared, ListShared(tx, who, kKind, query));
    return Status::Ok();
  }));
  if (shared.empty()) {
    GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) { return assemble(tx, shared); }));
    return page;
  }
  // Shared items on the page: decided again and logged in one write transaction.
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(shared, ListShared(tx, who, kKind, query));
    return assemble(tx, shared);
  }));
  return page;
}

Result<std::optional<store::RecordRow>> EvidenceService::LoadSharedContent(
    store::Tx& tx, const Principal& who, const RequestInfo& request, const std::string& id,
    json& details, Status& refusal, store::RecordRow& refused_under) {
  GIAI_ASSIGN_OR_RETURN(std::optional<SharedRecord> shared, FindShared(tx, who, kKind, id));
  if (!shared) return std::optional<store::RecordRow>();
  refusal = SharedContentAllowed(tx, who, *shared);
  if (!refusal.ok()) {
    refused_under = shared->share;
    return std::optional<store::RecordRow>();
  }
  // The owner's custody chain shows who read the file, from which organisation, under which
  // share; the access log and both audit trails show it too.
  details = {{"share_id", shared->share.id}, {"reader_org_id", who.org_id}};
  GIAI_RETURN_IF_ERROR(
      LogShareAccess(tx, who, request, shared->share, "evidence.content.read", id));
  return std::optional<store::RecordRow>(std::move(shared->row));
}

}  // namespace giai::service

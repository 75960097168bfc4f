// The export of a fund's whole file for auditors (OLAF, ECA, EPPO control rights over third
// parties): every grant record of the fund with its state history, and the audit events about
// them — the programme's and, for these records only, the applicant organisations' (whose users'
// actions are audited in their own organisation). Sealed fields are listed by name, never opened:
// an auditor who needs one asks through the purpose-bound read. Attachments are listed by their
// descriptors (SHA-256, size, media type); their files are read through the attachment route, with
// a purpose.
#include <algorithm>
#include <set>
#include <tuple>

#include "core/clock.h"
#include "service/grants_service.h"
#include "service/internal/grant_records.h"

namespace giai::service {

namespace {

using access::GrantAction;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

// `internal_fields`: storage details an auditor has no use for (an attachment's vault location).
json Rendered(const std::vector<store::RecordRow>& rows, std::set<std::string>& ids,
              std::initializer_list<const char*> internal_fields = {}) {
  json out = json::array();
  for (const store::RecordRow& r : rows) {
    ids.insert(r.id);
    json rendered = RenderGrant(r);
    for (const char* field : internal_fields) rendered.erase(field);
    out.push_back(std::move(rendered));
  }
  return out;
}

}  // namespace

Result<json> GrantsService::Export(const P& who, const R& request, const std::string& fund_id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kExport));
  if (request.purpose.empty()) {
    return InvalidInput("an export needs a purpose (X-Purpose header)", "X-Purpose");
  }
  return ExportFund(who, request, fund_id);
}

Result<json> GrantsService::ExportAsOperator(const std::string& fund_id,
                                             const std::string& purpose) {
  if (purpose.empty()) return InvalidInput("an export needs a purpose", "purpose");
  store::RecordRow fund;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(fund, LoadGrant(tx, kFund, fund_id));
    return Status::Ok();
  }));
  access::Principal op;
  op.user_id = "operator";
  op.org_id = fund.org_id;
  op.role = access::Role::kGrants;
  return ExportFund(op, {"cli", purpose, ""}, fund_id);
}

Result<json> GrantsService::ExportFund(const P& who, const R& request, const std::string& fund_id) {
  json out;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund, LoadGrant(tx, kFund, fund_id));
    if (!OwnProgramme(who, fund)) return NotFound("no fund " + fund_id);
    const std::string org = fund.org_id;
    const std::vector<std::string> in_fund = {"fund:" + fund_id};
    std::set<std::string> ids = {fund.id};
    GIAI_ASSIGN_OR_RETURN(auto calls, ListGrants(tx, kCall, org, fund_id));
    GIAI_ASSIGN_OR_RETURN(auto apps, ListGrants(tx, kApplication, org, "", in_fund));
    GIAI_ASSIGN_OR_RETURN(auto decisions, ListGrants(tx, kDecision, org, "", in_fund));
    GIAI_ASSIGN_OR_RETURN(auto agreements, ListGrants(tx, kAgreement, org, "", in_fund));
    std::vector<store::RecordRow> assignments, attachments, tranches, reports;
    for (const store::RecordRow& a : apps) {
      GIAI_ASSIGN_OR_RETURN(auto rows, ListGrants(tx, kAssignment, org, a.id));
      assignments.insert(assignments.end(), rows.begin(), rows.end());
      GIAI_ASSIGN_OR_RETURN(auto files, ListGrants(tx, kAttachment, org, a.id));
      attachments.insert(attachments.end(), files.begin(), files.end());
    }
    for (const store::RecordRow& a : agreements) {
      GIAI_ASSIGN_OR_RETURN(auto t, ListGrants(tx, kTranche, org, a.id));
      tranches.insert(tranches.end(), t.begin(), t.end());
      GIAI_ASSIGN_OR_RETURN(auto r, ListGrants(tx, kReport, org, a.id));
      reports.insert(reports.end(), r.begin(), r.end());
    }
    out = {{"format", "giai-grants-export/1"},
           {"exported_at", NowRfc3339()},
           {"purpose", request.purpose},
           {"fund", RenderGrant(fund)},
           {"calls", Rendered(calls, ids)},
           {"applications", Rendered(apps, ids)},
           {"attachments", Rendered(attachments, ids, {"blob"})},
           {"assignments", Rendered(assignments, ids)},
           {"decisions", Rendered(decisions, ids)},
           {"agreements", Rendered(agreements, ids)},
           {"tranches", Rendered(tranches, ids)},
           {"reports", Rendered(reports, ids)}};
    // The programme's own trail, and the applicant organisations' trails where their users acted
    // on this fund's records (drafts, submissions, withdrawals, uploads, reports, declining an
    // award): those events are written in the acting user's organisation. Only events about the
    // records exported here are taken, nothing else of another organisation's trail.
    std::set<std::string> trails = {org};
    for (const store::RecordRow& a : apps) {
      const std::string applicant = BodyOf(a).value("applicant_org_id", "");
      if (!applicant.empty()) trails.insert(applicant);
    }
    std::vector<store::AuditRow> events;
    for (const std::string& trail : trails) {
      std::string after;
      for (;;) {
        GIAI_ASSIGN_OR_RETURN(std::vector<store::AuditRow> page, tx.ListAudit(trail, after, 500));
        for (store::AuditRow& e : page) {
          if (ids.count(e.record_id)) events.push_back(std::move(e));
        }
        if (page.size() < 500) break;
        after = page.back().id;
      }
    }
    std::sort(events.begin(), events.end(), [](const store::AuditRow& x, const store::AuditRow& y) {
      return std::tie(x.at, x.id) < std::tie(y.at, y.id);
    });
    json audit = json::array();
    for (const store::AuditRow& e : events) {
      audit.push_back({{"id", e.id},
                       {"at", e.at},
                       {"org_id", e.org_id},
                       {"user_id", e.user_id},
                       {"action", e.action},
                       {"record_id", e.record_id},
                       {"purpose", e.purpose},
                       {"outcome", e.outcome}});
    }
    out["audit"] = audit;
    return tx.AppendAudit(access::AuditEvent(who, "grant_fund.export", fund.id, request));
  }));
  return out;
}

}  // namespace giai::service

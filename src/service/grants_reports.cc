// Grantee reports (narrative, financial, structured indicator values), their review, the closure
// of an agreement, and the export of a fund's whole file for auditors.
#include <algorithm>
#include <optional>
#include <set>

#include "core/clock.h"
#include "core/country.h"
#include "grants/rules.h"
#include "service/grants_service.h"
#include "service/internal/grant_records.h"

namespace giai::service {

namespace {

using access::GrantAction;
using access::Role;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

// Indicator values feed the programme's results framework later, so they stay structured:
// {indicator_id, period, value, unit?, disaggregation: {sex: {female, male, other, unknown},
// country: {"UA": n}}}; a disaggregation adds up to the value.
Result<json> ValidateIndicators(const json& list) {
  if (!list.is_array() || list.size() > 500) {
    return InvalidInput("must be a list of at most 500 values", "indicator_values");
  }
  json out = json::array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& v = list[i];
    const std::string f = "indicator_values[" + std::to_string(i) + "]";
    if (!v.is_object()) return InvalidInput("must be an object", f);
    GIAI_RETURN_IF_ERROR(Only(v, {"indicator_id", "period", "value", "unit", "disaggregation"}));
    json item = json::object();
    GIAI_ASSIGN_OR_RETURN(item["indicator_id"],
                          Str(v, "indicator_id", true, 100, f + ".indicator_id"));
    GIAI_ASSIGN_OR_RETURN(item["period"], Str(v, "period", true, 40, f + ".period"));
    GIAI_ASSIGN_OR_RETURN(item["unit"], Str(v, "unit", false, 200, f + ".unit"));
    if (!v.contains("value") || !v["value"].is_number() || v["value"].get<double>() < 0) {
      return InvalidInput("must be a non-negative number", f + ".value");
    }
    item["value"] = v["value"];
    json dis = v.value("disaggregation", json::object());
    if (!dis.is_object()) return InvalidInput("must be an object", f + ".disaggregation");
    GIAI_RETURN_IF_ERROR(Only(dis, {"sex", "country"}));
    for (const char* dim : {"sex", "country"}) {
      if (!dis.contains(dim)) continue;
      const std::string df = f + ".disaggregation." + dim;
      if (!dis[dim].is_object()) return InvalidInput("must map categories to counts", df);
      if (!v["value"].is_number_integer()) {
        return InvalidInput("a disaggregated value is a count (an integer)", f + ".value");
      }
      std::int64_t sum = 0;
      for (const auto& [k, n] : dis[dim].items()) {
        if (std::string(dim) == "sex" && k != "female" && k != "male" && k != "other" &&
            k != "unknown") {
          return InvalidInput("sex is female, male, other or unknown", df);
        }
        if (std::string(dim) == "country" && !IsCountryCode(k)) {
          return InvalidInput("countries are ISO 3166-1 alpha-2", df);
        }
        if (!n.is_number_integer() || n.get<std::int64_t>() < 0) {
          return InvalidInput("counts are non-negative integers", df);
        }
        sum += n.get<std::int64_t>();
      }
      if (sum != v["value"].get<std::int64_t>()) {
        return InvalidInput("adds up to " + std::to_string(sum) + ", not the value", df);
      }
    }
    item["disaggregation"] = dis;
    out.push_back(item);
  }
  return out;
}

// The content of a report version that the grantee writes: period, narrative (returned apart, to
// be sealed), attachments and indicator values. `previous`: the version being corrected, whose
// fields carry over when the correction leaves them out (a resubmission); null for a new report.
Result<json> ValidateReportContent(const json& body, const std::string& type, const json& previous,
                                   std::optional<std::string>& narrative) {
  const bool carry = !previous.is_null();
  json report = json::object();
  if (carry && !body.contains("period")) {
    report["period"] = previous["period"];
  } else {
    GIAI_ASSIGN_OR_RETURN(report["period"], Str(body, "period", true, 40));
  }
  const bool narrative_kept =
      carry && previous.value("_sealed", json::object()).contains("narrative");
  if (body.contains("narrative") || !narrative_kept) {
    GIAI_ASSIGN_OR_RETURN(std::string text,
                          Str(body, "narrative",
                              (type == "narrative" || type == "final") && !narrative_kept, 100000));
    if (!text.empty()) narrative = text;
  }
  if (carry && !body.contains("attachments")) {
    report["attachments"] = previous.value("attachments", json::array());
  } else {
    GIAI_ASSIGN_OR_RETURN(report["attachments"], Strings(body, "attachments", false, 100));
  }
  report["indicator_values"] =
      carry ? previous.value("indicator_values", json::array()) : json::array();
  if (body.contains("indicator_values")) {
    GIAI_ASSIGN_OR_RETURN(report["indicator_values"], ValidateIndicators(body["indicator_values"]));
  }
  if (type == "indicator" && report["indicator_values"].empty()) {
    return InvalidInput("an indicator report carries indicator values", "indicator_values");
  }
  return report;
}

// The expenditure of a financial or final report, in the award currency of the agreement `ag`.
Status CheckExpenditure(const json& body, const std::string& type, const json& ag, json& report) {
  if (body.contains("expenditure")) {
    GIAI_ASSIGN_OR_RETURN(grants::Money spent, MoneyField(body, "expenditure", "expenditure"));
    if (spent.currency != ag["award"]["currency"]) {
      return InvalidInput("must be in the award currency", "expenditure.currency");
    }
    report["expenditure"] = MoneyJson(spent);
  } else if ((type == "financial" || type == "final") && !report.contains("expenditure")) {
    return InvalidInput("is required in a financial or final report", "expenditure");
  }
  return Status::Ok();
}

}  // namespace

Result<json> GrantsService::SubmitReport(const P& who, const R& request,
                                         const std::string& agreement_id, const json& body) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  }
  GIAI_RETURN_IF_ERROR(Only(body, {"type", "tranche_id", "period", "narrative", "expenditure",
                                   "indicator_values", "attachments"}));
  GIAI_ASSIGN_OR_RETURN(std::string type, Str(body, "type", true, 20));
  if (type != "narrative" && type != "financial" && type != "indicator" && type != "final") {
    return InvalidInput("must be narrative, financial, indicator or final", "type");
  }
  GIAI_ASSIGN_OR_RETURN(std::string tranche_id, Str(body, "tranche_id", false, 100));
  std::optional<std::string> narrative;
  GIAI_ASSIGN_OR_RETURN(json report, ValidateReportContent(body, type, json(), narrative));
  report["type"] = type;
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow ag_row, LoadAgreementFor(tx, who, agreement_id));
    json ag = BodyOf(ag_row);
    if (StateOf(ag) != "signed") return Conflict("reports are submitted under a signed agreement");
    GIAI_RETURN_IF_ERROR(CheckExpenditure(body, type, ag, report));
    row = NewGrantRow(kReport, who, ag_row.org_id);
    row.parent_id = ag_row.id;
    row.terms = {"agreement:" + ag_row.id,
                 "applicant:" + ag["applicant_org_id"].get<std::string>()};
    if (!tranche_id.empty()) {
      Result<store::RecordRow> t = LoadGrant(tx, kTranche, tranche_id);
      if (!t.ok() || t->parent_id != ag_row.id) {
        return InvalidInput("is not a tranche of this agreement", "tranche_id");
      }
      row.terms.push_back("tranche:" + tranche_id);
    }
    report["tranche_id"] = tranche_id.empty() ? json() : json(tranche_id);
    report["agreement_id"] = ag_row.id;
    report["application_id"] = ag["application_id"];
    report["applicant_org_id"] = ag["applicant_org_id"];
    report["state"] = "submitted";
    report["report_version"] = 1;
    report["versions"] = json::array();
    report["history"] =
        json::array({{{"state", "submitted"}, {"at", NowRfc3339()}, {"by", who.user_id}}});
    if (narrative) {
      GIAI_RETURN_IF_ERROR(SealGrantField(keys_, tx, row, 1, report, "narrative", *narrative));
    }
    GIAI_RETURN_IF_ERROR(InsertGrant(tx, row, report));
    return tx.AppendAudit(access::AuditEvent(who, "grant_report.submit", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::ListReports(const P& who, const std::string& agreement_id) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  }
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow a, LoadAgreementFor(tx, who, agreement_id));
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows,
                          ListGrants(tx, kReport, a.org_id, a.id));
    for (const store::RecordRow& r : rows) items.push_back(RenderGrant(r));
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> GrantsService::ReviewReport(const P& who, const R& request, const std::string& id,
                                         const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"outcome", "comment"}));
  GIAI_ASSIGN_OR_RETURN(std::string outcome, Str(body, "outcome", true, 20));
  if (outcome != "approved" && outcome != "changes_requested") {
    return InvalidInput("must be approved or changes_requested", "outcome");
  }
  GIAI_ASSIGN_OR_RETURN(std::string comment, Str(body, "comment", outcome != "approved", 8000));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kReport, id));
    if (!OwnProgramme(who, row)) return NotFound("no report " + id);
    json r = BodyOf(row);
    GIAI_RETURN_IF_ERROR(MoveState(r, grants::Machine::kReport, outcome, who));
    r["review"] = {
        {"outcome", outcome}, {"comment", comment}, {"at", NowRfc3339()}, {"by", who.user_id}};
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, r));
    return tx.AppendAudit(access::AuditEvent(who, "grant_report." + outcome, row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::ResubmitReport(const P& who, const R& request, const std::string& id,
                                           const json& body) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  }
  // The type and the tranche a report answers for are fixed: a correction is of the same report.
  GIAI_RETURN_IF_ERROR(
      Only(body, {"period", "narrative", "expenditure", "indicator_values", "attachments"}));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kReport, id));
    json previous = BodyOf(row);
    const bool reach =
        (who.role == Role::kGrants && OwnProgramme(who, row)) ||
        (who.role == Role::kApplicant && previous.value("applicant_org_id", "") == who.org_id);
    if (!reach) return NotFound("no report " + id);
    GIAI_ASSIGN_OR_RETURN(store::RecordRow ag_row, LoadAgreementFor(tx, who, row.parent_id));
    json ag = BodyOf(ag_row);
    if (StateOf(ag) != "signed") return Conflict("reports are submitted under a signed agreement");
    const std::string type = previous["type"];
    std::optional<std::string> narrative;
    GIAI_ASSIGN_OR_RETURN(json content, ValidateReportContent(body, type, previous, narrative));
    if (previous.contains("expenditure")) content["expenditure"] = previous["expenditure"];
    GIAI_RETURN_IF_ERROR(CheckExpenditure(body, type, ag, content));
    json r = previous;
    // Only a report sent back for changes is resubmitted (changes_requested -> submitted).
    GIAI_RETURN_IF_ERROR(MoveState(r, grants::Machine::kReport, "submitted", who));
    // The version sent back stays in the file as it was, with the review that sent it back; its
    // sealed narrative is kept under its own name, the new one takes "narrative".
    const int version = previous.value("report_version", 1);
    json kept = {{"report_version", version},
                 {"period", previous["period"]},
                 {"attachments", previous.value("attachments", json::array())},
                 {"indicator_values", previous.value("indicator_values", json::array())},
                 {"review", previous.value("review", json())}};
    if (previous.contains("expenditure")) kept["expenditure"] = previous["expenditure"];
    for (const json& h : previous["history"]) {
      if (h["state"] != "submitted") continue;
      kept["submitted_at"] = h["at"];
      kept["submitted_by"] = h["by"];
    }
    const std::int64_t next = row.version + 1;
    if (narrative) {
      GIAI_ASSIGN_OR_RETURN(std::optional<std::string> old,
                            OpenGrantField(keys_, tx, row, "narrative"));
      if (old) {
        const std::string name = "narrative_v" + std::to_string(version);
        GIAI_RETURN_IF_ERROR(SealGrantField(keys_, tx, row, next, r, name, *old));
        kept["narrative_field"] = name;
      }
      GIAI_RETURN_IF_ERROR(SealGrantField(keys_, tx, row, next, r, "narrative", *narrative));
    } else if (previous.value("_sealed", json::object()).contains("narrative")) {
      kept["narrative_field"] = "narrative";  // unchanged: the current narrative is this one's
    }
    if (!r.contains("versions")) r["versions"] = json::array();
    r["versions"].push_back(kept);
    r["report_version"] = version + 1;
    for (const char* f : {"period", "attachments", "indicator_values", "expenditure"}) {
      if (content.contains(f)) r[f] = content[f];
    }
    r.erase("review");
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, r));
    return tx.AppendAudit(access::AuditEvent(who, "grant_report.resubmit", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::Close(const P& who, const R& request, const std::string& agreement_id,
                                  const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"settlement", "notes"}));
  GIAI_ASSIGN_OR_RETURN(std::string notes, Str(body, "notes", false, 8000));
  json settlement = body.value("settlement", json::object());
  if (!settlement.is_object()) return InvalidInput("must be {kind, amount}", "settlement");
  GIAI_ASSIGN_OR_RETURN(std::string kind, Str(settlement, "kind", true, 20, "settlement.kind"));
  if (kind != "balance" && kind != "recovery" && kind != "none") {
    return InvalidInput("must be balance, recovery or none", "settlement.kind");
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadAgreementFor(tx, who, agreement_id));
    json ag = BodyOf(row);
    if (StateOf(ag) != "signed") return Conflict("only a signed agreement is closed");
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> reports,
                          ListGrants(tx, kReport, row.org_id, row.id));
    bool final_approved =
        std::any_of(reports.begin(), reports.end(), [](const store::RecordRow& r) {
          json b = BodyOf(r);
          return b["type"] == "final" && StateOf(b) == "approved";
        });
    if (!final_approved) {
      return Status(Code::kConflict, "closure needs an approved final report", "final_report");
    }
    // Paid so far, in the award currency; unpaid tranches are cancelled by the closure.
    GIAI_ASSIGN_OR_RETURN(grants::Money award, MoneyField(ag, "award", "award"));
    grants::Money paid{0, award.currency};
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> tranches,
                          ListGrants(tx, kTranche, row.org_id, row.id));
    for (store::RecordRow& t : tranches) {
      json tb = BodyOf(t);
      if (StateOf(tb) == "paid") {
        GIAI_ASSIGN_OR_RETURN(grants::Money m, MoneyField(tb, "amount", "amount"));
        paid.minor += m.minor;
      } else if (StateOf(tb) == "planned") {
        GIAI_RETURN_IF_ERROR(MoveState(tb, grants::Machine::kTranche, "cancelled", who));
        GIAI_RETURN_IF_ERROR(SaveGrant(tx, t, tb));
      }
    }
    json closure = {
        {"kind", kind}, {"paid", MoneyJson(paid)}, {"notes", notes}, {"closed_at", NowRfc3339()}};
    if (kind != "none") {
      GIAI_ASSIGN_OR_RETURN(grants::Money m, MoneyField(settlement, "amount", "settlement.amount"));
      if (m.currency != award.currency) {
        return InvalidInput("must be in the award currency", "settlement.amount.currency");
      }
      const std::int64_t limit = kind == "balance" ? award.minor - paid.minor : paid.minor;
      if (m.minor <= 0 || m.minor > limit) {
        return InvalidInput(kind == "balance" ? "a balance is at most the unpaid part of the award"
                                              : "a recovery is at most what was paid",
                            "settlement.amount.amount");
      }
      closure["amount"] = MoneyJson(m);
    }
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund,
                          LoadGrant(tx, kFund, ag["fund_id"].get<std::string>()));
    const std::string today = NowRfc3339().substr(0, 10);
    const int years = BodyOf(fund).value("retention_years", 10);
    closure["retain_until"] =
        std::to_string(std::stoi(today.substr(0, 4)) + years) + today.substr(4);
    ag["closure"] = closure;
    GIAI_RETURN_IF_ERROR(MoveState(ag, grants::Machine::kAgreement, "closed", who));
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app,
                          LoadGrant(tx, kApplication, ag["application_id"].get<std::string>()));
    json ab = BodyOf(app);
    GIAI_RETURN_IF_ERROR(MoveState(ab, grants::Machine::kApplication, "closed", who));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, app, ab));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, ag));
    return tx.AppendAudit(access::AuditEvent(who, "grant_agreement.close", row.id, request));
  }));
  return RenderGrant(row);
}

}  // namespace giai::service

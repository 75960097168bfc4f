// Pre-award due diligence, the sub-grant agreement and its amendments, and the tranches of the
// payment schedule: each tranche after the first is paid only once its linked reports are
// approved.
#include <algorithm>

#include "core/clock.h"
#include "grants/rules.h"
#include "service/grants_service.h"
#include "service/internal/grant_records.h"

namespace giai::service {

namespace {

using access::GrantAction;
using access::Role;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

constexpr std::string_view kReportTypes[] = {"narrative", "financial", "indicator"};

bool IsReportType(const std::string& t) {
  return std::find(std::begin(kReportTypes), std::end(kReportTypes), t) != std::end(kReportTypes);
}

Result<std::string> Risk(const json& dd, const char* name) {
  GIAI_ASSIGN_OR_RETURN(std::string r,
                        Str(dd, name, false, 10, std::string("due_diligence.") + name));
  if (!r.empty() && r != "low" && r != "medium" && r != "high") {
    return InvalidInput("must be low, medium or high", std::string("due_diligence.") + name);
  }
  return r;
}

// The due-diligence checklist without the bank details (which are sealed apart).
Result<json> ValidateDueDiligence(const json& dd) {
  if (!dd.is_object()) return InvalidInput("must be an object", "due_diligence");
  GIAI_RETURN_IF_ERROR(
      Only(dd, {"legal_status", "alternative_justification", "bank_details", "safeguarding_policy",
                "data_protection_risk", "security_risk", "capacity_notes"}));
  json out = json::object();
  GIAI_ASSIGN_OR_RETURN(std::string legal,
                        Str(dd, "legal_status", false, 20, "due_diligence.legal_status"));
  if (!legal.empty() && legal != "registered" && legal != "unregistered") {
    return InvalidInput("must be registered or unregistered", "due_diligence.legal_status");
  }
  out["legal_status"] = legal;
  // Registration can be unsafe for human-rights groups: a risk-based alternative is recorded.
  GIAI_ASSIGN_OR_RETURN(out["alternative_justification"],
                        Str(dd, "alternative_justification", legal == "unregistered", 8000,
                            "due_diligence.alternative_justification"));
  if (dd.contains("safeguarding_policy") && !dd["safeguarding_policy"].is_boolean()) {
    return InvalidInput("must be true or false", "due_diligence.safeguarding_policy");
  }
  out["safeguarding_policy"] = dd.value("safeguarding_policy", false);
  GIAI_ASSIGN_OR_RETURN(out["data_protection_risk"], Risk(dd, "data_protection_risk"));
  GIAI_ASSIGN_OR_RETURN(out["security_risk"], Risk(dd, "security_risk"));
  GIAI_ASSIGN_OR_RETURN(out["capacity_notes"],
                        Str(dd, "capacity_notes", false, 8000, "due_diligence.capacity_notes"));
  if (dd.contains("bank_details") && !dd["bank_details"].is_object()) {
    return InvalidInput("must be an object", "due_diligence.bank_details");
  }
  return out;
}

// What is still missing before signature; empty when complete.
std::string MissingDueDiligence(const json& dd) {
  if (dd.value("legal_status", "").empty()) return "legal_status";
  if (!dd.value("bank_details_recorded", false)) return "bank_details";
  if (!dd.value("safeguarding_policy", false)) return "safeguarding_policy";
  if (dd.value("data_protection_risk", "").empty()) return "data_protection_risk";
  if (dd.value("security_risk", "").empty()) return "security_risk";
  return "";
}

}  // namespace

Result<store::RecordRow> GrantsService::LoadAgreementFor(store::Tx& tx, const P& who,
                                                         const std::string& id) {
  GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadGrant(tx, kAgreement, id));
  const bool reach =
      (who.role == Role::kGrants && OwnProgramme(who, row)) ||
      (who.role == Role::kApplicant && BodyOf(row).value("applicant_org_id", "") == who.org_id);
  if (!reach) return NotFound("no agreement " + id);
  return row;
}

Result<json> GrantsService::CreateAgreement(const P& who, const R& request,
                                            const std::string& application_id, const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(
      Only(body, {"due_diligence", "template_version", "starts_on", "ends_on", "tranches"}));
  GIAI_ASSIGN_OR_RETURN(json dd, ValidateDueDiligence(body.value("due_diligence", json::object())));
  json agreement = json::object();
  GIAI_ASSIGN_OR_RETURN(agreement["template_version"], Str(body, "template_version", true, 50));
  for (const char* f : {"starts_on", "ends_on"}) {
    GIAI_ASSIGN_OR_RETURN(std::string d, Str(body, f, true, 10));
    if (!IsIsoDay(d)) return InvalidInput("must be YYYY-MM-DD", f);
    agreement[f] = d;
  }
  if (agreement["ends_on"].get<std::string>() <= agreement["starts_on"].get<std::string>()) {
    return InvalidInput("must be after starts_on", "ends_on");
  }
  if (!body.contains("tranches") || !body["tranches"].is_array() || body["tranches"].empty() ||
      body["tranches"].size() > 24) {
    return InvalidInput("must be a list of 1 to 24 tranches", "tranches");
  }
  std::vector<store::RecordRow> tranche_rows;
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app, LoadApplicationFor(tx, who, application_id, false));
    json a = BodyOf(app);
    if (StateOf(a) != "awarded") return Conflict("only an awarded application gets an agreement");
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> existing,
                          ListGrants(tx, kAgreement, app.org_id, app.id));
    if (!existing.empty()) return Conflict("the application has an agreement: " + existing[0].id);
    GIAI_ASSIGN_OR_RETURN(grants::Money award, MoneyField(a["award"], "amount", "award.amount"));
    // The schedule: amounts in the award currency adding up to the award; the first tranche is
    // the pre-financing, every later one is gated by at least one report.
    std::int64_t sum = 0;
    json tranches = json::array();
    for (std::size_t i = 0; i < body["tranches"].size(); ++i) {
      const json& t = body["tranches"][i];
      const std::string f = "tranches[" + std::to_string(i) + "]";
      if (!t.is_object()) return InvalidInput("must be an object", f);
      GIAI_RETURN_IF_ERROR(Only(t, {"planned_date", "amount", "required_reports"}));
      GIAI_ASSIGN_OR_RETURN(std::string planned,
                            Str(t, "planned_date", true, 10, f + ".planned_date"));
      if (!IsIsoDay(planned)) return InvalidInput("must be YYYY-MM-DD", f + ".planned_date");
      GIAI_ASSIGN_OR_RETURN(grants::Money m, MoneyField(t, "amount", f + ".amount"));
      if (m.currency != award.currency) {
        return InvalidInput("must be in the award currency " + award.currency,
                            f + ".amount.currency");
      }
      if (m.minor <= 0) return InvalidInput("must be positive", f + ".amount.amount");
      sum += m.minor;
      GIAI_ASSIGN_OR_RETURN(std::vector<std::string> reports,
                            Strings(t, "required_reports", false, 3));
      for (const std::string& r : reports) {
        if (!IsReportType(r)) {
          return InvalidInput("must be narrative, financial or indicator", f + ".required_reports");
        }
      }
      if (i == 0 && !reports.empty()) {
        return InvalidInput("the first tranche (pre-financing) needs no report",
                            f + ".required_reports");
      }
      if (i > 0 && reports.empty()) {
        return InvalidInput("a tranche after the first is gated by at least one report",
                            f + ".required_reports");
      }
      tranches.push_back(
          {{"planned_date", planned}, {"amount", MoneyJson(m)}, {"required_reports", reports}});
    }
    if (sum != award.minor) {
      return InvalidInput("the tranches add up to " + grants::FormatAmount({sum, award.currency}) +
                              ", not the award of " + grants::FormatAmount(award),
                          "tranches");
    }
    row = NewGrantRow(kAgreement, who, app.org_id);
    row.parent_id = app.id;
    const std::string applicant = a["applicant_org_id"];
    row.terms = {"applicant:" + applicant, "application:" + app.id,
                 "fund:" + a["fund_id"].get<std::string>()};
    agreement["application_id"] = app.id;
    agreement["call_id"] = a["call_id"];
    agreement["fund_id"] = a["fund_id"];
    agreement["applicant_org_id"] = applicant;
    agreement["award"] = a["award"]["amount"];
    agreement["agreement_version"] = 1;
    agreement["amendments"] = json::array();
    agreement["state"] = "draft";
    agreement["history"] =
        json::array({{{"state", "draft"}, {"at", NowRfc3339()}, {"by", who.user_id}}});
    const json& in_dd = body.value("due_diligence", json::object());
    dd["bank_details_recorded"] = in_dd.contains("bank_details");
    agreement["due_diligence"] = dd;
    if (in_dd.contains("bank_details")) {
      GIAI_RETURN_IF_ERROR(SealGrantField(keys_, tx, row, 1, agreement, "bank_details",
                                          in_dd["bank_details"].dump()));
    }
    GIAI_RETURN_IF_ERROR(InsertGrant(tx, row, agreement));
    for (std::size_t i = 0; i < tranches.size(); ++i) {
      store::RecordRow t = NewGrantRow(kTranche, who, app.org_id);
      t.parent_id = row.id;
      t.terms = {"agreement:" + row.id, "applicant:" + applicant};
      json tb = tranches[i];
      tb["agreement_id"] = row.id;
      tb["sequence"] = i + 1;
      tb["state"] = "planned";
      tb["history"] =
          json::array({{{"state", "planned"}, {"at", NowRfc3339()}, {"by", who.user_id}}});
      GIAI_RETURN_IF_ERROR(InsertGrant(tx, t, tb));
    }
    return tx.AppendAudit(access::AuditEvent(who, "grant_agreement.create", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::GetAgreement(const P& who, const std::string& id) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadAgreementFor(tx, who, id));
    return Status::Ok();
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::UpdateDueDiligence(const P& who, const R& request,
                                               const std::string& id, const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(ValidateDueDiligence(body).status());
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadAgreementFor(tx, who, id));
    json a = BodyOf(row);
    if (StateOf(a) != "draft") return Conflict("due diligence is completed before signature");
    json merged = a["due_diligence"];
    merged.erase("bank_details_recorded");
    for (const auto& [k, v] : body.items()) {
      if (k != "bank_details") merged[k] = v;
    }
    GIAI_ASSIGN_OR_RETURN(json dd, ValidateDueDiligence(merged));
    dd["bank_details_recorded"] =
        a["due_diligence"].value("bank_details_recorded", false) || body.contains("bank_details");
    a["due_diligence"] = dd;
    if (body.contains("bank_details")) {
      GIAI_RETURN_IF_ERROR(SealGrantField(keys_, tx, row, row.version + 1, a, "bank_details",
                                          body["bank_details"].dump()));
    }
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, a));
    return tx.AppendAudit(
        access::AuditEvent(who, "grant_agreement.due_diligence", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::SignAgreement(const P& who, const R& request, const std::string& id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadAgreementFor(tx, who, id));
    json a = BodyOf(row);
    std::string missing = MissingDueDiligence(a["due_diligence"]);
    if (!missing.empty()) {
      return Status(Code::kConflict, "the pre-award due diligence is incomplete",
                    "due_diligence." + missing);
    }
    GIAI_RETURN_IF_ERROR(MoveState(a, grants::Machine::kAgreement, "signed", who));
    a["signed_at"] = NowRfc3339();
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app,
                          LoadGrant(tx, kApplication, a["application_id"].get<std::string>()));
    json ab = BodyOf(app);
    GIAI_RETURN_IF_ERROR(MoveState(ab, grants::Machine::kApplication, "contracted", who));
    ab["agreement_id"] = row.id;
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, app, ab));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, a));
    return tx.AppendAudit(access::AuditEvent(who, "grant_agreement.sign", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::AmendAgreement(const P& who, const R& request, const std::string& id,
                                           const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"summary", "ends_on"}));
  GIAI_ASSIGN_OR_RETURN(std::string summary, Str(body, "summary", true, 8000));
  GIAI_ASSIGN_OR_RETURN(std::string ends_on, Str(body, "ends_on", false, 10));
  if (!ends_on.empty() && !IsIsoDay(ends_on)) return InvalidInput("must be YYYY-MM-DD", "ends_on");
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadAgreementFor(tx, who, id));
    json a = BodyOf(row);
    if (StateOf(a) != "signed") return Conflict("only a signed agreement is amended");
    const int version = a["agreement_version"].get<int>() + 1;
    json amendment = {{"agreement_version", version},
                      {"summary", summary},
                      {"at", NowRfc3339()},
                      {"by", who.user_id}};
    if (!ends_on.empty()) {
      if (ends_on <= a["starts_on"].get<std::string>()) {
        return InvalidInput("must be after starts_on", "ends_on");
      }
      amendment["ends_on"] = {{"from", a["ends_on"]}, {"to", ends_on}};
      a["ends_on"] = ends_on;
    }
    a["agreement_version"] = version;
    a["amendments"].push_back(amendment);
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, a));
    return tx.AppendAudit(access::AuditEvent(who, "grant_agreement.amend", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::ReadBankDetails(const P& who, const R& request, const std::string& id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  if (request.purpose.empty()) {
    return InvalidInput("reading bank details needs a purpose (X-Purpose header)", "X-Purpose");
  }
  json out;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadAgreementFor(tx, who, id));
    GIAI_ASSIGN_OR_RETURN(std::optional<std::string> text,
                          OpenGrantField(keys_, tx, row, "bank_details"));
    out = {{"id", row.id}, {"bank_details", text ? json::parse(*text) : json()}};
    return tx.AppendAudit(
        access::AuditEvent(who, "grant_agreement.bank_details.read", row.id, request));
  }));
  return out;
}

Result<json> GrantsService::ListTranches(const P& who, const std::string& agreement_id) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  }
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow a, LoadAgreementFor(tx, who, agreement_id));
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows,
                          ListGrants(tx, kTranche, a.org_id, a.id));
    std::sort(rows.begin(), rows.end(), [](const store::RecordRow& x, const store::RecordRow& y) {
      return BodyOf(x)["sequence"].get<int>() < BodyOf(y)["sequence"].get<int>();
    });
    for (const store::RecordRow& r : rows) items.push_back(RenderGrant(r));
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> GrantsService::PayTranche(const P& who, const R& request, const std::string& id,
                                       const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"paid_on", "fx_rate", "reference"}));
  GIAI_ASSIGN_OR_RETURN(std::string paid_on, Str(body, "paid_on", true, 10));
  if (!IsIsoDay(paid_on)) return InvalidInput("must be YYYY-MM-DD", "paid_on");
  GIAI_ASSIGN_OR_RETURN(std::string rate_text, Str(body, "fx_rate", true, 30));
  GIAI_ASSIGN_OR_RETURN(std::int64_t rate, grants::ParseRate(rate_text));
  GIAI_ASSIGN_OR_RETURN(std::string reference, Str(body, "reference", false, 200));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kTranche, id));
    if (!OwnProgramme(who, row)) return NotFound("no tranche " + id);
    json t = BodyOf(row);
    GIAI_ASSIGN_OR_RETURN(store::RecordRow agreement,
                          LoadGrant(tx, kAgreement, t["agreement_id"].get<std::string>()));
    json ag = BodyOf(agreement);
    if (StateOf(ag) != "signed") return Conflict("tranches are paid under a signed agreement");
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> siblings,
                          ListGrants(tx, kTranche, agreement.org_id, agreement.id));
    for (const store::RecordRow& s : siblings) {
      json sb = BodyOf(s);
      if (sb["sequence"] < t["sequence"] && StateOf(sb) == "planned") {
        return Status(Code::kConflict, "tranche " + sb["sequence"].dump() + " is not paid yet",
                      "sequence");
      }
    }
    // The gate: every report this tranche requires, approved and linked to it.
    GIAI_ASSIGN_OR_RETURN(
        std::vector<store::RecordRow> reports,
        ListGrants(tx, kReport, agreement.org_id, agreement.id, {"tranche:" + id}));
    std::string missing;
    for (const json& type : t["required_reports"]) {
      bool approved = std::any_of(reports.begin(), reports.end(), [&](const store::RecordRow& r) {
        json rb = BodyOf(r);
        return rb["type"] == type && StateOf(rb) == "approved";
      });
      if (!approved) missing += (missing.empty() ? "" : ", ") + type.get<std::string>();
    }
    if (!missing.empty()) {
      return Status(Code::kConflict,
                    "this tranche is paid once its reports are approved; still missing: " + missing,
                    "required_reports");
    }
    GIAI_ASSIGN_OR_RETURN(grants::Money amount, MoneyField(t, "amount", "amount"));
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund,
                          LoadGrant(tx, kFund, ag["fund_id"].get<std::string>()));
    GIAI_ASSIGN_OR_RETURN(
        grants::Money in_fund,
        grants::Convert(amount, BodyOf(fund)["currency"].get<std::string>(), rate));
    GIAI_RETURN_IF_ERROR(MoveState(t, grants::Machine::kTranche, "paid", who));
    t["payment"] = {{"paid_on", paid_on},
                    {"fx_rate", grants::FormatRate(rate)},
                    {"amount_in_fund_currency", MoneyJson(in_fund)},
                    {"reference", reference}};
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, t));
    return tx.AppendAudit(access::AuditEvent(who, "grant_tranche.pay", row.id, request));
  }));
  return RenderGrant(row);
}

}  // namespace giai::service

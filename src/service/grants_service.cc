// Funds and calls: the programme's fixed conditions (EU FR 2018/1046 Art. 204: no margin of
// discretion) and the calls for proposals that apply them.
#include "service/grants_service.h"

#include <algorithm>

#include "core/clock.h"
#include "grants/rules.h"
#include "service/internal/grant_awards.h"
#include "service/internal/grant_records.h"

namespace giai::service {

namespace {

using access::GrantAction;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

// The EU default maximum per third party (FR 2018/1046 Art. 204): above it, or in a currency
// where it cannot be compared without a rate, the fund must record its legal justification.
constexpr std::int64_t kDefaultEuCapMinorEur = 60'000'00;

bool IsLanguageTag(const std::string& s) {
  if (s.size() < 2 || s.size() > 12) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

Result<std::vector<std::string>> Languages(const json& body, const char* name) {
  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> langs, Strings(body, name, true, 20));
  for (const std::string& l : langs) {
    if (!IsLanguageTag(l)) return InvalidInput("must be BCP 47 language tags", name);
  }
  return langs;
}

Result<json> ValidateFund(const json& body) {
  GIAI_RETURN_IF_ERROR(Only(body, {"name", "currency", "envelope", "cap_per_recipient",
                                   "cap_justification", "activities", "recipient_categories",
                                   "criteria", "languages", "exclusion_list", "retention_years"}));
  json out = json::object();
  GIAI_ASSIGN_OR_RETURN(out["name"], Str(body, "name", true, 300));
  GIAI_ASSIGN_OR_RETURN(std::string currency, Str(body, "currency", true, 3));
  if (!grants::IsCurrencyCode(currency)) {
    return InvalidInput("is not an ISO 4217 currency code giai knows", "currency");
  }
  out["currency"] = currency;
  GIAI_ASSIGN_OR_RETURN(grants::Money envelope, MoneyField(body, "envelope", "envelope"));
  if (envelope.currency != currency) {
    return InvalidInput("must be in the fund currency", "envelope.currency");
  }
  out["envelope"] = MoneyJson(envelope);
  grants::Money cap{kDefaultEuCapMinorEur, "EUR"};
  if (body.contains("cap_per_recipient")) {
    GIAI_ASSIGN_OR_RETURN(cap, MoneyField(body, "cap_per_recipient", "cap_per_recipient"));
  } else if (currency != "EUR") {
    return InvalidInput("is required for a fund not in EUR", "cap_per_recipient");
  }
  if (cap.currency != currency) {
    return InvalidInput("must be in the fund currency", "cap_per_recipient.currency");
  }
  if (cap.minor <= 0) return InvalidInput("must be positive", "cap_per_recipient.amount");
  out["cap_per_recipient"] = MoneyJson(cap);
  GIAI_ASSIGN_OR_RETURN(std::string justification, Str(body, "cap_justification", false, 4000));
  if ((currency != "EUR" || cap.minor > kDefaultEuCapMinorEur) && justification.empty()) {
    return InvalidInput(
        "a cap above EUR 60 000, or not in EUR, needs its legal justification (FR Art. 204)",
        "cap_justification");
  }
  out["cap_justification"] = justification;
  GIAI_ASSIGN_OR_RETURN(out["activities"], Strings(body, "activities", true));
  GIAI_ASSIGN_OR_RETURN(out["recipient_categories"], Strings(body, "recipient_categories", true));
  GIAI_ASSIGN_OR_RETURN(out["languages"], Languages(body, "languages"));
  GIAI_ASSIGN_OR_RETURN(out["exclusion_list"], Strings(body, "exclusion_list", false, 10000));
  if (!body.contains("criteria") || !body["criteria"].is_array()) {
    return InvalidInput("must be a list of {id, label, weight}", "criteria");
  }
  std::vector<grants::Criterion> criteria;
  for (const json& c : body["criteria"]) {
    if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || !c.contains("weight") ||
        !c["weight"].is_number_integer()) {
      return InvalidInput("must be a list of {id, label, weight}", "criteria");
    }
    criteria.push_back({c["id"].get<std::string>(), c["weight"].get<int>()});
  }
  GIAI_RETURN_IF_ERROR(grants::CheckCriteria(criteria));
  out["criteria"] = json::array();
  for (const json& c : body["criteria"]) {
    out["criteria"].push_back({{"id", c["id"]},
                               {"label", c.value("label", c["id"].get<std::string>())},
                               {"weight", c["weight"]}});
  }
  int retention = 10;
  if (body.contains("retention_years")) {
    if (!body["retention_years"].is_number_integer() || body["retention_years"].get<int>() < 1 ||
        body["retention_years"].get<int>() > 50) {
      return InvalidInput("must be 1 to 50", "retention_years");
    }
    retention = body["retention_years"].get<int>();
  }
  out["retention_years"] = retention;
  return out;
}

// The fields of a call the programme writes (everything but fund_id and what the server sets).
constexpr std::string_view kCallFields[] = {"title",      "opens_at",     "deadline",
                                            "languages",  "form_version", "two_stage",
                                            "guidelines", "redress_route"};

Result<json> ValidateCall(const json& body) {
  json call = json::object();
  GIAI_ASSIGN_OR_RETURN(call["title"], Str(body, "title", true, 300));
  for (const char* f : {"opens_at", "deadline"}) {
    GIAI_ASSIGN_OR_RETURN(std::string t, Str(body, f, true, 40));
    if (!IsUtcTimestamp(t)) return InvalidInput("must be RFC 3339 UTC (…T…Z, seconds)", f);
    call[f] = t;
  }
  if (call["deadline"].get<std::string>() <= call["opens_at"].get<std::string>()) {
    return InvalidInput("must be after opens_at", "deadline");
  }
  GIAI_ASSIGN_OR_RETURN(call["languages"], Languages(body, "languages"));
  GIAI_ASSIGN_OR_RETURN(call["form_version"], Str(body, "form_version", true, 50));
  if (body.contains("two_stage") && !body["two_stage"].is_boolean()) {
    return InvalidInput("must be true or false", "two_stage");
  }
  call["two_stage"] = body.value("two_stage", false);
  GIAI_ASSIGN_OR_RETURN(call["guidelines"], Str(body, "guidelines", false, 20000));
  GIAI_ASSIGN_OR_RETURN(call["redress_route"], Str(body, "redress_route", true, 4000));
  return call;
}

// A call's languages are the fund's, or a subset of them.
Status CheckCallLanguages(const json& call, const json& fund) {
  for (const json& l : call["languages"]) {
    bool known = false;
    for (const json& f : fund["languages"]) known = known || f == l;
    if (!known) return InvalidInput("must be languages of the fund", "languages");
  }
  return Status::Ok();
}

}  // namespace

Result<json> GrantsService::CreateFund(const P& who, const R& request, const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_ASSIGN_OR_RETURN(json fund, ValidateFund(body));
  fund["state"] = "active";
  store::RecordRow row = NewGrantRow(kFund, who, who.org_id);
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(InsertGrant(tx, row, fund));
    return tx.AppendAudit(access::AuditEvent(who, "grant_fund.create", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::GetFund(const P& who, const std::string& id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReadProgramme));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kFund, id));
    // Applicants read every programme's published conditions; staff only their own.
    if (who.role != access::Role::kApplicant && !OwnProgramme(who, row)) {
      return NotFound("no fund " + id);
    }
    return Status::Ok();
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::ListFunds(const P& who) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReadProgramme));
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    std::vector<std::string> orgs = {who.org_id};
    if (who.role == access::Role::kApplicant) {
      GIAI_ASSIGN_OR_RETURN(orgs, ProgrammeOrganisations(tx));
    }
    for (const std::string& org : orgs) {
      GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows, ListGrants(tx, kFund, org));
      for (const store::RecordRow& r : rows) items.push_back(RenderGrant(r));
    }
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> GrantsService::CreateCall(const P& who, const R& request, const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"fund_id", "title", "opens_at", "deadline", "languages",
                                   "form_version", "two_stage", "guidelines", "redress_route"}));
  GIAI_ASSIGN_OR_RETURN(std::string fund_id, Str(body, "fund_id", true, 100));
  json fields = body;
  fields.erase("fund_id");
  GIAI_ASSIGN_OR_RETURN(json call, ValidateCall(fields));
  call["fund_id"] = fund_id;
  call["questions"] = json::array();
  call["state"] = "draft";
  call["history"] = json::array({{{"state", "draft"}, {"at", NowRfc3339()}, {"by", who.user_id}}});
  store::RecordRow row = NewGrantRow(kCall, who, who.org_id);
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund, LoadGrant(tx, kFund, fund_id));
    if (!OwnProgramme(who, fund)) return NotFound("no fund " + fund_id);
    json fund_body = BodyOf(fund);
    GIAI_RETURN_IF_ERROR(CheckCallLanguages(call, fund_body));
    call["currency"] = fund_body["currency"];
    row.parent_id = fund_id;
    row.terms = {"fund:" + fund_id};
    GIAI_RETURN_IF_ERROR(InsertGrant(tx, row, call));
    return tx.AppendAudit(access::AuditEvent(who, "grant_call.create", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::GetCall(const P& who, const std::string& id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReadProgramme));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kCall, id));
    const bool published = StateOf(BodyOf(row)) != "draft";
    if (!(OwnProgramme(who, row) || (who.role == access::Role::kApplicant && published))) {
      return NotFound("no call " + id);
    }
    return Status::Ok();
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::ListCalls(const P& who, const std::string& fund_id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReadProgramme));
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    std::vector<std::string> orgs = {who.org_id};
    const bool applicant = who.role == access::Role::kApplicant;
    if (applicant) {
      GIAI_ASSIGN_OR_RETURN(orgs, ProgrammeOrganisations(tx));
    }
    for (const std::string& org : orgs) {
      GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows,
                            ListGrants(tx, kCall, org, fund_id));
      for (const store::RecordRow& r : rows) {
        if (applicant && StateOf(BodyOf(r)) == "draft") continue;
        items.push_back(RenderGrant(r));
      }
    }
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> GrantsService::MoveCall(const P& who, const R& request, const std::string& id,
                                     const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"state"}));
  GIAI_ASSIGN_OR_RETURN(std::string to, Str(body, "state", true, 40));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kCall, id));
    if (!OwnProgramme(who, row)) return NotFound("no call " + id);
    json call = BodyOf(row);
    if (to == "open" && call["deadline"].get<std::string>() <= NowRfc3339()) {
      return Status(Code::kConflict, "the deadline has passed", "deadline");
    }
    GIAI_RETURN_IF_ERROR(MoveState(call, grants::Machine::kCall, to, who));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, call));
    return tx.AppendAudit(access::AuditEvent(who, "grant_call." + to, row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::AddQuestion(const P& who, const R& request, const std::string& id,
                                        const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"question", "answer", "language"}));
  json qa = json::object();
  GIAI_ASSIGN_OR_RETURN(qa["question"], Str(body, "question", true, 4000));
  GIAI_ASSIGN_OR_RETURN(qa["answer"], Str(body, "answer", true, 8000));
  GIAI_ASSIGN_OR_RETURN(qa["language"], Str(body, "language", false, 12));
  qa["published_at"] = NowRfc3339();
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kCall, id));
    if (!OwnProgramme(who, row)) return NotFound("no call " + id);
    json call = BodyOf(row);
    if (StateOf(call) != "draft" && StateOf(call) != "open") {
      return Conflict("questions are published while the call is draft or open");
    }
    call["questions"].push_back(qa);
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, call));
    return tx.AppendAudit(access::AuditEvent(who, "grant_call.question", row.id, request));
  }));
  return RenderGrant(row);
}

// Edits of a fund or a call (docs/GRANTS.md "Edits"). Until the programme publishes a call, its
// conditions are still being written: every field may change and is validated again as a whole
// (criteria weights still add up to 100). Once published, the conditions bind everyone equally
// (FR Art. 204: no margin of discretion): only what the rules allow changes, with a recorded
// reason — a call's deadline is extended (never shortened) with a notice in its Q&A; a fund's
// envelope is topped up or trimmed (never below the awards it holds) and its exclusion list kept
// current. Every edit is version-checked (If-Match) and kept in the record's `changes`.
namespace {

// The fields of `patch` that change `current` (a merge patch over the record's fields).
json ChangedFields(const json& current, const json& patch, json& merged) {
  merged = current;
  merged.merge_patch(patch);
  json changed = json::array();
  for (const auto& [k, v] : patch.items()) {
    if (!current.contains(k) || current[k] != merged.value(k, json())) changed.push_back(k);
  }
  return changed;
}

json Change(const access::Principal& who, const json& fields, const json& before,
            const std::string& reason) {
  return {{"at", NowRfc3339()},
          {"by", who.user_id},
          {"fields", fields},
          {"before", before},
          {"reason", reason}};
}

Status CheckVersion(const store::RecordRow& row, std::int64_t expected) {
  if (row.version == expected) return Status::Ok();
  return Status(Code::kPreconditionFailed,
                "the " + row.kind.substr(6) + " is at version " + std::to_string(row.version));
}

// A PATCH of a call or a fund: its optional `change_reason` and the fields it changes.
struct ChangePatch {
  std::string reason;
  json fields;
};

Result<ChangePatch> SplitChangePatch(const json& patch) {
  if (!patch.is_object()) return InvalidInput("the body must be a JSON object");
  GIAI_ASSIGN_OR_RETURN(std::string reason, Str(patch, "change_reason", false, 4000));
  json fields = patch;
  fields.erase("change_reason");
  return ChangePatch{std::move(reason), std::move(fields)};
}

}  // namespace

Result<json> GrantsService::UpdateCall(const P& who, const R& request, const std::string& id,
                                       std::int64_t expected_version, const json& patch) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_ASSIGN_OR_RETURN(ChangePatch change, SplitChangePatch(patch));
  const std::string& reason = change.reason;
  json& fields_patch = change.fields;
  for (const auto& [k, v] : fields_patch.items()) {
    if (std::find(std::begin(kCallFields), std::end(kCallFields), k) == std::end(kCallFields)) {
      return InvalidInput("cannot be changed", k);
    }
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kCall, id));
    if (!OwnProgramme(who, row)) return NotFound("no call " + id);
    GIAI_RETURN_IF_ERROR(CheckVersion(row, expected_version));
    json call = BodyOf(row);
    const std::string state = StateOf(call);
    json current = json::object();
    for (std::string_view k : kCallFields) {
      if (call.contains(k)) current[std::string(k)] = call[std::string(k)];
    }
    json merged;
    json changed = ChangedFields(current, fields_patch, merged);
    if (changed.empty()) return InvalidInput("changes nothing");
    json before = json::object();
    for (const json& k : changed) before[k.get<std::string>()] = current.value(k, json());
    if (state == "draft") {
      GIAI_ASSIGN_OR_RETURN(json valid, ValidateCall(merged));
      GIAI_ASSIGN_OR_RETURN(store::RecordRow fund,
                            LoadGrant(tx, kFund, call["fund_id"].get<std::string>()));
      GIAI_RETURN_IF_ERROR(CheckCallLanguages(valid, BodyOf(fund)));
      for (const auto& [k, v] : valid.items()) call[k] = v;
    } else if (state == "open") {
      for (const json& k : changed) {
        if (k != "deadline") {
          return Status(Code::kConflict,
                        "cannot change once the call is published (only the deadline is extended)",
                        k.get<std::string>());
        }
      }
      if (reason.empty()) {
        return InvalidInput("a published call is changed only with a recorded reason",
                            "change_reason");
      }
      GIAI_ASSIGN_OR_RETURN(std::string deadline, Str(merged, "deadline", true, 40));
      if (!IsUtcTimestamp(deadline)) {
        return InvalidInput("must be RFC 3339 UTC (…T…Z, seconds)", "deadline");
      }
      const std::string previous = call["deadline"];
      if (deadline <= previous || deadline <= NowRfc3339()) {
        return Status(Code::kConflict,
                      "a published deadline is only extended, to a time still to come", "deadline");
      }
      call["deadline"] = deadline;
      // Everyone learns of it where they read the call: a notice in its published Q&A.
      call["questions"].push_back({{"question", "Has the deadline changed?"},
                                   {"answer", "The deadline is extended from " + previous + " to " +
                                                  deadline + ". " + reason},
                                   {"language", ""},
                                   {"notice", true},
                                   {"published_at", NowRfc3339()}});
    } else {
      return Conflict("a call in state " + state + " cannot be edited");
    }
    if (!call.contains("changes")) call["changes"] = json::array();
    call["changes"].push_back(Change(who, changed, before, reason));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, call));
    return tx.AppendAudit(access::AuditEvent(who, "grant_call.update", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::UpdateFund(const P& who, const R& request, const std::string& id,
                                       std::int64_t expected_version, const json& patch) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_ASSIGN_OR_RETURN(ChangePatch change, SplitChangePatch(patch));
  const std::string& reason = change.reason;
  json& fields_patch = change.fields;
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadGrant(tx, kFund, id));
    if (!OwnProgramme(who, row)) return NotFound("no fund " + id);
    GIAI_RETURN_IF_ERROR(CheckVersion(row, expected_version));
    json fund = BodyOf(row);
    json current = fund;
    for (const char* internal : {"state", "changes", "_sealed"}) current.erase(internal);
    json merged;
    json changed = ChangedFields(current, fields_patch, merged);
    if (changed.empty()) return InvalidInput("changes nothing");
    for (const json& k : changed) {
      if (k == "currency") return InvalidInput("cannot be changed (calls are in it)", "currency");
    }
    GIAI_ASSIGN_OR_RETURN(json valid, ValidateFund(merged));
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> calls,
                          ListGrants(tx, kCall, row.org_id, id));
    const bool published = std::any_of(calls.begin(), calls.end(), [](const store::RecordRow& c) {
      return StateOf(BodyOf(c)) != "draft";
    });
    if (published) {
      for (const json& k : changed) {
        if (k != "envelope" && k != "exclusion_list") {
          return Status(Code::kConflict,
                        "cannot change once a call of the fund is published (only the envelope "
                        "and the exclusion list)",
                        k.get<std::string>());
        }
      }
      if (reason.empty()) {
        return InvalidInput("a published fund is changed only with a recorded reason",
                            "change_reason");
      }
      GIAI_ASSIGN_OR_RETURN(grants::Money envelope, MoneyField(valid, "envelope", "envelope"));
      GIAI_ASSIGN_OR_RETURN(FundAwards awards, LoadFundAwards(tx, row.org_id, id));
      GIAI_RETURN_IF_ERROR(CheckEnvelope(awards, envelope, "envelope"));
    }
    json before = json::object();
    for (const json& k : changed) before[k.get<std::string>()] = current.value(k, json());
    for (const auto& [k, v] : valid.items()) fund[k] = v;
    if (!fund.contains("changes")) fund["changes"] = json::array();
    fund["changes"].push_back(Change(who, changed, before, reason));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, fund));
    return tx.AppendAudit(access::AuditEvent(who, "grant_fund.update", row.id, request));
  }));
  return RenderGrant(row);
}

}  // namespace giai::service

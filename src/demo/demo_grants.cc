#include "demo/demo_grants.h"

#include <chrono>
#include <ctime>

#include "core/clock.h"

namespace giai::demo {

namespace {

using nlohmann::json;

json Money(const std::string& amount, const std::string& currency) {
  return {{"amount", amount}, {"currency", currency}};
}

std::string DaysFromNow(int days) { return ToRfc3339(WallNow() + std::chrono::hours(24 * days)); }

class GrantsDemo {
 public:
  GrantsDemo(service::AdminService& admin, service::GrantsService& grants, DemoCounts& counts,
             std::vector<DemoLogin>& logins)
      : admin_(admin), grants_(grants), counts_(counts), logins_(logins) {}

  Status Run(const std::string& lead_org) {
    GIAI_ASSIGN_OR_RETURN(access::Principal officer,
                          User(lead_org, "Coalition Secretariat (fictional demo)",
                               "fstp-officer@org1.demo.example", "grants"));
    GIAI_ASSIGN_OR_RETURN(access::Principal rev1,
                          User(lead_org, "Coalition Secretariat (fictional demo)",
                               "fstp-reviewer1@org1.demo.example", "reviewer"));
    GIAI_ASSIGN_OR_RETURN(access::Principal rev2,
                          User(lead_org, "Coalition Secretariat (fictional demo)",
                               "fstp-reviewer2@org1.demo.example", "reviewer"));
    std::vector<access::Principal> applicants;
    int n = 0;
    for (const char* name : {"Kharkiv Survivors' Circle (fictional demo)",
                             "Tell Amar Legal Clinic (fictional demo)"}) {
      GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org,
                            admin_.CreateOrganisation(name, "subgrantee"));
      ++counts_.organisations;
      GIAI_ASSIGN_OR_RETURN(
          access::Principal p,
          User(org.id, name, "applicant@sub" + std::to_string(++n) + ".demo.example", "applicant"));
      applicants.push_back(p);
    }

    GIAI_ASSIGN_OR_RETURN(
        json fund,
        grants_.CreateFund(
            officer, kDemo,
            {{"name", "Local Justice Initiatives Fund (fictional demo)"},
             {"currency", "EUR"},
             {"envelope", Money("400000.00", "EUR")},
             {"cap_per_recipient", Money("100000.00", "EUR")},
             {"cap_justification",
              "Financial support to third parties is the primary aim of this component "
              "(fictional demo; FR 2018/1046 Art. 204)"},
             {"activities",
              {"documentation", "victim_participation", "legal_aid", "peer_learning"}},
             {"recipient_categories", {"registered_cso", "unregistered_group", "survivor_led"}},
             {"criteria",
              {{{"id", "relevance"}, {"label", "Relevance to local justice gaps"}, {"weight", 40}},
               {{"id", "capacity"}, {"label", "Capacity and local leadership"}, {"weight", 35}},
               {{"id", "value"}, {"label", "Value for money"}, {"weight", 25}}}},
             {"languages", {"en", "fr", "ar", "es"}},
             {"exclusion_list", {"Excluded Front Organisation (fictional demo)"}}}));
    ++counts_.grant_funds;
    const std::string fund_id = fund["id"];
    GIAI_ASSIGN_OR_RETURN(
        json call,
        grants_.CreateCall(
            officer, kDemo,
            {{"fund_id", fund_id},
             {"title", "Making justice work locally, round 1 (fictional demo)"},
             {"opens_at", DaysFromNow(-30)},
             {"deadline", DaysFromNow(30)},
             {"languages", {"en", "fr", "ar"}},
             {"form_version", "2026-1"},
             {"guidelines", "Projects addressing less documented issues (fictional demo)."},
             {"redress_route",
              "Write to the independent complaints panel within 30 days (fictional demo)."}}));
    const std::string call_id = call["id"];
    GIAI_RETURN_IF_ERROR(grants_.MoveCall(officer, kDemo, call_id, {{"state", "open"}}).status());
    GIAI_RETURN_IF_ERROR(
        grants_
            .AddQuestion(officer, kDemo, call_id,
                         {{"question", "Can groups that are not registered apply?"},
                          {"answer", "Yes: a risk-based alternative to registration is accepted."},
                          {"language", "en"}})
            .status());

    // Two applications, in UAH and in EUR.
    GIAI_ASSIGN_OR_RETURN(std::string a1,
                          Apply(applicants[0], call_id, "Survivors in local justice processes",
                                "victim_participation", "en", "UA", "UAH", "1200000", "800000"));
    GIAI_ASSIGN_OR_RETURN(std::string a2,
                          Apply(applicants[1], call_id, "Legal aid for families of the missing",
                                "legal_aid", "ar", "SY", "EUR", "30000", "15000"));
    json eligible = {{"outcome", "eligible"},
                     {"checklist",
                      {{"admissible", true},
                       {"eligible_activity", true},
                       {"eligible_recipient", true},
                       {"budget_complete", true}}}};
    for (const std::string& a : {a1, a2}) {
      GIAI_RETURN_IF_ERROR(grants_.Screen(officer, kDemo, a, eligible).status());
    }
    // Reviews: reviewer 2 declares a conflict on the second application and abstains.
    GIAI_RETURN_IF_ERROR(Review(officer, rev1, a1, {5, 4, 4}));
    GIAI_RETURN_IF_ERROR(Review(officer, rev2, a1, {4, 4, 3}));
    GIAI_RETURN_IF_ERROR(Review(officer, rev1, a2, {4, 3, 4}));
    GIAI_ASSIGN_OR_RETURN(json abstain,
                          grants_.Assign(officer, kDemo, a2, {{"reviewer_id", rev2.user_id}}));
    GIAI_RETURN_IF_ERROR(grants_
                             .Declare(rev2, kDemo, abstain["id"],
                                      {{"conflict", "declared"},
                                       {"confidentiality", true},
                                       {"statement",
                                        "Former board member of the applicant "
                                        "(fictional demo)"}})
                             .status());
    GIAI_RETURN_IF_ERROR(grants_.MoveCall(officer, kDemo, call_id, {{"state", "closed"}}).status());
    GIAI_RETURN_IF_ERROR(
        grants_
            .Decide(
                officer, kDemo, call_id,
                {{"meeting_date", DaysFromNow(0).substr(0, 10)},
                 {"minutes",
                  "Selection committee (fictional demo): both awarded; one "
                  "member abstained on the second application."},
                 {"awards",
                  {{{"application_id", a1},
                    {"amount", Money("2000000", "UAH")},
                    {"fx_rate", "0.0225"}},
                   {{"application_id", a2}, {"amount", Money("40000", "EUR")}, {"fx_rate", "1"}}}}})
            .status());
    // The first grant runs to closure; the second is under way.
    GIAI_ASSIGN_OR_RETURN(std::string ag1, Agreement(officer, a1, "UAH", "1200000", "800000"));
    GIAI_ASSIGN_OR_RETURN(std::string ag2, Agreement(officer, a2, "EUR", "24000", "16000"));
    GIAI_ASSIGN_OR_RETURN(json t1, grants_.ListTranches(officer, ag1));
    GIAI_ASSIGN_OR_RETURN(json t2, grants_.ListTranches(officer, ag2));
    const std::string first = t1["items"][0]["id"], second = t1["items"][1]["id"];
    json pay = {{"paid_on", DaysFromNow(0).substr(0, 10)}, {"fx_rate", "0.0225"}};
    GIAI_RETURN_IF_ERROR(grants_.PayTranche(officer, kDemo, first, pay).status());
    const std::string other_first = t2["items"][0]["id"];
    GIAI_RETURN_IF_ERROR(
        grants_
            .PayTranche(officer, kDemo, other_first,
                        {{"paid_on", DaysFromNow(0).substr(0, 10)}, {"fx_rate", "1"}})
            .status());
    GIAI_RETURN_IF_ERROR(Report(officer, applicants[0], ag1,
                                {{"type", "narrative"},
                                 {"tranche_id", second},
                                 {"period", "first half"},
                                 {"narrative",
                                  "[FICTIONAL DEMO] Twelve survivors took part in "
                                  "hearings with the project's support."}}));
    GIAI_RETURN_IF_ERROR(Report(officer, applicants[0], ag1,
                                {{"type", "financial"},
                                 {"tranche_id", second},
                                 {"period", "first half"},
                                 {"expenditure", Money("1150000", "UAH")}}));
    GIAI_RETURN_IF_ERROR(
        Report(officer, applicants[0], ag1,
               {{"type", "indicator"},
                {"period", "first half"},
                {"indicator_values",
                 {{{"indicator_id", "OUT-FSTP-2"},
                   {"period", "first half"},
                   {"unit", "victims/survivors participating in justice processes"},
                   {"value", 12},
                   {"disaggregation",
                    {{"sex", {{"female", 8}, {"male", 4}}}, {"country", {{"UA", 12}}}}}}}}}));
    GIAI_RETURN_IF_ERROR(grants_.PayTranche(officer, kDemo, second, pay).status());
    GIAI_RETURN_IF_ERROR(Report(officer, applicants[0], ag1,
                                {{"type", "final"},
                                 {"period", "whole project"},
                                 {"narrative", "[FICTIONAL DEMO] Final report."},
                                 {"expenditure", Money("2000000", "UAH")}}));
    GIAI_RETURN_IF_ERROR(
        grants_.Close(officer, kDemo, ag1, {{"settlement", {{"kind", "none"}}}}).status());
    return Status::Ok();
  }

 private:
  static inline const access::RequestInfo kDemo{"demo", "", ""};

  Result<access::Principal> User(const std::string& org_id, const std::string& org_name,
                                 const std::string& email, const std::string& role) {
    const std::string password = "demo-" + role + "-fstp-2026";
    GIAI_ASSIGN_OR_RETURN(store::UserRow user,
                          admin_.CreateUser(org_id, {email, "", role, password, {}}));
    ++counts_.users;
    logins_.push_back({org_name, email, password, role});
    access::Principal p;
    p.user_id = user.id;
    p.org_id = org_id;
    p.email = email;
    access::ParseRole(role, p.role);
    return p;
  }

  Result<std::string> Apply(const access::Principal& who, const std::string& call,
                            const std::string& title, const std::string& activity,
                            const std::string& language, const std::string& country,
                            const std::string& currency, const std::string& staff,
                            const std::string& activities) {
    const std::string total = std::to_string(std::stoll(staff) + std::stoll(activities));
    GIAI_ASSIGN_OR_RETURN(
        json app,
        grants_.CreateApplication(
            who, kDemo,
            {{"call_id", call},
             {"form_version", "2026-1"},
             {"title", title + " (fictional demo)"},
             {"activity", activity},
             {"recipient_category", "survivor_led"},
             {"language", language},
             {"country", country},
             {"budget",
              {{"total", Money(total, currency)},
               {"lines",
                {{{"label", "staff"}, {"amount", Money(staff, currency)}},
                 {{"label", "activities"}, {"amount", Money(activities, currency)}}}}}},
             {"declarations",
              {{"on_honour", true}, {"text", "Signed by the fictional chairperson (demo)"}}}}));
    GIAI_RETURN_IF_ERROR(grants_.SubmitApplication(who, kDemo, app["id"]).status());
    ++counts_.grant_applications;
    return app["id"].get<std::string>();
  }

  Status Review(const access::Principal& officer, const access::Principal& reviewer,
                const std::string& app, std::vector<int> s) {
    GIAI_ASSIGN_OR_RETURN(json a,
                          grants_.Assign(officer, kDemo, app, {{"reviewer_id", reviewer.user_id}}));
    GIAI_RETURN_IF_ERROR(
        grants_.Declare(reviewer, kDemo, a["id"], {{"conflict", "none"}, {"confidentiality", true}})
            .status());
    return grants_
        .SubmitReview(reviewer, kDemo, a["id"],
                      {{"scores", {{"relevance", s[0]}, {"capacity", s[1]}, {"value", s[2]}}},
                       {"recommendation", "yes"},
                       {"comment", "Fictional demo review."}})
        .status();
  }

  Result<std::string> Agreement(const access::Principal& officer, const std::string& app,
                                const std::string& currency, const std::string& first,
                                const std::string& second) {
    GIAI_ASSIGN_OR_RETURN(
        json ag,
        grants_.CreateAgreement(
            officer, kDemo, app,
            {{"template_version", "TPA-2026 (fictional demo)"},
             {"starts_on", DaysFromNow(1).substr(0, 10)},
             {"ends_on", DaysFromNow(366).substr(0, 10)},
             {"due_diligence",
              {{"legal_status", "unregistered"},
               {"alternative_justification", "Registration unsafe (fictional demo)"},
               {"bank_details", {{"iban", "XX00 FICTIONAL DEMO"}, {"bank", "Fictional Bank"}}},
               {"safeguarding_policy", true},
               {"data_protection_risk", "medium"},
               {"security_risk", "high"}}},
             {"tranches",
              {{{"planned_date", DaysFromNow(2).substr(0, 10)}, {"amount", Money(first, currency)}},
               {{"planned_date", DaysFromNow(180).substr(0, 10)},
                {"amount", Money(second, currency)},
                {"required_reports", {"narrative", "financial"}}}}}}));
    GIAI_RETURN_IF_ERROR(grants_.SignAgreement(officer, kDemo, ag["id"]).status());
    return ag["id"].get<std::string>();
  }

  Status Report(const access::Principal& officer, const access::Principal& applicant,
                const std::string& agreement, const json& body) {
    GIAI_ASSIGN_OR_RETURN(json r, grants_.SubmitReport(applicant, kDemo, agreement, body));
    return grants_.ReviewReport(officer, kDemo, r["id"], {{"outcome", "approved"}}).status();
  }

  service::AdminService& admin_;
  service::GrantsService& grants_;
  DemoCounts& counts_;
  std::vector<DemoLogin>& logins_;
};

}  // namespace

Status CreateDemoGrants(service::AdminService& admin, service::GrantsService& grants,
                        const std::string& lead_org_id, DemoCounts& counts,
                        std::vector<DemoLogin>& logins) {
  return GrantsDemo(admin, grants, counts, logins).Run(lead_org_id);
}

}  // namespace giai::demo

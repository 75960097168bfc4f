// Sub-granting after the first pass, over real HTTP (docs/GRANTS.md): reports corrected and
// resubmitted after "changes requested", awards from the reserve list when an award falls away,
// edits of funds and calls, the applicant's own actions in the auditors' export, and application
// attachments that must name the application's vault files. Runs on SQLite and PostgreSQL.
#include "tests/api/grants_fixture.h"

namespace giai::testing {
namespace {

class GrantsChangesApiTest : public GrantsApiTest {
 protected:
  // An awarded application of `applicant` in a fresh fund's call, decided; returns {fund, call,
  // application}.
  struct Awarded {
    std::string fund, call, app;
  };
  static Awarded AwardedApp(const std::string& applicant, const char* total = "20000") {
    Awarded out;
    out.fund = NewFund();
    out.call = OpenCall(out.fund);
    out.app = EligibleApp(out.call, applicant, "EUR", total);
    Post("/grant-calls/" + out.call + "/state", grants_, {{"state", "closed"}}, 200);
    Post("/grant-calls/" + out.call + "/decision", grants_,
         {{"meeting_date", "2026-11-20"},
          {"minutes", "fictional"},
          {"awards",
           {{{"application_id", out.app}, {"amount", Money(total, "EUR")}, {"fx_rate", "1"}}}}},
         201);
    return out;
  }
  static json AgreementBody(const char* first, const char* second) {
    return {{"template_version", "TPA-2026"},
            {"starts_on", "2026-12-01"},
            {"ends_on", "2027-11-30"},
            {"due_diligence",
             {{"legal_status", "registered"},
              {"bank_details", {{"iban", "UA00FICTIONAL"}}},
              {"safeguarding_policy", true},
              {"data_protection_risk", "low"},
              {"security_risk", "low"}}},
            {"tranches",
             {{{"planned_date", "2026-12-05"}, {"amount", Money(first, "EUR")}},
              {{"planned_date", "2027-06-01"},
               {"amount", Money(second, "EUR")},
               {"required_reports", {"narrative", "financial"}}}}}};
  }
  // A signed agreement for a 20 000 EUR award to applicant A: {agreement, tranche 1, tranche 2}.
  static std::vector<std::string> SignedAgreement(const std::string& applicant = applicant_a_) {
    Awarded a = AwardedApp(applicant);
    std::string ag = Post("/grant-applications/" + a.app + "/agreement", grants_,
                          AgreementBody("12000", "8000"), 201)["id"];
    Post("/grant-agreements/" + ag + "/sign", grants_, json(), 200);
    json t = Get("/grant-agreements/" + ag + "/tranches", grants_)["items"];
    return {ag, t[0]["id"], t[1]["id"]};
  }
  static json Pay(const std::string& tranche, int expected) {
    return Post("/grant-tranches/" + tranche + "/payment", grants_,
                {{"paid_on", "2027-06-01"}, {"fx_rate", "1"}}, expected);
  }
};

TEST_F(GrantsChangesApiTest, ReportSentBackIsCorrectedResubmittedAndThenGatesTheTranche) {
  std::vector<std::string> s = SignedAgreement();
  const std::string ag = s[0], t1 = s[1], t2 = s[2];
  Pay(t1, 200);
  std::string narrative =
      Post("/grant-agreements/" + ag + "/reports", applicant_a_,
           {{"type", "narrative"},
            {"tranche_id", t2},
            {"period", "2026-12/2027-05"},
            {"narrative", "First draft naming Grumbleweed Witness (fictional)"}},
           201)["id"];
  std::string financial = Post("/grant-agreements/" + ag + "/reports", applicant_a_,
                               {{"type", "financial"},
                                {"tranche_id", t2},
                                {"period", "2026-12/2027-05"},
                                {"expenditure", Money("9000", "EUR")}},
                               201)["id"];
  Post("/grant-reports/" + narrative + "/review", grants_, {{"outcome", "approved"}}, 200);
  // Only a report sent back is resubmitted: a submitted or approved one is a conflict.
  EXPECT_EQ(Post("/grant-reports/" + financial + "/resubmission", applicant_a_,
                 {{"expenditure", Money("8000", "EUR")}}, 409)["code"],
            "conflict");
  Post("/grant-reports/" + narrative + "/resubmission", applicant_a_, {{"narrative", "x"}}, 409);
  json sent_back =
      Post("/grant-reports/" + financial + "/review", grants_,
           {{"outcome", "changes_requested"}, {"comment", "expenditure above the tranche"}}, 200);
  EXPECT_EQ(sent_back["state"], "changes_requested");
  EXPECT_EQ(Pay(t2, 409)["field"], "required_reports");
  // Out of reach is not found; the type and the tranche of a report are fixed; bad input is 400.
  Post("/grant-reports/" + financial + "/resubmission", applicant_b_,
       {{"expenditure", Money("8000", "EUR")}}, 404);
  Post("/grant-reports/" + financial + "/resubmission", grants_other_,
       {{"expenditure", Money("8000", "EUR")}}, 404);
  Post("/grant-reports/grp_nonexistent/resubmission", applicant_a_, json::object(), 404);
  Post("/grant-reports/" + financial + "/resubmission", documenter_, json::object(), 403);
  EXPECT_EQ(Post("/grant-reports/" + financial + "/resubmission", applicant_a_,
                 {{"type", "narrative"}}, 400)["field"],
            "type");
  EXPECT_EQ(Post("/grant-reports/" + financial + "/resubmission", applicant_a_,
                 {{"tranche_id", t1}}, 400)["field"],
            "tranche_id");
  EXPECT_EQ(Post("/grant-reports/" + financial + "/resubmission", applicant_a_,
                 {{"expenditure", Money("8000", "USD")}}, 400)["field"],
            "expenditure.currency");
  EXPECT_EQ(Get("/grant-agreements/" + ag + "/reports", grants_)["items"].size(), 2u);
  // The correction: a new version; the one sent back is kept with the review that sent it back.
  json again = Post("/grant-reports/" + financial + "/resubmission", applicant_a_,
                    {{"expenditure", Money("8000", "EUR")}}, 200);
  EXPECT_EQ(again["id"], financial);
  EXPECT_EQ(again["state"], "submitted");
  EXPECT_EQ(again["report_version"], 2);
  EXPECT_EQ(again["expenditure"], Money("8000.00", "EUR"));
  EXPECT_EQ(again["period"], "2026-12/2027-05");  // carried over
  ASSERT_EQ(again["versions"].size(), 1u);
  EXPECT_EQ(again["versions"][0]["report_version"], 1);
  EXPECT_EQ(again["versions"][0]["expenditure"], Money("9000.00", "EUR"));
  EXPECT_EQ(again["versions"][0]["review"]["outcome"], "changes_requested");
  EXPECT_FALSE(again.contains("review"));
  EXPECT_EQ(again["history"].size(), 3u);  // submitted, changes_requested, submitted
  // Still one report, not two: the gate counts it once it is approved, not before.
  EXPECT_EQ(Get("/grant-agreements/" + ag + "/reports", grants_)["items"].size(), 2u);
  EXPECT_EQ(Pay(t2, 409)["field"], "required_reports");
  json approved =
      Post("/grant-reports/" + financial + "/review", grants_, {{"outcome", "approved"}}, 200);
  EXPECT_EQ(approved["report_version"], 2);
  Pay(t2, 200);

  // A narrative report: the new narrative is sealed, the one sent back stays sealed under its
  // own name; neither is ever in a response.
  std::string final_report = Post("/grant-agreements/" + ag + "/reports", applicant_a_,
                                  {{"type", "final"},
                                   {"period", "2026-12/2027-11"},
                                   {"narrative", "Final draft naming Snorkelwick (fictional)"},
                                   {"expenditure", Money("20000", "EUR")}},
                                  201)["id"];
  Post("/grant-reports/" + final_report + "/review", grants_,
       {{"outcome", "changes_requested"}, {"comment", "add the indicator values"}}, 200);
  Do("POST", "/grant-agreements/" + ag + "/closure", grants_, {{"settlement", {{"kind", "none"}}}},
     409);
  json fixed =
      Post("/grant-reports/" + final_report + "/resubmission", applicant_a_,
           {{"narrative", "Corrected final naming Snorkelwick (fictional)"},
            {"indicator_values", {{{"indicator_id", "OUT-1"}, {"period", "2027"}, {"value", 3}}}}},
           200);
  EXPECT_EQ(fixed["sealed_fields"], json::array({"narrative", "narrative_v1"}));
  EXPECT_EQ(fixed["versions"][0]["narrative_field"], "narrative_v1");
  EXPECT_EQ(fixed.dump().find("Snorkelwick"), std::string::npos);
  Post("/grant-reports/" + final_report + "/review", grants_, {{"outcome", "approved"}}, 200);
  EXPECT_EQ(Post("/grant-agreements/" + ag + "/closure", grants_,
                 {{"settlement", {{"kind", "none"}}}}, 200)["state"],
            "closed");
}

}  // namespace
}  // namespace giai::testing

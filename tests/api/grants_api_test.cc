// Sub-granting over HTTP against the real `giai` binary: the whole workflow from call to closure,
// the demo's fictional fund, and the isolation of programmes from each other and from the
// documentation routes.
#include "tests/api/grants_fixture.h"

namespace giai::testing {
namespace {

TEST_F(GrantsApiTest, WholeWorkflowFromCallToClosure) {
  std::string fund = NewFund();
  std::string call = OpenCall(fund);
  // Applicants see the published call; Q&A is published on it.
  Post("/grant-calls/" + call + "/questions", grants_,
       {{"question", "Can unregistered groups apply?"}, {"answer", "Yes, see the guidelines."}},
       200);
  json seen = Get("/grant-calls/" + call, applicant_a_);
  EXPECT_EQ(seen["questions"].size(), 1u);
  // A applies in UAH, in French; B in EUR.
  std::string a = EligibleApp(call, applicant_a_, "UAH", "900000");
  std::string b = EligibleApp(call, applicant_b_, "EUR", "30000", "legal_aid");
  // Each applicant sees only its own organisation's applications.
  json mine = Get("/grant-applications", applicant_a_);
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["id"], a);
  Get("/grant-applications/" + b, applicant_a_, 404);
  // Reviews: A scores higher than B.
  for (int r = 0; r < 2; ++r) {
    std::string ra = AssignAndClear(a, r), rb = AssignAndClear(b, r);
    Post("/grant-assignments/" + ra + "/review", reviewers_[static_cast<std::size_t>(r)],
         Scores(5, 4, 4), 200);
    Post("/grant-assignments/" + rb + "/review", reviewers_[static_cast<std::size_t>(r)],
         Scores(3, 3, 2), 200);
  }
  Post("/grant-calls/" + call + "/state", grants_, {{"state", "closed"}}, 200);
  json ranking = Get("/grant-calls/" + call + "/ranking", grants_);
  ASSERT_EQ(ranking["items"].size(), 2u);
  EXPECT_EQ(ranking["items"][0]["application_id"], a);
  EXPECT_EQ(ranking["items"][0]["score"], "4.40");  // 5*.40 + 4*.35 + 4*.25
  EXPECT_EQ(ranking["items"][1]["score"], "2.75");
  // Awarding B over a better-ranked A is a deviation: it needs its justification.
  json deviating = {
      {"meeting_date", "2026-11-20"},
      {"minutes", "Committee of 20 Nov (fictional); members named here."},
      {"awards", {{{"application_id", b}, {"amount", Money("30000", "EUR")}, {"fx_rate", "1"}}}},
      {"rejected", {{{"application_id", a}, {"reasons", "fictional"}}}}};
  json problem = Post("/grant-calls/" + call + "/decision", grants_, deviating, 409);
  EXPECT_EQ(problem["field"], "awards[0].deviation_justification");
  // The decision: A awarded 900 000 UAH at 0.0225 EUR/UAH (20 250 EUR), B on the reserve list.
  json decision = {
      {"meeting_date", "2026-11-20"},
      {"minutes", "Committee of 20 Nov (fictional); members named here."},
      {"awards",
       {{{"application_id", a}, {"amount", Money("900000", "UAH")}, {"fx_rate", "0.0225"}}}},
      {"reserve", {{{"application_id", b}, {"reasons", "envelope priorities"}}}}};
  json d = Post("/grant-calls/" + call + "/decision", grants_, decision, 201);
  EXPECT_EQ(d["sealed_fields"], json::array({"minutes"}));
  EXPECT_EQ(d.dump().find("members named here"), std::string::npos);
  EXPECT_EQ(Get("/grant-calls/" + call, grants_)["state"], "decided");
  json app = Get("/grant-applications/" + a, grants_);
  EXPECT_EQ(app["state"], "awarded");
  EXPECT_EQ(app["award"]["amount_in_fund_currency"], Money("20250.00", "EUR"));
  // Letters in the application's language, with the redress route.
  json letter = Get("/grant-applications/" + a + "/letter", applicant_a_);
  EXPECT_EQ(letter["language"], "fr");
  EXPECT_NE(letter["text"].get<std::string>().find("Votre demande"), std::string::npos);
  EXPECT_NE(letter["text"].get<std::string>().find("complaints committee"), std::string::npos);
  EXPECT_EQ(Get("/grant-applications/" + b + "/letter", applicant_b_)["outcome"], "reserve");

  // Agreement: two tranches; the second is gated by a narrative and a financial report.
  json agreement_body = {{"template_version", "TPA-2026"},
                         {"starts_on", "2026-12-01"},
                         {"ends_on", "2027-11-30"},
                         {"due_diligence",
                          {{"legal_status", "unregistered"},
                           {"alternative_justification", "registration unsafe (fictional)"},
                           {"safeguarding_policy", true},
                           {"data_protection_risk", "medium"},
                           {"security_risk", "high"}}},
                         {"tranches",
                          {{{"planned_date", "2026-12-05"}, {"amount", Money("540000", "UAH")}},
                           {{"planned_date", "2027-06-01"},
                            {"amount", Money("360000", "UAH")},
                            {"required_reports", {"narrative", "financial"}}}}}};
  std::string ag =
      Post("/grant-applications/" + a + "/agreement", grants_, agreement_body, 201)["id"];
  // No bank details recorded yet: signature refused.
  EXPECT_EQ(Post("/grant-agreements/" + ag + "/sign", grants_, json(), 409)["field"],
            "due_diligence.bank_details");
  // A second agreement for the same application is refused.
  Post("/grant-applications/" + a + "/agreement", grants_, agreement_body, 409);
  json dd = Post(
      "/grant-agreements/" + ag + "/due-diligence", grants_,
      {{"bank_details", {{"iban", "UA00FICTIONALQWERTY1234"}, {"bank", "Fictional Bank"}}}}, 200);
  EXPECT_EQ(dd["sealed_fields"], json::array({"bank_details"}));
  EXPECT_EQ(dd.dump().find("QWERTY"), std::string::npos);
  Post("/grant-agreements/" + ag + "/sign", grants_, json(), 200);
  EXPECT_EQ(Get("/grant-applications/" + a, applicant_a_)["state"], "contracted");
  // Bank details: only through the purpose-bound read.
  Do("GET", "/grant-agreements/" + ag + "/bank-details", grants_, json(), 400);
  json bank = Do("GET", "/grant-agreements/" + ag + "/bank-details", grants_, json(), 200,
                 {{"X-Purpose", "pay tranche 1"}});
  EXPECT_EQ(bank["bank_details"]["iban"], "UA00FICTIONALQWERTY1234");
  Do("GET", "/grant-agreements/" + ag + "/bank-details", applicant_a_, json(), 403,
     {{"X-Purpose", "curious"}});

  json tranches = Get("/grant-agreements/" + ag + "/tranches", applicant_a_)["items"];
  ASSERT_EQ(tranches.size(), 2u);
  std::string t1 = tranches[0]["id"], t2 = tranches[1]["id"];
  // Tranche 2 before tranche 1, and before its reports: refused.
  EXPECT_EQ(Post("/grant-tranches/" + t2 + "/payment", grants_,
                 {{"paid_on", "2026-12-05"}, {"fx_rate", "0.0225"}}, 409)["field"],
            "sequence");
  json paid = Post("/grant-tranches/" + t1 + "/payment", grants_,
                   {{"paid_on", "2026-12-05"}, {"fx_rate", "0.0224"}, {"reference", "TX-1"}}, 200);
  EXPECT_EQ(paid["payment"]["amount_in_fund_currency"], Money("12096.00", "EUR"));
  json refused = Post("/grant-tranches/" + t2 + "/payment", grants_,
                      {{"paid_on", "2027-06-01"}, {"fx_rate", "0.0225"}}, 409);
  EXPECT_EQ(refused["field"], "required_reports");
  // The grantee reports: narrative (sealed), financial, and structured indicator values.
  std::string narrative =
      Post("/grant-agreements/" + ag + "/reports", applicant_a_,
           {{"type", "narrative"},
            {"tranche_id", t2},
            {"period", "2026-12/2027-05"},
            {"narrative", "Interim narrative naming Quibblewit Witness (fictional)"}},
           201)["id"];
  std::string financial = Post("/grant-agreements/" + ag + "/reports", applicant_a_,
                               {{"type", "financial"},
                                {"tranche_id", t2},
                                {"period", "2026-12/2027-05"},
                                {"expenditure", Money("500000", "UAH")}},
                               201)["id"];
  json indicators = Post("/grant-agreements/" + ag + "/reports", applicant_a_,
                         {{"type", "indicator"},
                          {"period", "2027-H1"},
                          {"indicator_values",
                           {{{"indicator_id", "OUT-FSTP-2"},
                             {"period", "2027-H1"},
                             {"value", 42},
                             {"disaggregation",
                              {{"sex", {{"female", 25}, {"male", 15}, {"unknown", 2}}},
                               {"country", {{"UA", 40}, {"PL", 2}}}}}}}}},
                         201);
  EXPECT_EQ(indicators["indicator_values"][0]["disaggregation"]["sex"]["female"], 25);
  // Submitted is not approved: still refused.
  Post("/grant-tranches/" + t2 + "/payment", grants_,
       {{"paid_on", "2027-06-01"}, {"fx_rate", "0.0225"}}, 409);
  Post("/grant-reports/" + narrative + "/review", grants_, {{"outcome", "approved"}}, 200);
  EXPECT_NE(Post("/grant-tranches/" + t2 + "/payment", grants_,
                 {{"paid_on", "2027-06-01"}, {"fx_rate", "0.0225"}}, 409)["detail"]
                .get<std::string>()
                .find("financial"),
            std::string::npos);
  Post("/grant-reports/" + financial + "/review", grants_, {{"outcome", "approved"}}, 200);
  Post("/grant-tranches/" + t2 + "/payment", grants_,
       {{"paid_on", "2027-06-01"}, {"fx_rate", "0.0225"}}, 200);
  // Amendment: a no-cost extension.
  json amended = Post("/grant-agreements/" + ag + "/amendments", grants_,
                      {{"summary", "no-cost extension"}, {"ends_on", "2028-02-28"}}, 200);
  EXPECT_EQ(amended["agreement_version"], 2);
  // Closure needs an approved final report.
  json settle = {{"settlement", {{"kind", "none"}}}};
  EXPECT_EQ(Post("/grant-agreements/" + ag + "/closure", grants_, settle, 409)["field"],
            "final_report");
  std::string final_report = Post("/grant-agreements/" + ag + "/reports", applicant_a_,
                                  {{"type", "final"},
                                   {"period", "2026-12/2028-02"},
                                   {"narrative", "Final (fictional)"},
                                   {"expenditure", Money("900000", "UAH")}},
                                  201)["id"];
  Post("/grant-reports/" + final_report + "/review", grants_, {{"outcome", "approved"}}, 200);
  json closed = Post("/grant-agreements/" + ag + "/closure", grants_, settle, 200);
  EXPECT_EQ(closed["state"], "closed");
  EXPECT_EQ(closed["closure"]["paid"], Money("900000.00", "UAH"));
  EXPECT_FALSE(closed["closure"]["retain_until"].get<std::string>().empty());
  EXPECT_EQ(Get("/grant-applications/" + a, grants_)["state"], "closed");

  // The auditors' file: needs a purpose; names sealed fields, never their values.
  Do("GET", "/grant-funds/" + fund + "/export", grants_, json(), 400);
  Do("GET", "/grant-funds/" + fund + "/export", applicant_a_, json(), 403, {{"X-Purpose", "x"}});
  json file = Do("GET", "/grant-funds/" + fund + "/export", grants_, json(), 200,
                 {{"X-Purpose", "ECA audit (fictional)"}});
  EXPECT_EQ(file["applications"].size(), 2u);
  EXPECT_EQ(file["tranches"].size(), 2u);
  EXPECT_EQ(file["reports"].size(), 4u);
  EXPECT_GE(file["audit"].size(), 20u);
  const std::string text = file.dump();
  for (const char* secret : {"QWERTY", "Zorblat", "Quibblewit", "members named here"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
  // The same file from the command line.
  std::string cli = server_->Giai({"grants", "export", "--data", server_->data_dir(), "--fund",
                                   fund, "--purpose", "ECA audit (fictional)"});
  json from_cli = json::parse(cli);
  EXPECT_EQ(from_cli["applications"].size(), 2u);
  EXPECT_EQ(from_cli.dump().find("QWERTY"), std::string::npos);
}

TEST_F(GrantsApiTest, ProgrammesAreIsolatedAndDocumentationNeverServesGrantRecords) {
  std::string fund = NewFund();
  std::string call = OpenCall(fund);
  std::string app = EligibleApp(call, applicant_a_, "EUR", "10000");
  // Another organisation's grants officer finds nothing.
  Get("/grant-funds/" + fund, grants_other_, 404);
  Get("/grant-calls/" + call, grants_other_, 404);
  Get("/grant-applications/" + app, grants_other_, 404);
  EXPECT_EQ(Get("/grant-applications", grants_other_)["items"].size(), 0u);
  Post("/grant-applications/" + app + "/screening", grants_other_, Eligible(), 404);
  // Documentation routes never resolve a grant record, whatever its id.
  for (std::string c : {"incidents", "acts", "persons", "units", "testimonies"}) {
    Get("/" + c + "/" + app, documenter_, 404);
    Get("/" + c + "/" + fund, documenter_, 404);
  }
  // Applicants have no documentation rights at all.
  for (std::string c : {"incidents", "persons", "testimonies"}) {
    Get("/" + c, applicant_a_, 403);
  }
  Get("/audit", applicant_a_, 403);
  // Draft calls are invisible to applicants; published ones of every programme are listed.
  std::string draft = Post("/grant-calls", grants_, CallBody(fund), 201)["id"];
  Get("/grant-calls/" + draft, applicant_a_, 404);
  bool listed = false;
  const json calls = Get("/grant-calls", applicant_a_);
  for (const json& item : calls["items"]) {
    EXPECT_NE(item["id"], draft);
    listed = listed || item["id"] == call;
  }
  EXPECT_TRUE(listed);
  // The applicant role exists only in subgrantee organisations.
  auto admin = server_->Token("admin@org1.demo.example");
  EXPECT_EQ(field_of(Post("/users", admin,
                          {{"email", "sneaky@org1.demo.example"},
                           {"role", "applicant"},
                           {"password", "a long enough password"}},
                          400)),
            "role");
}

TEST_F(GrantsApiTest, DemoDataWorksAFictionalFundThroughToClosure) {
  const std::string officer = server_->Token("fstp-officer@org1.demo.example");
  // Other tests add funds to the same organisation: the demo's is found by its name.
  const json funds = Get("/grant-funds", officer);
  std::string fund;
  for (const json& f : funds["items"]) {
    if (f["name"] == "Local Justice Initiatives Fund (fictional demo)") fund = f["id"];
  }
  ASSERT_FALSE(fund.empty());
  json file = Do("GET", "/grant-funds/" + fund + "/export", officer, json(), 200,
                 {{"X-Purpose", "demo walkthrough"}});
  std::set<std::string> states;
  for (const json& a : file["agreements"]) states.insert(a["state"].get<std::string>());
  EXPECT_EQ(states, (std::set<std::string>{"closed", "signed"}));
  EXPECT_EQ(file["decisions"].size(), 1u);
  // The demo's applicant sees its own application and its letter, nothing of the other one.
  const std::string applicant = server_->Token("applicant@sub1.demo.example");
  json mine = Get("/grant-applications", applicant);
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["state"], "closed");
  EXPECT_EQ(Get("/grant-applications/" + mine["items"][0]["id"].get<std::string>() + "/letter",
                applicant)["outcome"],
            "awarded");
}

}  // namespace
}  // namespace giai::testing

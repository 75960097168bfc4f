// Sub-granting over HTTP against the real `giai` binary: the whole workflow from call to closure,
// the conflict-of-interest gate, hidden scores, the cap per recipient across currencies,
// report-gated tranches, and bad input with stable codes and fields.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

const char* kOrg1 = "Coalition Secretariat (fictional demo)";

std::string UtcIn(int seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

json Money(const char* amount, const char* currency) {
  return {{"amount", amount}, {"currency", currency}};
}

class GrantsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    const std::string dir = server_->data_dir();
    auto add = [&](const std::string& org, const std::string& email, const std::string& role) {
      server_->Giai({"user", "add", "--data", dir, "--org", org, "--email", email, "--role", role});
      return server_->Token(email);
    };
    grants_ = add(kOrg1, "officer@org1.demo.example", "grants");
    for (int i = 0; i < 3; ++i) {
      std::string email = "rev" + std::to_string(i + 1) + "@org1.demo.example";
      reviewers_.push_back(add(kOrg1, email, "reviewer"));
      std::string out = server_->Giai({"user", "add", "--data", dir, "--org", kOrg1, "--email",
                                       "x" + email, "--role", "viewer"});
      (void)out;
    }
    for (const char* name : {"Fictional Applicant A", "Fictional Applicant B"}) {
      server_->Giai({"org", "add", "--data", dir, "--name", name, "--kind", "subgrantee"});
    }
    applicant_a_ = add("Fictional Applicant A", "apply@a.demo.example", "applicant");
    applicant_b_ = add("Fictional Applicant B", "apply@b.demo.example", "applicant");
    documenter_ = server_->Token("documenter@org1.demo.example");
    grants_other_ = add("Justice Documentation Network (fictional demo)",
                        "officer@org2.demo.example", "grants");
    // Reviewer user ids, from /auth/me.
    for (const std::string& t : reviewers_) {
      auto client = server_->Client();
      reviewer_ids_.push_back(
          json::parse(client.Get("/api/v1/auth/me", Bearer(t))->body)["user"]["id"]);
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // One HTTP call; checks the status and returns the body (problem details on failure).
  static json Do(const char* method, const std::string& path, const std::string& token,
                 const json& body, int expected,
                 std::initializer_list<std::pair<std::string, std::string>> extra = {}) {
    auto client = server_->Client();
    httplib::Headers h = Bearer(token, extra);
    std::string m = method;
    httplib::Result r = m == "GET" ? client.Get("/api/v1" + path, h)
                        : m == "POST"
                            ? client.Post("/api/v1" + path, h, body.dump(), "application/json")
                            : client.Patch("/api/v1" + path, h, body.dump(), "application/json");
    if (!r) {
      ADD_FAILURE() << method << " " << path << ": no response";
      return json();
    }
    EXPECT_EQ(r->status, expected) << method << " " << path << "\n" << r->body;
    json out = json::parse(r->body, nullptr, false);
    return out;
  }
  static json Post(const std::string& path, const std::string& token, const json& body,
                   int expected) {
    return Do("POST", path, token, body, expected);
  }
  static json Get(const std::string& path, const std::string& token, int expected = 200) {
    return Do("GET", path, token, json(), expected);
  }

  static json FundBody() {
    return {{"name", "Local Justice Initiatives Fund (fictional)"},
            {"currency", "EUR"},
            {"envelope", Money("500000.00", "EUR")},
            {"activities", {"documentation", "victim_participation", "legal_aid"}},
            {"recipient_categories", {"registered_cso", "unregistered_group"}},
            {"criteria",
             {{{"id", "relevance"}, {"label", "Relevance"}, {"weight", 40}},
              {{"id", "capacity"}, {"label", "Capacity"}, {"weight", 35}},
              {{"id", "value"}, {"label", "Value for money"}, {"weight", 25}}}},
            {"languages", {"en", "fr", "ar", "es"}},
            {"exclusion_list", {"Excluded Fictional Group"}}};
  }
  static std::string NewFund(json body = FundBody()) {
    return Post("/grant-funds", grants_, body, 201)["id"];
  }
  static json CallBody(const std::string& fund, int deadline_in = 3600) {
    return {{"fund_id", fund},
            {"title", "Making justice work locally (fictional call)"},
            {"opens_at", UtcIn(-60)},
            {"deadline", UtcIn(deadline_in)},
            {"languages", {"en", "fr", "ar"}},
            {"form_version", "2026-1"},
            {"redress_route", "Write to the complaints committee within 30 days (fictional)."}};
  }
  static std::string OpenCall(const std::string& fund, int deadline_in = 3600) {
    std::string id = Post("/grant-calls", grants_, CallBody(fund, deadline_in), 201)["id"];
    EXPECT_EQ(Post("/grant-calls/" + id + "/state", grants_, {{"state", "open"}}, 200)["state"],
              "open");
    return id;
  }
  static json AppBody(const std::string& call, const char* currency, const char* total,
                      const char* activity = "documentation", const char* language = "fr") {
    // Two lines: total - 1000 and 1000, in the applicant's currency.
    long long whole = std::stoll(total);
    return {
        {"call_id", call},
        {"form_version", "2026-1"},
        {"title", std::string("Projet fictif ") + currency},
        {"activity", activity},
        {"recipient_category", "registered_cso"},
        {"language", language},
        {"country", "UA"},
        {"budget",
         {{"total", Money(total, currency)},
          {"lines",
           {{{"label", "staff"}, {"amount", Money(std::to_string(whole - 1000).c_str(), currency)}},
            {{"label", "travel"}, {"amount", Money("1000", currency)}}}}}},
        {"declarations",
         {{"on_honour", true}, {"text", "Signed by Zorblat Declarant (fictional)"}}}};
  }
  // A submitted and screened-eligible application.
  static std::string EligibleApp(const std::string& call, const std::string& applicant,
                                 const char* currency, const char* total,
                                 const char* activity = "documentation") {
    std::string id =
        Post("/grant-applications", applicant, AppBody(call, currency, total, activity), 201)["id"];
    Post("/grant-applications/" + id + "/submit", applicant, json(), 200);
    // Earlier tests may have awarded the same organisation the same activity: the double-funding
    // check then asks for a note (tested on its own in CapPerRecipientIsEnforcedAcrossCurrencies).
    auto client = server_->Client();
    auto r = client.Post("/api/v1/grant-applications/" + id + "/screening", Bearer(grants_),
                         Eligible().dump(), "application/json");
    if (r->status == 409) {
      EXPECT_EQ(json::parse(r->body)["field"], "double_funding_note");
      json noted = Eligible();
      noted["double_funding_note"] = "different beneficiaries (fictional)";
      Post("/grant-applications/" + id + "/screening", grants_, noted, 200);
    } else {
      EXPECT_EQ(r->status, 200) << r->body;
    }
    return id;
  }
  static json Eligible() {
    return {{"outcome", "eligible"},
            {"checklist",
             {{"admissible", true},
              {"eligible_activity", true},
              {"eligible_recipient", true},
              {"budget_complete", true}}}};
  }
  static std::string AssignAndClear(const std::string& app, int reviewer) {
    std::string a =
        Post("/grant-applications/" + app + "/assignments", grants_,
             {{"reviewer_id", reviewer_ids_[static_cast<std::size_t>(reviewer)]}}, 201)["id"];
    Post("/grant-assignments/" + a + "/declaration", reviewers_[static_cast<std::size_t>(reviewer)],
         {{"conflict", "none"}, {"confidentiality", true}}, 200);
    return a;
  }
  static std::string field_of(const json& problem) { return problem.value("field", ""); }
  static json Scores(int r, int c, int v) {
    return {{"scores", {{"relevance", r}, {"capacity", c}, {"value", v}}},
            {"recommendation", "yes"},
            {"comment", "fictional review"}};
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string grants_, grants_other_, applicant_a_, applicant_b_, documenter_;
  static inline std::vector<std::string> reviewers_, reviewer_ids_;
};

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

TEST_F(GrantsApiTest, ReviewersSeeNothingBeforeDeclaringAndRecusedCountForNothing) {
  std::string call = OpenCall(NewFund());
  std::string app = EligibleApp(call, applicant_a_, "EUR", "20000");
  const std::string& r1 = reviewers_[0];
  const std::string& r2 = reviewers_[1];
  const std::string& r3 = reviewers_[2];
  std::vector<std::string> asg;
  for (int r = 0; r < 3; ++r) {
    asg.push_back(Post("/grant-applications/" + app + "/assignments", grants_,
                       {{"reviewer_id", reviewer_ids_[static_cast<std::size_t>(r)]}}, 201)["id"]);
  }
  // Assigned but not declared: nothing of the application, no scores, no scoring.
  Get("/grant-applications/" + app, r1, 404);
  Get("/grant-applications/" + app + "/reviews", r1, 404);
  EXPECT_EQ(Post("/grant-assignments/" + asg[0] + "/review", r1, Scores(5, 5, 5), 409)["field"],
            "state");
  // Someone else's assignment is not found.
  Post("/grant-assignments/" + asg[0] + "/declaration", r2,
       {{"conflict", "none"}, {"confidentiality", true}}, 404);
  // Confidentiality is not optional; a declared conflict needs its statement.
  EXPECT_EQ(Post("/grant-assignments/" + asg[0] + "/declaration", r1, {{"conflict", "none"}},
                 400)["field"],
            "confidentiality");
  EXPECT_EQ(Post("/grant-assignments/" + asg[0] + "/declaration", r1,
                 {{"conflict", "declared"}, {"confidentiality", true}}, 400)["field"],
            "statement");
  // r1 declares a conflict (abstains): still nothing.
  json declared = Post("/grant-assignments/" + asg[0] + "/declaration", r1,
                       {{"conflict", "declared"},
                        {"confidentiality", true},
                        {"statement", "My cousin Flimbertine (fictional) chairs the applicant"}},
                       200);
  EXPECT_EQ(declared["state"], "declared");
  EXPECT_EQ(declared.dump().find("Flimbertine"), std::string::npos);
  Get("/grant-applications/" + app, r1, 404);
  Post("/grant-assignments/" + asg[0] + "/review", r1, Scores(5, 5, 5), 409);
  // r2 and r3 declare none: the application opens; others' scores stay hidden until one's own.
  for (int r : {1, 2}) {
    Post("/grant-assignments/" + asg[static_cast<std::size_t>(r)] + "/declaration",
         reviewers_[static_cast<std::size_t>(r)], {{"conflict", "none"}, {"confidentiality", true}},
         200);
  }
  EXPECT_EQ(Get("/grant-applications/" + app, r2)["id"], app);
  Post("/grant-assignments/" + asg[2] + "/review", r3, Scores(1, 1, 1), 200);
  Get("/grant-applications/" + app + "/reviews", r2, 403);
  EXPECT_EQ(Post("/grant-assignments/" + asg[1] + "/review", r2,
                 {{"scores", {{"relevance", 6}, {"capacity", 4}, {"value", 4}}},
                  {"recommendation", "yes"}},
                 400)["field"],
            "scores.relevance");
  Post("/grant-assignments/" + asg[1] + "/review", r2, Scores(5, 4, 3), 200);  // 4.15
  json both = Get("/grant-applications/" + app + "/reviews", r2);
  EXPECT_EQ(both["reviews_counted"], 2);
  EXPECT_EQ(both["consolidated_score"], "2.58");  // (415 + 100) / 2 = 257.5 -> 2.58
  // A late conflict: the manager recuses r3, whose score then counts for nothing and who
  // loses access.
  Post("/grant-assignments/" + asg[2] + "/recusal", grants_,
       {{"reason", "undisclosed link found (fictional)"}}, 200);
  Get("/grant-applications/" + app, r3, 404);
  Get("/grant-applications/" + app + "/reviews", r3, 404);
  json after = Get("/grant-applications/" + app + "/reviews", grants_);
  EXPECT_EQ(after["reviews_counted"], 1);
  EXPECT_EQ(after["consolidated_score"], "4.15");
  json for_r2 = Get("/grant-applications/" + app + "/reviews", r2);
  EXPECT_EQ(for_r2["items"].size(), 1u);
  // The abstaining and recused reviewers appear to the manager, marked as not counting.
  int not_counting = 0;
  for (const json& item : after["items"]) not_counting += item["counts"] ? 0 : 1;
  EXPECT_EQ(not_counting, 2);
  EXPECT_EQ(Get("/grant-assignments/" + asg[0], grants_)["sealed_fields"],
            json::array({"coi_statement"}));
  // Reviewers list only their own assignments; applicants and documenters none at all.
  EXPECT_EQ(Get("/grant-assignments?application_id=" + app, r1)["items"].size(), 1u);
  Get("/grant-assignments", applicant_a_, 403);
  Get("/grant-applications/" + app + "/reviews", applicant_a_, 403);
  Get("/grant-applications/" + app, documenter_, 403);
}

TEST_F(GrantsApiTest, CapPerRecipientIsEnforcedAcrossCurrencies) {
  std::string fund = NewFund();  // cap: the EU default, 60 000 EUR
  EXPECT_EQ(Get("/grant-funds/" + fund, grants_)["cap_per_recipient"], Money("60000.00", "EUR"));
  std::string call1 = OpenCall(fund);
  std::string uah = EligibleApp(call1, applicant_b_, "UAH", "1000000", "documentation");
  std::string usd = EligibleApp(call1, applicant_b_, "USD", "38000", "victim_participation");
  Post("/grant-calls/" + call1 + "/state", grants_, {{"state", "closed"}}, 200);
  // 1 000 000 UAH at 0.0225 = 22 500 EUR; 38 000 USD at 0.92 = 34 960 EUR: 57 460 EUR.
  json d1 = {
      {"meeting_date", "2026-11-21"},
      {"minutes", "fictional"},
      {"awards",
       {{{"application_id", uah}, {"amount", Money("1000000", "UAH")}, {"fx_rate", "0.0225"}},
        {{"application_id", usd}, {"amount", Money("38000", "USD")}, {"fx_rate", "0.92"}}}}};
  Post("/grant-calls/" + call1 + "/decision", grants_, d1, 201);
  EXPECT_EQ(Get("/grant-applications/" + usd, grants_)["award"]["cap_check"]["recipient_total"],
            Money("57460.00", "EUR"));
  // A later call: 3 000 USD more (2 760 EUR) takes the recipient to 60 220 EUR, over the cap.
  std::string call2 = OpenCall(fund);
  std::string more = EligibleApp(call2, applicant_b_, "USD", "3000", "legal_aid");
  // Double funding: the same organisation again for an activity already awarded to it.
  std::string again = Post("/grant-applications", applicant_b_,
                           AppBody(call2, "EUR", "5000", "documentation"), 201)["id"];
  Post("/grant-applications/" + again + "/submit", applicant_b_, json(), 200);
  json flagged = Post("/grant-applications/" + again + "/screening", grants_, Eligible(), 409);
  EXPECT_EQ(flagged["field"], "double_funding_note");
  EXPECT_NE(flagged["detail"].get<std::string>().find(uah), std::string::npos);
  json noted = Eligible();
  noted["double_funding_note"] = "a different community and period (fictional)";
  json screened = Post("/grant-applications/" + again + "/screening", grants_, noted, 200);
  EXPECT_EQ(screened["screening"][0]["double_funding"], json::array({uah}));
  Post("/grant-calls/" + call2 + "/state", grants_, {{"state", "closed"}}, 200);
  json d2 = {{"meeting_date", "2026-11-22"},
             {"minutes", "fictional"},
             {"awards",
              {{{"application_id", more}, {"amount", Money("3000", "USD")}, {"fx_rate", "0.92"}}}},
             {"rejected", {{{"application_id", again}, {"reasons", "double funding risk"}}}}};
  json over = Post("/grant-calls/" + call2 + "/decision", grants_, d2, 409);
  EXPECT_EQ(over["field"], "awards[0].cap_justification");
  EXPECT_NE(over["detail"].get<std::string>().find("60220.00"), std::string::npos);
  EXPECT_EQ(Get("/grant-applications/" + more, grants_)["state"], "eligible");  // nothing stored
  // A wrong currency for the award, and a bad rate, are bad input.
  json wrong = d2;
  wrong["awards"][0]["amount"] = Money("3000", "EUR");
  EXPECT_EQ(Post("/grant-calls/" + call2 + "/decision", grants_, wrong, 400)["field"],
            "awards[0].amount.currency");
  wrong = d2;
  wrong["awards"][0]["fx_rate"] = "-1";
  EXPECT_EQ(Post("/grant-calls/" + call2 + "/decision", grants_, wrong, 400)["field"],
            "awards[0].fx_rate");
  // With the recorded justification the breach is allowed, and recorded.
  d2["awards"][0]["cap_justification"] = "FSTP is the primary aim of this component (fictional)";
  Post("/grant-calls/" + call2 + "/decision", grants_, d2, 201);
  json check = Get("/grant-applications/" + more, grants_)["award"]["cap_check"];
  EXPECT_TRUE(check["exceeds"].get<bool>());
  EXPECT_EQ(check["recipient_total"], Money("60220.00", "EUR"));
  // Another recipient is not affected by B's awards.
  std::string call3 = OpenCall(fund);
  std::string other = EligibleApp(call3, applicant_a_, "EUR", "59000", "legal_aid");
  Post("/grant-calls/" + call3 + "/state", grants_, {{"state", "closed"}}, 200);
  Post("/grant-calls/" + call3 + "/decision", grants_,
       {{"meeting_date", "2026-11-23"},
        {"minutes", "fictional"},
        {"awards",
         {{{"application_id", other}, {"amount", Money("59000", "EUR")}, {"fx_rate", "1"}}}}},
       201);
}

TEST_F(GrantsApiTest, BadInputGetsStableCodesAndFields) {
  auto field = [](const json& problem) { return problem.value("field", ""); };
  auto code = [](const json& problem) { return problem.value("code", ""); };
  // Funds.
  json f = FundBody();
  f["currency"] = "EURO";
  EXPECT_EQ(field(Post("/grant-funds", grants_, f, 400)), "currency");
  f = FundBody();
  f["cap_per_recipient"] = Money("100000", "EUR");
  EXPECT_EQ(field(Post("/grant-funds", grants_, f, 400)), "cap_justification");
  f["cap_justification"] = "FSTP is the primary aim (fictional)";
  Post("/grant-funds", grants_, f, 201);
  f = FundBody();
  f["criteria"][0]["weight"] = 30;
  EXPECT_EQ(field(Post("/grant-funds", grants_, f, 400)), "criteria");
  f = FundBody();
  f["envelope"] = Money("1.001", "EUR");
  EXPECT_EQ(field(Post("/grant-funds", grants_, f, 400)), "envelope.amount");
  std::string fund = NewFund();
  // Calls.
  json c = CallBody(fund);
  c["deadline"] = "next week";
  EXPECT_EQ(field(Post("/grant-calls", grants_, c, 400)), "deadline");
  c = CallBody(fund, -10);
  c["opens_at"] = UtcIn(-3600);
  std::string past = Post("/grant-calls", grants_, c, 201)["id"];
  EXPECT_EQ(field(Post("/grant-calls/" + past + "/state", grants_, {{"state", "open"}}, 409)),
            "deadline");
  std::string call = OpenCall(fund);
  EXPECT_EQ(code(Post("/grant-calls/" + call + "/state", grants_, {{"state", "decided"}}, 409)),
            "conflict");
  // Applications.
  json a = AppBody(call, "UAH", "50000");
  a["budget"]["lines"][1]["amount"] = Money("999", "UAH");
  EXPECT_EQ(field(Post("/grant-applications", applicant_a_, a, 400)), "budget.total");
  a = AppBody(call, "UAH", "50000");
  a["budget"]["total"]["currency"] = "UAX";
  EXPECT_EQ(field(Post("/grant-applications", applicant_a_, a, 400)), "budget.total.currency");
  a = AppBody(call, "UAH", "50000");
  a["budget"]["lines"][0]["amount"]["currency"] = "EUR";
  EXPECT_EQ(field(Post("/grant-applications", applicant_a_, a, 400)), "budget.lines[0].currency");
  a = AppBody(call, "UAH", "50000");
  a["form_version"] = "2025-3";
  EXPECT_EQ(field(Post("/grant-applications", applicant_a_, a, 400)), "form_version");
  a = AppBody(call, "UAH", "50000");
  a["activity"] = "buying weapons";
  EXPECT_EQ(field(Post("/grant-applications", applicant_a_, a, 400)), "activity");
  a = AppBody(call, "UAH", "50000");
  a["state"] = "awarded";
  EXPECT_EQ(field(Post("/grant-applications", applicant_a_, a, 400)), "state");
  a = AppBody(call, "UAH", "50000");
  a["declarations"]["on_honour"] = false;
  std::string undeclared = Post("/grant-applications", applicant_a_, a, 201)["id"];
  EXPECT_EQ(field(Post("/grant-applications/" + undeclared + "/submit", applicant_a_, json(), 400)),
            "declarations.on_honour");
  // Only applicants apply; only their organisation's drafts are theirs.
  Post("/grant-applications", grants_, AppBody(call, "UAH", "50000"), 403);
  Post("/grant-applications/" + undeclared + "/submit", applicant_b_, json(), 404);
  // Editing needs If-Match and a draft.
  Do("PATCH", "/grant-applications/" + undeclared, applicant_a_, {{"title", "x"}}, 428);
  json edited = Do("PATCH", "/grant-applications/" + undeclared, applicant_a_,
                   {{"declarations", {{"on_honour", true}}}}, 200, {{"If-Match", "\"1\""}});
  EXPECT_EQ(edited["version"], 2);
  Do("PATCH", "/grant-applications/" + undeclared, applicant_a_, {{"title", "x"}}, 412,
     {{"If-Match", "\"1\""}});
  Post("/grant-applications/" + undeclared + "/submit", applicant_a_, json(), 200);
  Do("PATCH", "/grant-applications/" + undeclared, applicant_a_, {{"title", "x"}}, 409,
     {{"If-Match", "\"3\""}});
  // Screening: an eligible application passes every check; the exclusion list binds.
  json failing = Eligible();
  failing["checklist"]["admissible"] = false;
  EXPECT_EQ(field(Post("/grant-applications/" + undeclared + "/screening", grants_, failing, 400)),
            "checklist.admissible");
  json more_info = {{"outcome", "more_info"},
                    {"checklist", failing["checklist"]},
                    {"request", "Please attach the budget notes."}};
  Post("/grant-applications/" + undeclared + "/screening", grants_, more_info, 200);
  EXPECT_EQ(Get("/grant-applications/" + undeclared, applicant_a_)["state"], "more_info");
  Post("/grant-applications/" + undeclared + "/submit", applicant_a_, json(), 200);
  // Deadline passed: a call closing in 2 seconds refuses first submissions after it.
  std::string soon = OpenCall(fund, 2);
  std::string late =
      Post("/grant-applications", applicant_b_, AppBody(soon, "EUR", "10000"), 201)["id"];
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(field(Post("/grant-applications/" + late + "/submit", applicant_b_, json(), 409)),
            "deadline");
  EXPECT_EQ(field(Post("/grant-applications", applicant_b_, AppBody(soon, "EUR", "10000"), 409)),
            "deadline");
  // Reports: disaggregations add up to the value.
  // (Checked on a signed agreement in the workflow test; here the shape alone.)
  Post("/grant-agreements/gag_nonexistent/reports", applicant_a_,
       {{"type", "indicator"},
        {"period", "2027"},
        {"indicator_values",
         {{{"indicator_id", "X"},
           {"period", "2027"},
           {"value", 3},
           {"disaggregation", {{"sex", {{"female", 1}}}}}}}}},
       400);
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

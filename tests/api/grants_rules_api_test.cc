// Sub-granting rules over HTTP against the real `giai` binary: the conflict-of-interest gate and
// hidden scores, the cap per recipient across currencies and double funding, and bad input with
// stable codes and fields.
#include "tests/api/grants_fixture.h"

namespace giai::testing {
namespace {

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
  c["opens_at"] = InSeconds(-3600);
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

}  // namespace
}  // namespace giai::testing

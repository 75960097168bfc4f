// Sub-granting after the first pass, over real HTTP (docs/GRANTS.md): reports corrected and
// resubmitted after "changes requested", awards from the reserve list when an award falls away,
// edits of funds and calls, the applicant's own actions in the auditors' export, and application
// attachments that must name the application's vault files. Runs on SQLite and PostgreSQL.
#include <tuple>

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

TEST_F(GrantsChangesApiTest, ReserveListFillsAnAwardThatFellAwayInRankOrderWithinEnvelopeAndCap) {
  json fund_body = FundBody();
  fund_body["envelope"] = Money("30000", "EUR");
  fund_body["cap_per_recipient"] = Money("25000", "EUR");
  const std::string fund = NewFund(fund_body);
  const std::string call = OpenCall(fund);
  const std::string x = EligibleApp(call, applicant_a_, "EUR", "20000", "documentation");
  const std::string v = EligibleApp(call, applicant_b_, "EUR", "10000", "legal_aid");
  const std::string y = EligibleApp(call, applicant_a_, "EUR", "20000", "victim_participation");
  const std::string z = EligibleApp(call, applicant_b_, "EUR", "25000", "victim_participation");
  for (const std::string& app : {x, v}) {
    Post("/grant-assignments/" + AssignAndClear(app, 2) + "/review", reviewers_[2], Scores(5, 5, 5),
         200);
  }
  const std::string y_review = AssignAndClear(y, 0);
  Post("/grant-assignments/" + y_review + "/review", reviewers_[0], Scores(5, 5, 5), 200);
  Post("/grant-assignments/" + AssignAndClear(z, 1) + "/review", reviewers_[1], Scores(4, 4, 4),
       200);
  Post("/grant-calls/" + call + "/state", grants_, {{"state", "closed"}}, 200);
  Post("/grant-calls/" + call + "/decision", grants_,
       {{"meeting_date", "2026-11-20"},
        {"minutes", "fictional"},
        {"awards",
         {{{"application_id", x}, {"amount", Money("20000", "EUR")}, {"fx_rate", "1"}},
          {{"application_id", v}, {"amount", Money("10000", "EUR")}, {"fx_rate", "1"}}}},
        {"reserve", {{{"application_id", y}, {"reasons", "r"}}, {{"application_id", z}}}}},
       201);
  const std::string reserve_awards = "/grant-calls/" + call + "/reserve-awards";
  auto award = [&](const std::string& app, const char* amount) {
    return json{{"application_id", app},
                {"replaces", x},
                {"amount", Money(amount, "EUR")},
                {"fx_rate", "1"}};
  };
  // Nothing fell away yet: no vacancy to fill.
  EXPECT_EQ(Post(reserve_awards, grants_, award(y, "20000"), 409)["field"], "replaces");
  // X has a draft agreement; its applicant declines the award. Only its own organisation may,
  // and an applicant may only decline.
  const std::string ag = Post("/grant-applications/" + x + "/agreement", grants_,
                              AgreementBody("12000", "8000"), 201)["id"];
  Post("/grant-applications/" + x + "/release", applicant_b_, {{"reason", "declined"}}, 404);
  Post("/grant-applications/" + x + "/release", grants_other_,
       {{"reason", "declined"}, {"notes", "n"}}, 404);
  Post("/grant-applications/" + x + "/release", applicant_a_, {{"reason", "not_signed"}}, 403);
  EXPECT_EQ(
      Post("/grant-applications/" + x + "/release", grants_, {{"reason", "bored"}}, 400)["field"],
      "reason");
  EXPECT_EQ(Post("/grant-applications/" + x + "/release", grants_, {{"reason", "not_signed"}},
                 400)["field"],
            "notes");
  EXPECT_EQ(Post("/grant-applications/" + x + "/release", grants_,
                 {{"reason", "terminated_before_start"}, {"notes", "n"}}, 409)["code"],
            "conflict");  // no signed agreement to terminate
  json declined = Post("/grant-applications/" + x + "/release", applicant_a_,
                       {{"reason", "declined"}, {"notes", "our board changed its plans"}}, 200);
  EXPECT_EQ(declined["state"], "declined");
  EXPECT_EQ(declined["release"]["reason"], "declined");
  EXPECT_EQ(Get("/grant-agreements/" + ag, grants_)["state"], "cancelled");
  const json cancelled_tranches = Get("/grant-agreements/" + ag + "/tranches", grants_)["items"];
  ASSERT_EQ(cancelled_tranches.size(), 2u);
  for (const json& t : cancelled_tranches) EXPECT_EQ(t["state"], "cancelled");
  Post("/grant-applications/" + x + "/release", applicant_a_, {{"reason", "declined"}}, 409);
  // The reserve list in rank order: Y (5.00) before Z (4.00); a jump needs its justification.
  Post(reserve_awards, applicant_b_, award(z, "20000"), 403);
  Post("/grant-calls/gcl_nonexistent/reserve-awards", grants_, award(z, "20000"), 404);
  Post(reserve_awards, grants_other_, award(z, "20000"), 404);
  EXPECT_EQ(Post(reserve_awards, grants_, award(v, "10000"), 400)["field"], "application_id");
  EXPECT_EQ(Post(reserve_awards, grants_, award(z, "20000"), 409)["field"],
            "deviation_justification");
  // A conflict found late: Y's only reviewer is recused, so Y has no counting score any more
  // and Z is now first; Y is the jump.
  Post("/grant-assignments/" + y_review + "/recusal", grants_,
       {{"reason", "undisclosed link (fictional)"}}, 200);
  EXPECT_EQ(Post(reserve_awards, grants_, award(y, "20000"), 409)["field"],
            "deviation_justification");
  // The cap per recipient: B already holds V (10 000); 25 000 more is 35 000 > 25 000.
  EXPECT_EQ(Post(reserve_awards, grants_, award(z, "25000"), 409)["field"], "cap_justification");
  // With the justification the cap may be passed, never the envelope: V 10 000 + 25 000 > 30 000
  // (X's 20 000 went back to it).
  json justified = award(z, "25000");
  justified["cap_justification"] = "FSTP is the primary aim of this component (fictional)";
  json over = Post(reserve_awards, grants_, justified, 409);
  EXPECT_EQ(over["field"], "amount");
  EXPECT_NE(over["detail"].get<std::string>().find("35000.00"), std::string::npos);
  justified["amount"] = Money("26000", "EUR");
  EXPECT_EQ(Post(reserve_awards, grants_, justified, 400)["field"], "amount.amount");  // > request
  justified["amount"] = Money("20000", "EUR");
  json awarded = Post(reserve_awards, grants_, justified, 200);
  EXPECT_EQ(awarded["id"], z);
  EXPECT_EQ(awarded["state"], "awarded");
  EXPECT_EQ(awarded["award"]["replaces"], x);
  EXPECT_EQ(awarded["award"]["cap_check"]["recipient_total"], Money("30000.00", "EUR"));
  EXPECT_TRUE(awarded["award"]["cap_check"]["exceeds"].get<bool>());
  EXPECT_EQ(Get("/grant-applications/" + x, grants_)["replaced_by"], z);
  json letter = Get("/grant-applications/" + z + "/letter", applicant_b_);
  EXPECT_EQ(letter["outcome"], "awarded");
  json z_record = Get("/grant-applications/" + z, grants_);
  EXPECT_TRUE(z_record["decision"]["from_reserve"].get<bool>());
  ASSERT_EQ(z_record["decision"]["earlier_letters"].size(), 1u);
  EXPECT_EQ(z_record["decision"]["earlier_letters"][0]["outcome"], "reserve");
  // One vacancy, one replacement.
  justified["application_id"] = y;
  EXPECT_EQ(Post(reserve_awards, grants_, justified, 409)["field"], "replaces");
  // The new award proceeds as any other; the decision records the reserve award.
  Post("/grant-applications/" + z + "/agreement", grants_, AgreementBody("12000", "8000"), 201);
  json file = Do("GET", "/grant-funds/" + fund + "/export", grants_, json(), 200,
                 {{"X-Purpose", "audit (fictional)"}});
  ASSERT_EQ(file["decisions"].size(), 1u);
  ASSERT_EQ(file["decisions"][0]["reserve_awards"].size(), 1u);
  EXPECT_EQ(file["decisions"][0]["reserve_awards"][0]["replaces"], x);
  std::set<std::string> actions;
  for (const json& e : file["audit"]) actions.insert(e["action"].get<std::string>());
  EXPECT_TRUE(actions.count("grant_decision.reserve_award"));
}

TEST_F(GrantsChangesApiTest, AnAgreementTerminatedBeforeTheStartReleasesTheAwardUnlessPaid) {
  std::vector<std::string> s = SignedAgreement(applicant_b_);
  const std::string ag = s[0];
  const std::string app = Get("/grant-agreements/" + ag, grants_)["application_id"];
  EXPECT_EQ(Post("/grant-applications/" + app + "/release", grants_,
                 {{"reason", "not_signed"}, {"notes", "n"}}, 409)["code"],
            "conflict");  // it was signed
  Post("/grant-applications/" + app + "/release", applicant_b_, {{"reason", "declined"}}, 409);
  json lapsed = Post("/grant-applications/" + app + "/release", grants_,
                     {{"reason", "terminated_before_start"}, {"notes", "security situation"}}, 200);
  EXPECT_EQ(lapsed["state"], "lapsed");
  EXPECT_EQ(Get("/grant-agreements/" + ag, grants_)["state"], "cancelled");
  // Once a tranche is paid the action has started: closure (with recovery) is the way out.
  std::vector<std::string> paid = SignedAgreement(applicant_b_);
  Post("/grant-tranches/" + paid[1] + "/payment", grants_,
       {{"paid_on", "2026-12-05"}, {"fx_rate", "1"}}, 200);
  const std::string paid_app = Get("/grant-agreements/" + paid[0], grants_)["application_id"];
  EXPECT_EQ(Post("/grant-applications/" + paid_app + "/release", grants_,
                 {{"reason", "terminated_before_start"}, {"notes", "n"}}, 409)["field"],
            "tranches");
  EXPECT_EQ(Get("/grant-agreements/" + paid[0], grants_)["state"], "signed");
}

TEST_F(GrantsChangesApiTest, FundsAndCallsAreEditedFreelyAsDraftsThenOnlyAsTheRulesAllow) {
  const std::string fund = NewFund();
  const std::string call = Post("/grant-calls", grants_, CallBody(fund), 201)["id"];
  auto patch = [](const std::string& path, const std::string& token, const json& body, int expected,
                  const char* version) {
    return Do("PATCH", path, token, body, expected, {{"If-Match", version}});
  };
  const std::string c = "/grant-calls/" + call, f = "/grant-funds/" + fund;
  // A draft call: any field, validated again; If-Match is required and checked.
  Do("PATCH", c, grants_, {{"guidelines", "x"}}, 428);
  const std::string later = InSeconds(7200);
  json edited =
      patch(c, grants_, {{"deadline", later}, {"guidelines", "Read this first."}}, 200, "\"1\"");
  EXPECT_EQ(edited["version"], 2);
  EXPECT_EQ(edited["deadline"], later);
  EXPECT_EQ(edited["changes"][0]["fields"], json::array({"deadline", "guidelines"}));
  patch(c, grants_, {{"title", "stale"}}, 412, "\"1\"");
  EXPECT_EQ(patch(c, grants_, {{"fund_id", fund}}, 400, "\"2\"")["field"], "fund_id");
  EXPECT_EQ(patch(c, grants_, {{"deadline", "tomorrow"}}, 400, "\"2\"")["field"], "deadline");
  EXPECT_EQ(patch(c, grants_, {{"languages", {"de"}}}, 400, "\"2\"")["field"], "languages");
  patch(c, grants_other_, {{"title", "x"}}, 404, "\"2\"");
  patch(c, applicant_a_, {{"title", "x"}}, 403, "\"2\"");
  // A fund whose calls are all drafts: any field but its currency; weights still add up to 100.
  json criteria = FundBody()["criteria"];
  criteria[0]["weight"] = 50;
  EXPECT_EQ(patch(f, grants_, {{"criteria", criteria}}, 400, "\"1\"")["field"], "criteria");
  criteria[1]["weight"] = 25;
  json fund_edited = patch(f, grants_, {{"criteria", criteria}}, 200, "\"1\"");
  EXPECT_EQ(fund_edited["criteria"][0]["weight"], 50);
  EXPECT_EQ(patch(f, grants_, {{"currency", "USD"}}, 400, "\"2\"")["field"], "currency");
  patch(f, grants_, {{"name", "stale"}}, 412, "\"1\"");
  patch(f, grants_other_, {{"name", "x"}}, 404, "\"2\"");
  // Published: the call's conditions bind; only the deadline is extended, with a reason that
  // every applicant reads in the call's Q&A.
  Post(c + "/state", grants_, {{"state", "open"}}, 200);
  EXPECT_EQ(patch(c, grants_, {{"title", "x"}, {"change_reason", "r"}}, 409, "\"3\"")["field"],
            "title");
  const std::string extended = InSeconds(86400);
  EXPECT_EQ(patch(c, grants_, {{"deadline", extended}}, 400, "\"3\"")["field"], "change_reason");
  EXPECT_EQ(patch(c, grants_, {{"deadline", InSeconds(3600)}, {"change_reason", "r"}}, 409,
                  "\"3\"")["field"],
            "deadline");  // shortened
  json extended_call = patch(
      c, grants_, {{"deadline", extended}, {"change_reason", "Connectivity outage in the region."}},
      200, "\"3\"");
  EXPECT_EQ(extended_call["changes"][1]["reason"], "Connectivity outage in the region.");
  EXPECT_EQ(extended_call["changes"][1]["before"]["deadline"], later);
  json seen = Get(c, applicant_a_);
  EXPECT_EQ(seen["deadline"], extended);
  ASSERT_EQ(seen["questions"].size(), 1u);
  EXPECT_TRUE(seen["questions"][0]["notice"].get<bool>());
  EXPECT_NE(seen["questions"][0]["answer"].get<std::string>().find("Connectivity outage"),
            std::string::npos);
  // The fund once published: the envelope and the exclusion list, with a reason; never below
  // the awards it holds.
  EXPECT_EQ(patch(f, grants_, {{"criteria", FundBody()["criteria"]}, {"change_reason", "r"}}, 409,
                  "\"2\"")["field"],
            "criteria");
  EXPECT_EQ(
      patch(f, grants_, {{"exclusion_list", {"Sanctioned Fictional Org"}}}, 400, "\"2\"")["field"],
      "change_reason");
  json excluded =
      patch(f, grants_,
            {{"exclusion_list", {"Excluded Fictional Group", "Sanctioned Fictional Org"}},
             {"change_reason", "EU sanctions list update (fictional)"}},
            200, "\"2\"");
  EXPECT_EQ(excluded["exclusion_list"].size(), 2u);
  Awarded held = AwardedApp(applicant_a_);
  const std::string hf = "/grant-funds/" + held.fund;
  EXPECT_EQ(patch(hf, grants_, {{"envelope", Money("10000", "EUR")}, {"change_reason", "cut"}}, 409,
                  "\"1\"")["field"],
            "envelope");
  EXPECT_EQ(patch(hf, grants_, {{"envelope", Money("20000", "EUR")}, {"change_reason", "trim"}},
                  200, "\"1\"")["envelope"],
            Money("20000.00", "EUR"));
  patch("/grant-calls/" + held.call, grants_,
        {{"deadline", InSeconds(99999)}, {"change_reason", "r"}}, 409, "\"4\"");  // decided
  // Every edit is in the auditors' file.
  json file = Do("GET", f + "/export", grants_, json(), 200, {{"X-Purpose", "audit (fictional)"}});
  int updates = 0;
  for (const json& e : file["audit"]) {
    const std::string a = e["action"];
    updates += a == "grant_call.update" || a == "grant_fund.update" ? 1 : 0;
  }
  EXPECT_EQ(updates, 4);  // call x2, fund x2
}

TEST_F(GrantsChangesApiTest, ApplicantActionsAreInTheFundsAuditorsFileAndNothingElseOfTheirTrail) {
  // Applicant A's actions on this fund: draft, edit, upload, submit; a second draft withdrawn;
  // after the award, reports (one corrected) and, on another award, declining it.
  std::vector<std::string> s = SignedAgreement(applicant_a_);
  const std::string ag = s[0];
  const json agreement = Get("/grant-agreements/" + ag, grants_);
  const std::string fund = agreement["fund_id"], call = agreement["call_id"];
  const std::string app = agreement["application_id"];
  // Applicant A also acts in another programme's fund: none of that may appear.
  const std::string elsewhere_call = OpenCall(NewFund());
  const std::string elsewhere =
      Post("/grant-applications", applicant_a_, AppBody(elsewhere_call, "EUR", "5000"), 201)["id"];
  Post("/grant-applications/" + elsewhere + "/withdraw", applicant_a_, json(), 200);
  Post("/grant-tranches/" + s[1] + "/payment", grants_,
       {{"paid_on", "2026-12-05"}, {"fx_rate", "1"}}, 200);
  const std::string report = Post("/grant-agreements/" + ag + "/reports", applicant_a_,
                                  {{"type", "financial"},
                                   {"tranche_id", s[2]},
                                   {"period", "2027-H1"},
                                   {"expenditure", Money("100", "EUR")}},
                                  201)["id"];
  Post("/grant-reports/" + report + "/review", grants_,
       {{"outcome", "changes_requested"}, {"comment", "c"}}, 200);
  Post("/grant-reports/" + report + "/resubmission", applicant_a_,
       {{"expenditure", Money("90", "EUR")}}, 200);
  json file = Do("GET", "/grant-funds/" + fund + "/export", grants_, json(), 200,
                 {{"X-Purpose", "OLAF check (fictional)"}});
  std::set<std::string> exported;
  for (const char* list : {"calls", "applications", "attachments", "assignments", "decisions",
                           "agreements", "tranches", "reports"}) {
    for (const json& r : file[list]) exported.insert(r["id"].get<std::string>());
  }
  exported.insert(fund);
  const std::string applicant_org =
      Get("/grant-applications/" + app, applicant_a_)["applicant_org_id"];
  std::set<std::string> by_applicant;
  for (const json& e : file["audit"]) {
    // Only events about the records in this file; the applicant's other doings stay out.
    EXPECT_TRUE(exported.count(e["record_id"].get<std::string>())) << e.dump();
    EXPECT_NE(e["record_id"], elsewhere);
    if (e["org_id"] == applicant_org) by_applicant.insert(e["action"].get<std::string>());
  }
  for (const char* action : {"grant_application.create", "grant_application.submit",
                             "grant_report.submit", "grant_report.resubmit"}) {
    EXPECT_TRUE(by_applicant.count(action)) << action;
  }
  EXPECT_FALSE(by_applicant.count("grant_application.withdraw"));  // that was the other fund's
  // Withdrawing and declining in this fund are there too.
  const std::string call2 = OpenCall(fund);
  const std::string dropped =
      Post("/grant-applications", applicant_a_, AppBody(call2, "EUR", "5000"), 201)["id"];
  Post("/grant-applications/" + dropped + "/withdraw", applicant_a_, json(), 200);
  Awarded other = AwardedApp(applicant_a_);
  Post("/grant-applications/" + other.app + "/release", applicant_a_, {{"reason", "declined"}},
       200);
  for (const auto& [f, app_id, action] :
       {std::tuple<std::string, std::string, std::string>{fund, dropped,
                                                          "grant_application.withdraw"},
        {other.fund, other.app, "grant_application.release.declined"}}) {
    json again = Do("GET", "/grant-funds/" + f + "/export", grants_, json(), 200,
                    {{"X-Purpose", "OLAF check (fictional)"}});
    bool found = false;
    for (const json& e : again["audit"]) {
      found = found ||
              (e["record_id"] == app_id && e["action"] == action && e["org_id"] == applicant_org);
    }
    EXPECT_TRUE(found) << action;
  }
  // The CLI's file carries them as well.
  json cli = json::parse(server_->Giai({"grants", "export", "--data", server_->data_dir(), "--fund",
                                        fund, "--purpose", "OLAF check (fictional)"}));
  bool resubmit = false;
  for (const json& e : cli["audit"]) resubmit = resubmit || e["action"] == "grant_report.resubmit";
  EXPECT_TRUE(resubmit);
}

TEST_F(GrantsChangesApiTest, ApplicationAttachmentsNameTheApplicationsOwnVaultFiles) {
  const std::string call = OpenCall(NewFund());
  json body = AppBody(call, "EUR", "20000");
  body["attachments"] = {"statutes.pdf"};
  EXPECT_EQ(Post("/grant-applications", applicant_a_, body, 400)["field"], "attachments");
  const std::string app =
      Post("/grant-applications", applicant_a_, AppBody(call, "EUR", "20000"), 201)["id"];
  const std::string other =
      Post("/grant-applications", applicant_a_, AppBody(call, "EUR", "9000"), 201)["id"];
  auto put = [&](const std::string& application, const std::string& name) {
    auto client = server_->Client();
    auto r = client.Put("/api/v1/grant-applications/" + application + "/attachments/" + name,
                        Bearer(applicant_a_), "%PDF-1.4\n% fictional annex\n%%EOF\n",
                        "application/octet-stream");
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body)["id"].get<std::string>();
  };
  const std::string mine = put(app, "statutes.pdf");
  const std::string theirs = put(other, "workplan.pdf");
  auto patch = [&](const json& refs, int expected, const std::string& version) {
    return Do("PATCH", "/grant-applications/" + app, applicant_a_, {{"attachments", refs}},
              expected, {{"If-Match", "\"" + version + "\""}});
  };
  EXPECT_EQ(patch({"gat_unknown"}, 400, "1")["field"], "attachments");
  EXPECT_EQ(patch({"statutes.pdf"}, 400, "1")["field"], "attachments");
  EXPECT_EQ(patch({theirs}, 400, "1")["field"], "attachments");  // another application's file
  EXPECT_EQ(patch({mine, mine}, 400, "1")["field"], "attachments");
  EXPECT_EQ(patch({mine}, 200, "1")["attachments"], json::array({mine}));
  EXPECT_EQ(Get("/grant-applications/" + app, grants_)["attachments"], json::array({mine}));
  // Other edits leave the list alone; the list may be emptied.
  Do("PATCH", "/grant-applications/" + app, applicant_a_, {{"title", "Projet fictif (v2)"}}, 200,
     {{"If-Match", "\"2\""}});
  EXPECT_EQ(patch(json::array(), 200, "3")["attachments"], json::array());
}

}  // namespace
}  // namespace giai::testing

// The fixture shared by the sub-granting HTTP suites (grants_api_test.cc,
// grants_rules_api_test.cc): a real `giai serve` over the demo dataset, with a grants officer,
// three reviewers and two applicant (subgrantee) organisations, and helpers that build valid funds,
// calls and applications.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {

using nlohmann::json;

inline const char* kOrg1 = "Coalition Secretariat (fictional demo)";

inline json Money(const char* amount, const char* currency) {
  return {{"amount", amount}, {"currency", currency}};
}

class GrantsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { StartSuite(); }
  // `options`: e.g. a smaller upload limit (grants_attachments_api_test.cc).
  static void StartSuite(const TestServer::Options& options = {}) {
    server_ = TestServer::Start(options).release();
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
            {"opens_at", InSeconds(-60)},
            {"deadline", InSeconds(deadline_in)},
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

}  // namespace giai::testing

// The documentation API over real HTTP against a real `giai serve` on the demo data.
#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

class DocumentationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    documenter_ = server_->Token("documenter@org1.demo.example");
    analyst_ = server_->Token("analyst@org1.demo.example");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static json Body(const httplib::Result& r) {
    EXPECT_TRUE(r) << "no response";
    if (!r) return json();
    return json::parse(r->body, nullptr, false);
  }

  httplib::Result Post(const std::string& path, const json& body,
                       std::initializer_list<std::pair<std::string, std::string>> extra = {}) {
    auto client = server_->Client();
    return client.Post(path, Bearer(documenter_, extra), body.dump(), "application/json");
  }
  httplib::Result Get(const std::string& path, const std::string& token = documenter_,
                      std::initializer_list<std::pair<std::string, std::string>> extra = {}) {
    auto client = server_->Client();
    return client.Get(path, Bearer(token, extra));
  }
  json NewIncident(const std::string& title = "Shelling of a fictional school") {
    auto r = Post("/api/v1/incidents", {{"title", title},
                                        {"date", "1999-03/1999-06"},
                                        {"country", "SY"},
                                        {"narrative", "[TEST] a narrative"}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r);
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, analyst_;
};

TEST_F(DocumentationApiTest, CreatesAndReadsAnIncidentWithDerivedDates) {
  auto r = Post("/api/v1/incidents", {{"title", "Raid on a fictional village"},
                                      {"date", "1999-~04"},
                                      {"country", "UA"},
                                      {"narrative", "[TEST] narrative"}});
  ASSERT_EQ(r->status, 201) << r->body;
  json created = Body(r);
  EXPECT_EQ(r->get_header_value("Location"),
            "/api/v1/incidents/" + created["id"].get<std::string>());
  EXPECT_EQ(r->get_header_value("ETag"), "\"1\"");
  EXPECT_EQ(created["date_range"]["earliest"], "1999-04-01");
  EXPECT_EQ(created["date_range"]["latest"], "1999-04-30");
  EXPECT_FALSE(created.contains("narrative"));  // never in ordinary reads
  EXPECT_TRUE(created["has_narrative"].get<bool>());
  auto got = Get("/api/v1/incidents/" + created["id"].get<std::string>());
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(Body(got)["title"], "Raid on a fictional village");
}

TEST_F(DocumentationApiTest, NarrativeNeedsAPurposeAndARoleThatMayReadIt) {
  json incident = NewIncident();
  std::string path = "/api/v1/incidents/" + incident["id"].get<std::string>() + "/narrative";
  EXPECT_EQ(Get(path)->status, 400);
  auto ok = Get(path, documenter_, {{"X-Purpose", "case preparation"}});
  ASSERT_EQ(ok->status, 200);
  EXPECT_EQ(Body(ok)["narrative"], "[TEST] a narrative");
  EXPECT_EQ(Get(path, analyst_, {{"X-Purpose", "statistics"}})->status, 403);
}

TEST_F(DocumentationApiTest, ListsFilterByCountryDateCrimeAndPaginateStably) {
  auto all = Body(Get("/api/v1/incidents?limit=500"));
  std::set<std::string> ids;
  std::string cursor;
  int pages = 0;
  do {
    auto page =
        Body(Get("/api/v1/incidents?limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    for (const auto& item : page["items"]) {
      EXPECT_TRUE(ids.insert(item["id"].get<std::string>()).second) << "duplicate across pages";
    }
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 100);
  EXPECT_EQ(ids.size(), all["items"].size());
  EXPECT_GE(ids.size(), 20u);

  json ukrainian = Body(Get("/api/v1/incidents?limit=500&country=UA"));  // kept alive for the loop
  for (const auto& item : ukrainian["items"]) {
    EXPECT_EQ(item["country"], "UA");
  }
  auto dated = Body(Get("/api/v1/incidents?limit=500&from=2015-01-01&to=2015-12-31"));
  for (const auto& item : dated["items"]) {
    EXPECT_LE(item["date_range"]["earliest"].get<std::string>(), "2015-12-31");
    EXPECT_GE(item["date_range"]["latest"].get<std::string>(), "2015-01-01");
  }
  auto rape = Body(Get("/api/v1/incidents?limit=500&crime=ICC-7-1-g-1"));
  ASSERT_FALSE(rape["items"].empty());
  for (const auto& item : rape["items"]) {
    auto acts = Body(Get("/api/v1/acts?limit=500&incident_id=" + item["id"].get<std::string>()));
    bool qualified = false;
    for (const auto& act : acts["items"]) {
      for (const auto& q : act["qualifications"]) qualified |= q == "ICC-7-1-g-1";
    }
    EXPECT_TRUE(qualified);
  }
  EXPECT_EQ(Get("/api/v1/incidents?limit=0")->status, 400);
  EXPECT_EQ(Get("/api/v1/incidents?colour=red")->status, 400);
  EXPECT_EQ(Get("/api/v1/incidents?from=1999-02-30")->status, 400);
}

TEST_F(DocumentationApiTest, UpdatesNeedIfMatchAndRefuseStaleVersions) {
  json incident = NewIncident();
  std::string path = "/api/v1/incidents/" + incident["id"].get<std::string>();
  auto client = server_->Client();
  auto missing = client.Patch(path, Bearer(documenter_), R"({"title":"x"})", "application/json");
  EXPECT_EQ(missing->status, 428);
  auto first = client.Patch(path, Bearer(documenter_, {{"If-Match", "\"1\""}}),
                            R"({"title":"Edited once"})", "application/merge-patch+json");
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(first->get_header_value("ETag"), "\"2\"");
  auto stale = client.Patch(path, Bearer(documenter_, {{"If-Match", "\"1\""}}),
                            R"({"title":"Lost update"})", "application/json");
  EXPECT_EQ(stale->status, 412);
  EXPECT_EQ(Body(stale)["code"], "precondition_failed");
  EXPECT_EQ(Body(Get(path))["title"], "Edited once");
  // The narrative survives an edit that does not touch it.
  auto narrative = Get(path + "/narrative", documenter_, {{"X-Purpose", "check"}});
  EXPECT_EQ(Body(narrative)["narrative"], "[TEST] a narrative");
}

TEST_F(DocumentationApiTest, BadInputGetsAProblemWithCodeAndFieldAndWritesNothing) {
  struct Case {
    std::string body;
    std::string content_type;
    int status;
    std::string code;
    std::string field;
  };
  std::vector<Case> cases = {
      {"{not json", "application/json", 400, "invalid_input", ""},
      {"{\"title\":\"\xff\xfe\"}", "application/json", 400, "invalid_input", ""},
      {R"({"title":"t","date":"1999","country":"SY","colour":"red"})", "application/json", 400,
       "invalid_input", "colour"},
      {R"({"title":5,"date":"1999","country":"SY"})", "application/json", 400, "invalid_input",
       "title"},
      {R"({"title":"t","date":"1999-13","country":"SY"})", "application/json", 400, "invalid_input",
       "date"},
      {R"({"title":"t","date":"1999","country":"ZZ"})", "application/json", 400, "invalid_input",
       "country"},
      {R"({"title":"t","date":"1999","country":"SY","id":"inc_mine"})", "application/json", 400,
       "invalid_input", "id"},
      {R"([1,2])", "application/json", 400, "invalid_input", ""},
      {R"({"title":"t","date":"1999","country":"SY"})", "text/plain", 415, "unsupported_media_type",
       ""},
  };
  auto before = Body(Get("/api/v1/incidents?limit=500"))["items"].size();
  auto client = server_->Client();
  for (const Case& c : cases) {
    auto r = client.Post("/api/v1/incidents", Bearer(documenter_), c.body, c.content_type.c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.status) << c.body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    json problem = Body(r);
    EXPECT_EQ(problem["code"], c.code) << c.body;
    if (!c.field.empty()) {
      EXPECT_EQ(problem.value("field", ""), c.field) << c.body;
    }
    EXPECT_TRUE(problem.contains("request_id"));
  }
  // Acts: unknown crime ids and references to records that are not the caller's.
  json incident = NewIncident();
  auto act =
      Post("/api/v1/acts", {{"incident_id", incident["id"]},
                            {"act_type", "02011111000004"},
                            {"victims", json::array({{{"group", "villagers"}, {"count", 3}}})},
                            {"qualifications", json::array({"ICC-7-1-a", "ICC-99-9"})}});
  EXPECT_EQ(act->status, 400);
  EXPECT_EQ(Body(act)["field"], "qualifications[1]");
  auto orphan = Post("/api/v1/acts", {{"incident_id", "inc_doesnotexist"},
                                      {"act_type", "02011111000004"},
                                      {"victims", json::array({{{"group", "g"}, {"count", 1}}})}});
  EXPECT_EQ(Body(orphan)["field"], "incident_id");
  auto after = Body(Get("/api/v1/incidents?limit=500"))["items"].size();
  EXPECT_EQ(after, before + 1);  // only NewIncident() above was written
  EXPECT_EQ(Get("/api/v1/incidents/inc_unknown")->status, 404);
  EXPECT_EQ(client.Delete("/api/v1/incidents/x", Bearer(documenter_))->status, 405);
}

TEST_F(DocumentationApiTest, ARetriedPostWithTheSameIdempotencyKeyCreatesOneRecord) {
  json body = {{"title", "Retried over a poor connection"}, {"date", "2001"}, {"country", "SY"}};
  auto first = Post("/api/v1/incidents", body, {{"Idempotency-Key", "k-123"}});
  auto second = Post("/api/v1/incidents", body, {{"Idempotency-Key", "k-123"}});
  ASSERT_EQ(first->status, 201);
  ASSERT_EQ(second->status, 201);
  EXPECT_EQ(Body(first)["id"], Body(second)["id"]);
  EXPECT_EQ(second->get_header_value("Idempotent-Replayed"), "true");
  body["title"] = "Another request";
  EXPECT_EQ(Post("/api/v1/incidents", body, {{"Idempotency-Key", "k-123"}})->status, 409);
}

TEST_F(DocumentationApiTest, ActsPersonsUnitsAndTestimoniesLinkTogether) {
  auto person =
      Post("/api/v1/persons",
           {{"sex", "female"}, {"birth", "198X"}, {"identity", {{"full_name", "Test Person"}}}});
  ASSERT_EQ(person->status, 201) << person->body;
  json p = Body(person);
  EXPECT_TRUE(p["pseudonym"].get<std::string>().starts_with("P-"));
  EXPECT_FALSE(p.contains("identity"));
  auto unit =
      Post("/api/v1/units",
           {{"name", "Fictional Unit"},
            {"unit_type", "armed_group"},
            {"commanders", json::array({{{"person_id", p["id"]}, {"period", "2012/2014"}}})}});
  ASSERT_EQ(unit->status, 201) << unit->body;
  json incident = NewIncident();
  auto act =
      Post("/api/v1/acts",
           {{"incident_id", incident["id"]},
            {"act_type", "02011111000004"},
            {"victims", json::array({{{"person_id", p["id"]}}})},
            {"perpetrators",
             json::array({{{"unit_id", Body(unit)["id"]}, {"involvement", "01010000000018"}}})},
            {"qualifications", json::array({"ICC-7-1-f", "CAT-1"})},
            {"gender_based", false}});
  ASSERT_EQ(act->status, 201) << act->body;
  auto testimony = Post("/api/v1/testimonies", {{"person_id", p["id"]},
                                                {"date", "2020-05-04"},
                                                {"language", "ar-SY"},
                                                {"incident_ids", json::array({incident["id"]})},
                                                {"narrative", "[TEST] testimony"}});
  ASSERT_EQ(testimony->status, 201) << testimony->body;
  auto mine = Body(Get("/api/v1/testimonies?person_id=" + p["id"].get<std::string>()));
  EXPECT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(Post("/api/v1/testimonies",
                 {{"person_id", p["id"]}, {"date", "2020"}, {"language", "Arabic"}})
                ->status,
            400);
}

TEST_F(DocumentationApiTest, VocabulariesAndOpenApiDocumentEveryRoute) {
  auto crimes = Body(Get("/api/v1/vocabularies/crimes"));
  EXPECT_GE(crimes["crimes"].size(), 100u);
  auto acts = Body(Get("/api/v1/vocabularies/act-types"));
  EXPECT_GE(acts["act_types"].size(), 500u);
  auto client = server_->Client();
  auto doc = Body(client.Get("/api/v1/openapi.json"));
  EXPECT_EQ(doc["openapi"], "3.1.0");
  // Every route this suite and the access matrix exercise must be in the contract.
  std::set<std::pair<std::string, std::string>> expected = {
      {"/api/v1/auth/login", "post"},
      {"/api/v1/auth/logout", "post"},
      {"/api/v1/auth/me", "get"},
      {"/api/v1/organisation", "get"},
      {"/api/v1/users", "get"},
      {"/api/v1/users", "post"},
      {"/api/v1/audit", "get"},
      {"/api/v1/vocabularies/crimes", "get"},
      {"/api/v1/vocabularies/act-types", "get"},
      {"/healthz", "get"},
      {"/metrics", "get"},
      {"/api/v1/openapi.json", "get"},
      {"/api/v1/persons/{id}/identity", "get"},
      {"/api/v1/persons/{id}/consents", "get"},
      {"/api/v1/persons/{id}/consents", "post"},
      {"/api/v1/persons/{id}/consents/withdraw", "post"},
      {"/api/v1/persons/{id}/identity/erase", "post"},
      // Restricted state and subject access (protect_api_test.cc).
      {"/api/v1/persons/{id}/restriction", "get"},
      {"/api/v1/persons/{id}/restriction", "post"},
      {"/api/v1/persons/{id}/restriction/lift", "post"},
      {"/api/v1/persons/{id}/subject-access", "get"},
      // Case building (case_api_test.cc).
      {"/api/v1/cases", "get"},
      {"/api/v1/cases", "post"},
      {"/api/v1/cases/{id}", "get"},
      {"/api/v1/cases/{id}", "patch"},
      {"/api/v1/cases/{id}/charges", "get"},
      {"/api/v1/cases/{id}/charges", "post"},
      {"/api/v1/cases/{id}/case-file", "get"},
      {"/api/v1/cases/{id}/case-file", "post"},  // case_file_api_test.cc
      {"/api/v1/assessments/{id}/withdrawal", "post"},
      {"/api/v1/charges/{id}/matrix", "get"},
      {"/api/v1/charges/{id}/gaps", "get"},
      {"/api/v1/charges/{id}/suggestions", "get"},
      {"/api/v1/charges/{id}/assessments", "get"},
      {"/api/v1/charges/{id}/assessments", "post"},
      {"/api/v1/assessments/{id}/note", "get"},
      {"/api/v1/sources", "get"},
      {"/api/v1/sources", "post"},
      {"/api/v1/sources/{id}", "get"},
      // Evidence and ledger (exercised by evidence_api_test).
      {"/api/v1/evidence", "get"},
      {"/api/v1/evidence", "post"},
      {"/api/v1/evidence/{id}", "get"},
      {"/api/v1/evidence/{id}/content", "get"},
      {"/api/v1/evidence/{id}/content", "put"},
      {"/api/v1/evidence/{id}/custody", "get"},
      {"/api/v1/evidence/{id}/derivatives", "post"},
      {"/api/v1/evidence/{id}/proof", "get"},
      {"/api/v1/evidence/{id}/shred", "post"},
      {"/api/v1/evidence/{id}/transfers", "post"},
      {"/api/v1/exports", "post"},
      {"/api/v1/ledger/checkpoint", "get"},
      {"/api/v1/ledger/key", "get"},
      {"/api/v1/ledger/proof/inclusion", "get"},
      {"/api/v1/ledger/proof/consistency", "get"}};
  for (std::string c : {"incidents", "acts", "persons", "units", "testimonies"}) {
    expected.insert({"/api/v1/" + c, "get"});
    expected.insert({"/api/v1/" + c, "post"});
    expected.insert({"/api/v1/" + c + "/{id}", "get"});
    expected.insert({"/api/v1/" + c + "/{id}", "patch"});
  }
  for (std::string c : {"incidents", "acts", "testimonies"}) {
    expected.insert({"/api/v1/" + c + "/{id}/narrative", "get"});
  }
  // Evidence vault and transparency log (tests/api/evidence_api_test.cc).
  for (const char* route :
       {"POST /evidence", "GET /evidence", "GET /evidence/{id}", "PUT /evidence/{id}/content",
        "GET /evidence/{id}/content", "POST /evidence/{id}/derivatives",
        "GET /evidence/{id}/custody", "GET /evidence/{id}/proof", "POST /evidence/{id}/shred",
        "GET /ledger/checkpoint", "GET /ledger/key", "GET /ledger/proof/inclusion",
        "GET /ledger/proof/consistency"}) {
    std::string r = route;
    std::string method = r.substr(0, r.find(' '));
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    expected.insert({"/api/v1" + r.substr(r.find(' ') + 1), method});
  }
  // Sharing across organisations and follow-up tasks (tests/api/share_api_test.cc).
  for (const char* route : {"POST /shares",
                            "GET /shares",
                            "GET /shares/received",
                            "GET /shares/recipients",
                            "GET /shares/{id}",
                            "POST /shares/{id}/approve",
                            "POST /shares/{id}/revoke",
                            "GET /shares/{id}/access-log",
                            "GET /shares/{id}/items",
                            "GET /shares/{id}/items/{item_id}",
                            "GET /shares/{id}/items/{item_id}/narrative",
                            "GET /shares/{id}/items/{item_id}/identity",
                            "POST /shares/{id}/contributions",
                            "GET /shares/{id}/contributions",
                            "GET /tasks",
                            "GET /tasks/{id}",
                            "POST /tasks/{id}/close",
                            "POST /agreements",
                            "GET /agreements",
                            "GET /agreements/{id}",
                            "PATCH /agreements/{id}"}) {
    std::string r = route;
    std::string method = r.substr(0, r.find(' '));
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    expected.insert({"/api/v1" + r.substr(r.find(' ') + 1), method});
  }
  // Sub-granting (tests/api/grants_api_test.cc).
  for (const char* route : {"POST /grant-funds",
                            "GET /grant-funds",
                            "GET /grant-funds/{id}",
                            "PATCH /grant-funds/{id}",
                            "GET /grant-funds/{id}/export",
                            "POST /grant-calls",
                            "GET /grant-calls",
                            "GET /grant-calls/{id}",
                            "PATCH /grant-calls/{id}",
                            "POST /grant-calls/{id}/state",
                            "POST /grant-calls/{id}/questions",
                            "GET /grant-calls/{id}/ranking",
                            "POST /grant-calls/{id}/decision",
                            "POST /grant-calls/{id}/reserve-awards",
                            "POST /grant-applications/{id}/release",
                            "POST /grant-applications",
                            "GET /grant-applications",
                            "GET /grant-applications/{id}",
                            "PATCH /grant-applications/{id}",
                            "POST /grant-applications/{id}/submit",
                            "POST /grant-applications/{id}/withdraw",
                            "POST /grant-applications/{id}/invite",
                            "POST /grant-applications/{id}/screening",
                            "POST /grant-applications/{id}/assignments",
                            "PUT /grant-applications/{id}/attachments/{name}",
                            "GET /grant-applications/{id}/attachments",
                            "GET /grant-applications/{id}/attachments/{attachment_id}/content",
                            "GET /grant-applications/{id}/reviews",
                            "GET /grant-applications/{id}/letter",
                            "POST /grant-applications/{id}/agreement",
                            "GET /grant-assignments",
                            "GET /grant-assignments/{id}",
                            "POST /grant-assignments/{id}/declaration",
                            "POST /grant-assignments/{id}/recusal",
                            "POST /grant-assignments/{id}/review",
                            "GET /grant-agreements/{id}",
                            "POST /grant-agreements/{id}/due-diligence",
                            "POST /grant-agreements/{id}/sign",
                            "POST /grant-agreements/{id}/amendments",
                            "GET /grant-agreements/{id}/bank-details",
                            "GET /grant-agreements/{id}/tranches",
                            "POST /grant-agreements/{id}/reports",
                            "GET /grant-agreements/{id}/reports",
                            "POST /grant-agreements/{id}/closure",
                            "POST /grant-tranches/{id}/payment",
                            "POST /grant-reports/{id}/review",
                            "POST /grant-reports/{id}/resubmission"}) {
    std::string r = route;
    std::string method = r.substr(0, r.find(' '));
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    expected.insert({"/api/v1" + r.substr(r.find(' ') + 1), method});
  }
  // Linkage and estimation (tests/api/linkage_api_test.cc, tests/api/estimate_api_test.cc).
  for (const char* route :
       {"POST /linkage/jobs", "GET /linkage/jobs", "GET /linkage/jobs/{id}", "GET /linkage/reviews",
        "GET /linkage/reviews/{id}", "POST /linkage/reviews/{id}/decision",
        "GET /persons/{id}/links", "POST /persons/{id}/links",
        "POST /persons/{id}/links/{link_id}/unlink", "GET /persons/{id}/cluster",
        "POST /linkage/interview-checks", "POST /estimates", "GET /estimates/organisations",
        "POST /estimates/from-records"}) {
    std::string r = route;
    std::string method = r.substr(0, r.find(' '));
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    expected.insert({"/api/v1" + r.substr(r.find(' ') + 1), method});
  }
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) documented.insert({path, method});
  }
  EXPECT_EQ(documented, expected);
}

TEST_F(DocumentationApiTest, HealthAndMetricsAreServed) {
  auto client = server_->Client();
  EXPECT_EQ(client.Get("/healthz")->status, 200);
  Get("/api/v1/incidents?limit=1");
  auto metrics = client.Get("/metrics");
  ASSERT_EQ(metrics->status, 200);
  EXPECT_NE(
      metrics->body.find(
          "giai_http_requests_total{method=\"GET\",route=\"/api/v1/incidents\",status=\"200\"}"),
      std::string::npos);
  EXPECT_NE(metrics->body.find("giai_db_transaction_seconds_bucket"), std::string::npos);
}

}  // namespace
}  // namespace giai::testing

// Case building over HTTP against the real server: the demo case's complete and incomplete
// charges, coverage and gaps computed from assessments, contradicting items never hidden,
// suggested links, the consent-gated case file (API and `giai case export`), and reach: other
// organisations, other roles and users outside the team see nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

class CaseApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    server_->Giai({"user", "add", "--data", server_->data_dir(), "--org",
                   "Coalition Secretariat (fictional demo)", "--email", "legal2@org1.demo.example",
                   "--role", "legal"});
    legal_ = server_->Token("legal@org1.demo.example");
    legal2_ = server_->Token("legal2@org1.demo.example");
    documenter_ = server_->Token("documenter@org1.demo.example");
    admin_ = server_->Token("admin@org1.demo.example");
    other_legal_ = server_->Token("legal@org2.demo.example");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static httplib::Result Get(const std::string& path, const std::string& token = legal_,
                             const std::string& purpose = "") {
    return GetAs(*server_, path, token, purpose);
  }
  static json GetJson(const std::string& path, const std::string& token = legal_) {
    auto r = Get(path, token);
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << " " << r->body;
    return json::parse(r->body);
  }
  static httplib::Result Post(const std::string& path, const json& body,
                              const std::string& token = legal_) {
    return PostJson(*server_, path, body, token);
  }
  static std::string FirstId(const std::string& path, const std::string& token = documenter_) {
    json page = GetJson(path, token);
    EXPECT_FALSE(page["items"].empty()) << path;
    return page["items"][0]["id"];
  }
  static json Row(const json& matrix, const std::string& element) {
    for (const json& row : matrix["matrix"]["elements"]) {
      if (row["element"]["id"] == element) return row;
    }
    ADD_FAILURE() << "no element " << element;
    return json::object();
  }
  static std::set<std::string> GapIds(const json& matrix) {
    std::set<std::string> out;
    for (const json& g : matrix["gaps"]) out.insert(g["element"]["id"]);
    return out;
  }
  static json DemoCase() {
    // Ids sort by creation: the demo's case comes before those the tests create.
    json cases = GetJson("/api/v1/cases");
    EXPECT_FALSE(cases["items"].empty());
    EXPECT_NE(cases["items"][0]["title"].get<std::string>().find("FICTIONAL DEMO"),
              std::string::npos);
    return cases["items"][0];
  }

  // A fresh case over one incident of the first organisation with a crime in its acts.
  struct Fixture {
    std::string case_id, charge_id, incident_id, unit_id, act_id, testimony_id;
  };
  static Fixture NewCase(const std::string& crime, const std::string& mode) {
    Fixture f;
    f.unit_id = FirstId("/api/v1/units?limit=1");
    f.incident_id = FirstId("/api/v1/incidents?limit=1&crime=" + crime);
    f.act_id = FirstId("/api/v1/acts?limit=1&incident_id=" + f.incident_id);
    f.testimony_id = FirstId("/api/v1/testimonies?limit=1");
    auto c = Post("/api/v1/cases", {{"title", "Test case"},
                                    {"mechanism", {{"type", "icc"}}},
                                    {"suspects", json::array({{{"unit_id", f.unit_id}}})},
                                    {"incident_ids", json::array({f.incident_id})}});
    EXPECT_EQ(c->status, 201) << c->body;
    f.case_id = json::parse(c->body)["id"];
    EXPECT_EQ(c->get_header_value("Location"), "/api/v1/cases/" + f.case_id);
    auto charge = Post("/api/v1/cases/" + f.case_id + "/charges",
                       {{"crime_id", crime}, {"mode_id", mode}, {"suspect_id", f.unit_id}});
    EXPECT_EQ(charge->status, 201) << charge->body;
    f.charge_id = json::parse(charge->body)["id"];
    return f;
  }
  static httplib::Result Link(const std::string& charge, const std::string& element,
                              const std::string& item, const std::string& relation, int weight,
                              const std::string& token = legal_) {
    return Post("/api/v1/charges/" + charge + "/assessments",
                {{"element_id", element},
                 {"item_id", item},
                 {"relation", relation},
                 {"weight", weight},
                 {"note", "Witness W-12 named the commander"}},
                token);
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string legal_, legal2_, documenter_, admin_, other_legal_;
};

TEST_F(CaseApiTest, DemoCaseHasACompleteAndAnIncompleteCharge) {
  json kase = DemoCase();
  EXPECT_EQ(kase["mechanism"]["type"], "icc");
  EXPECT_NE(kase["title"].get<std::string>().find("FICTIONAL"), std::string::npos);
  json charges = GetJson("/api/v1/cases/" + kase["id"].get<std::string>() + "/charges");
  ASSERT_EQ(charges["items"].size(), 2u);
  int complete = 0, incomplete = 0;
  for (const json& c : charges["items"]) {
    json m = GetJson("/api/v1/charges/" + c["id"].get<std::string>() + "/matrix");
    const json& s = m["matrix"]["summary"];
    EXPECT_EQ(s["elements"].get<int>(),
              s["covered"].get<int>() + s["partly"].get<int>() + s["not_covered"].get<int>());
    // Whatever the coverage, a contradicting item is listed where it was linked.
    int contradictions = 0;
    for (const json& row : m["matrix"]["elements"]) contradictions += row["contradicting"].size();
    EXPECT_GE(contradictions, 1);
    if (s["complete"]) {
      ++complete;
      EXPECT_TRUE(m["gaps"].empty());
    } else {
      ++incomplete;
      EXPECT_EQ(c["mode_id"], "ICC-28-a");
      json control = Row(m, "ICC-28-a.E3");
      EXPECT_EQ(control["coverage"], "partly");
      EXPECT_EQ(control["contradicting"].size(), 1u);
      std::set<std::string> gaps = GapIds(m);
      EXPECT_TRUE(gaps.contains("ICC-28-a.E4"));  // knowledge: not covered
      EXPECT_TRUE(gaps.contains("ICC-28-a.E3"));  // control: partly
      EXPECT_FALSE(gaps.contains("ICC-28-a.E1"));
      for (const json& g : m["gaps"]) EXPECT_FALSE(g["means_of_proof"].empty());
    }
  }
  EXPECT_EQ(complete, 1);
  EXPECT_EQ(incomplete, 1);
}

TEST_F(CaseApiTest, CoverageAndGapsFollowTheAssessments) {
  Fixture f = NewCase("ICC-7-1-a", "ICC-25-3-a-direct");
  const std::string m = "/api/v1/charges/" + f.charge_id + "/matrix";
  json before = GetJson(m);
  ASSERT_EQ(before["matrix"]["elements"].size(), 5u);  // 3 of murder (CAH), 2 of direct
  EXPECT_EQ(before["matrix"]["summary"]["not_covered"], 5);
  EXPECT_EQ(GapIds(before).size(), 5u);
  EXPECT_EQ(Row(before, "ICC-7-1-a.E2")["element"]["kind"], "contextual");

  ASSERT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.act_id, "supports", 4)->status, 201);
  ASSERT_EQ(Link(f.charge_id, "ICC-7-1-a.E2", f.testimony_id, "supports", 2)->status, 201);
  ASSERT_EQ(Link(f.charge_id, "ICC-7-1-a.E3", f.testimony_id, "context", 5)->status, 201);
  json after = GetJson(m);
  EXPECT_EQ(Row(after, "ICC-7-1-a.E1")["coverage"], "covered");
  EXPECT_EQ(Row(after, "ICC-7-1-a.E2")["coverage"], "partly");
  EXPECT_EQ(Row(after, "ICC-7-1-a.E3")["coverage"], "not_covered");
  EXPECT_EQ(Row(after, "ICC-7-1-a.E3")["context"].size(), 1u);
  EXPECT_EQ(GapIds(after), (std::set<std::string>{"ICC-7-1-a.E2", "ICC-7-1-a.E3",
                                                  "ICC-25-3-a-direct.E1", "ICC-25-3-a-direct.E2"}));
  json gaps = GetJson("/api/v1/charges/" + f.charge_id + "/gaps");
  EXPECT_EQ(gaps["items"].size(), 4u);

  // A heavier contradiction makes a covered element only partly covered, and is shown.
  ASSERT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.testimony_id, "contradicts", 5)->status, 201);
  json contested = GetJson(m);
  json e1 = Row(contested, "ICC-7-1-a.E1");
  EXPECT_EQ(e1["coverage"], "partly");
  ASSERT_EQ(e1["contradicting"].size(), 1u);
  EXPECT_EQ(e1["contradicting"][0]["item_id"], f.testimony_id);
  EXPECT_EQ(e1["contradicting"][0]["weight"], 5);
  EXPECT_TRUE(e1["contradicting"][0]["has_note"]);
  EXPECT_EQ(GetJson("/api/v1/charges/" + f.charge_id + "/assessments")["items"].size(), 4u);
}

TEST_F(CaseApiTest, RejectsBadChargesAndAssessments) {
  Fixture f = NewCase("ICC-7-1-a", "ICC-28-a");
  auto charge = [&](const json& body) {
    return Post("/api/v1/cases/" + f.case_id + "/charges", body)->status;
  };
  EXPECT_EQ(charge({{"crime_id", "ICC-99"}, {"mode_id", "ICC-28-a"}, {"suspect_id", f.unit_id}}),
            400);
  EXPECT_EQ(
      charge({{"crime_id", "ICC-8-2-b-xx"}, {"mode_id", "ICC-28-a"}, {"suspect_id", f.unit_id}}),
      400);
  EXPECT_EQ(charge({{"crime_id", "ICC-7-1-a"}, {"mode_id", "ICC-99"}, {"suspect_id", f.unit_id}}),
            400);
  EXPECT_EQ(charge({{"crime_id", "ICC-7-1-a"}, {"mode_id", "ICC-28-a"}, {"suspect_id", f.act_id}}),
            400);
  EXPECT_EQ(charge({{"crime_id", "ICC-7-1-a"}, {"mode_id", "ICC-28-a"}}), 400);

  EXPECT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.act_id, "supports", 0)->status, 400);
  EXPECT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.act_id, "supports", 6)->status, 400);
  EXPECT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.act_id, "refutes", 3)->status, 400);
  EXPECT_EQ(Link(f.charge_id, "ICC-8-2-a-i.E1", f.act_id, "supports", 3)->status, 400);
  EXPECT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.incident_id, "supports", 3)->status, 400);
  // An item of another organisation is unknown, like one that does not exist.
  std::string foreign_act =
      FirstId("/api/v1/acts?limit=1", server_->Token("documenter@org2.demo.example"));
  auto foreign = Link(f.charge_id, "ICC-7-1-a.E1", foreign_act, "supports", 3);
  EXPECT_EQ(foreign->status, 400);
  EXPECT_EQ(json::parse(foreign->body)["field"], "item_id");
  // An item is registered once and linked once per element.
  ASSERT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.act_id, "supports", 3)->status, 201);
  EXPECT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.act_id, "supports", 3)->status, 409);
  EXPECT_EQ(Link(f.charge_id, "ICC-28-a.E1", f.act_id, "supports", 3)->status, 201);
  // Server fields and unknown fields are refused.
  EXPECT_EQ(Post("/api/v1/charges/" + f.charge_id + "/assessments", {{"element_id", "ICC-7-1-a.E2"},
                                                                     {"item_id", f.act_id},
                                                                     {"relation", "context"},
                                                                     {"weight", 1},
                                                                     {"assessed_by", "usr_x"}})
                ->status,
            400);
  EXPECT_EQ(Post("/api/v1/cases", {{"title", "x"}, {"mechanism", {{"type", "tribunal"}}}})->status,
            400);
  EXPECT_EQ(
      Post("/api/v1/cases", {{"title", "x"}, {"mechanism", {{"type", "national_prosecutor"}}}})
          ->status,
      400);  // a national prosecutor needs the state
  EXPECT_EQ(Post("/api/v1/cases", {{"title", "x"},
                                   {"mechanism", {{"type", "icc"}}},
                                   {"suspects", json::array({{{"person_id", f.unit_id}}})}})
                ->status,
            400);
}

TEST_F(CaseApiTest, SuggestsActsQualifiedWithTheChargesCrimeForConductElements) {
  Fixture f = NewCase("ICC-7-1-a", "ICC-25-3-a-direct");
  json s = GetJson("/api/v1/charges/" + f.charge_id + "/suggestions");
  std::set<std::string> acts;
  for (const json& item : s["items"]) {
    EXPECT_EQ(item["element_id"], "ICC-7-1-a.E1");  // conduct only, of the crime
    EXPECT_EQ(item["incident_id"], f.incident_id);
    acts.insert(item["item_id"]);
  }
  EXPECT_EQ(acts.size(), 5u);  // the incident's five acts all carry the crime
  EXPECT_TRUE(acts.contains(f.act_id));
  ASSERT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", f.act_id, "supports", 4)->status, 201);
  json again = GetJson("/api/v1/charges/" + f.charge_id + "/suggestions");
  EXPECT_EQ(again["items"].size(), 4u);
  for (const json& item : again["items"]) EXPECT_NE(item["item_id"], f.act_id);
}

TEST_F(CaseApiTest, CaseFileListsWhatTheConsentGateWithheldAndWhy) {
  json kase = DemoCase();
  const std::string path = "/api/v1/cases/" + kase["id"].get<std::string>() + "/case-file";
  EXPECT_EQ(Get(path)->status, 400);  // a purpose is required
  auto r = Get(path, legal_, "referral to the ICC OTP");
  ASSERT_EQ(r->status, 200) << r->body;
  json file = json::parse(r->body);
  ASSERT_EQ(file["withheld"].size(), 1u);
  const std::string withheld = file["withheld"][0]["item_id"];
  EXPECT_EQ(file["withheld"][0]["item_kind"], "testimony");
  EXPECT_NE(
      file["withheld"][0]["reason"].get<std::string>().find("does not cover sharing with icc"),
      std::string::npos);
  for (const json& item : file["items"]) EXPECT_NE(item["item_id"], withheld);
  EXPECT_FALSE(file["items"].empty());
  // The withheld testimony contradicts elements: it stays in the matrix, marked withheld.
  int shown = 0;
  for (const json& charge : file["charges"]) {
    for (const json& row : charge["matrix"]["elements"]) {
      for (const json& a : row["contradicting"]) {
        if (a["item_id"] == withheld) {
          ++shown;
          EXPECT_TRUE(a["withheld"]);
          EXPECT_FALSE(a["withheld_reason"].get<std::string>().empty());
        }
      }
    }
  }
  EXPECT_GE(shown, 2);
  EXPECT_EQ(file["evidence"]["bundle"], nullptr);
  // The export is audited with its purpose.
  json audit = GetJson("/api/v1/audit?limit=500", admin_);
  bool found = false;
  for (const json& e : audit["items"]) {
    found |= e["action"] == "case.export" && e["purpose"] == "referral to the ICC OTP";
  }
  EXPECT_TRUE(found);
}

TEST_F(CaseApiTest, AMechanismNoConsentCoversGetsNoTestimony) {
  Fixture f = NewCase("ICC-7-1-a", "ICC-25-3-a-direct");
  ASSERT_EQ(Link(f.charge_id, "ICC-7-1-a.E2", f.testimony_id, "supports", 4)->status, 201);
  auto client = server_->Client();
  EXPECT_EQ(client
                .Patch("/api/v1/cases/" + f.case_id, Bearer(legal_), R"({"status":"draft"})",
                       "application/json")
                ->status,
            428);
  EXPECT_EQ(client
                .Patch("/api/v1/cases/" + f.case_id, Bearer(legal_, {{"If-Match", "\"7\""}}),
                       R"({"status":"draft"})", "application/json")
                ->status,
            412);
  auto patched = client.Patch("/api/v1/cases/" + f.case_id, Bearer(legal_, {{"If-Match", "\"1\""}}),
                              R"({"mechanism":{"type":"other","name":"Truth commission"}})",
                              "application/json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(patched->get_header_value("ETag"), "\"2\"");
  json file = json::parse(Get("/api/v1/cases/" + f.case_id + "/case-file", legal_, "t")->body);
  ASSERT_EQ(file["withheld"].size(), 1u);
  EXPECT_EQ(file["withheld"][0]["item_id"], f.testimony_id);
  EXPECT_NE(file["withheld"][0]["reason"].get<std::string>().find("other"), std::string::npos);
}

TEST_F(CaseApiTest, CliExportWritesACaseFileThatVerifiesOffline) {
  json kase = DemoCase();
  std::string out = server_->data_dir() + "/export-" + kase["id"].get<std::string>();
  std::string printed = server_->Giai({"case", "export", "--data", server_->data_dir(), "--case",
                                       kase["id"], "--user", "legal@org1.demo.example", "--purpose",
                                       "test export", "--out", out});
  EXPECT_NE(printed.find("1 withheld"), std::string::npos) << printed;
  std::ifstream manifest_in(out + "/manifest.json");
  json manifest = json::parse(manifest_in);
  EXPECT_EQ(manifest["format"], "giai-bundle/2");
  EXPECT_EQ(manifest["about"]["format"], "giai-case-file/1");
  EXPECT_EQ(manifest["about"]["case_id"], kase["id"]);
  EXPECT_EQ(manifest["withheld"].size(), 1u);
  // The demo case relies on one stored evidence item: its file and proof travel with the file.
  ASSERT_EQ(manifest["items"].size(), 1u);
  const std::string evidence = manifest["items"][0]["id"];
  EXPECT_NE(printed.find("exported " + evidence), std::string::npos) << printed;
  EXPECT_TRUE(std::filesystem::exists(out + "/" + manifest["items"][0]["file"].get<std::string>()));
  std::set<std::string> names;
  for (const json& f : manifest["documents"]) {
    names.insert(f["path"]);
    EXPECT_EQ(std::filesystem::file_size(out + "/" + f["path"].get<std::string>()),
              f["size"].get<std::uintmax_t>());
    EXPECT_EQ(f["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(names, (std::set<std::string>{"case-file.json", "matrix.json", "matrix.html",
                                          "items.json", "withheld.json"}));
  std::ifstream html_in(out + "/matrix.html");
  std::string html((std::istreambuf_iterator<char>(html_in)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("Withheld by the consent gate"), std::string::npos);
  EXPECT_NE(html.find("class=\"not_covered\""), std::string::npos);
  std::ifstream withheld_in(out + "/withheld.json");
  EXPECT_EQ(json::parse(withheld_in).size(), 1u);

  // giai verify checks it offline; a changed byte of the withheld list fails, naming it.
  Outcome verified = RunGiai("verify '" + out + "'", server_->database_url());
  EXPECT_EQ(verified.code, 0) << verified.out;
  EXPECT_NE(verified.out.find("verified  withheld.json"), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("verified  " + evidence), std::string::npos) << verified.out;
  {
    std::fstream f(out + "/withheld.json", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f.put(' ');
  }
  Outcome tampered = RunGiai("verify '" + out + "'", server_->database_url());
  EXPECT_NE(tampered.code, 0);
  EXPECT_NE(tampered.out.find("FAILED  withheld.json"), std::string::npos) << tampered.out;
}

TEST_F(CaseApiTest, OtherOrganisationsRolesAndNonMembersSeeNothing) {
  json kase = DemoCase();
  const std::string id = kase["id"];
  const std::string charge = GetJson("/api/v1/cases/" + id + "/charges")["items"][0]["id"];
  const std::string assessment =
      GetJson("/api/v1/charges/" + charge + "/assessments")["items"][0]["id"];
  const std::vector<std::string> paths = {"/api/v1/cases/" + id,
                                          "/api/v1/cases/" + id + "/charges",
                                          "/api/v1/cases/" + id + "/case-file",
                                          "/api/v1/charges/" + charge + "/matrix",
                                          "/api/v1/charges/" + charge + "/gaps",
                                          "/api/v1/charges/" + charge + "/suggestions",
                                          "/api/v1/charges/" + charge + "/assessments",
                                          "/api/v1/assessments/" + assessment + "/note"};
  // Another organisation's legal officer and a legal officer outside the team: not found.
  for (const std::string& token : {other_legal_, legal2_}) {
    for (const std::string& p : paths) EXPECT_EQ(Get(p, token, "x")->status, 404) << p;
    EXPECT_EQ(Link(charge, "ICC-28-a.E4", assessment, "supports", 3, token)->status, 404);
    // Keep the list in a local: a range-for over a member of a temporary dangles.
    const json cases = GetJson("/api/v1/cases", token);
    for (const json& c : cases["items"]) EXPECT_NE(c["id"], id);
  }
  // Other roles may not do case work at all.
  for (const std::string& token : {documenter_, admin_}) {
    for (const std::string& p : paths) EXPECT_EQ(Get(p, token, "x")->status, 403) << p;
    EXPECT_EQ(Get("/api/v1/cases", token)->status, 403);
  }
  // Documentation routes never return case records.
  for (std::string c : {"incidents", "acts", "testimonies"}) {
    for (const std::string& rec : {id, charge, assessment}) {
      EXPECT_EQ(Get("/api/v1/" + c + "/" + rec, documenter_)->status, 404);
      EXPECT_EQ(Get("/api/v1/" + c + "/" + rec + "/narrative", documenter_, "x")->status, 404);
    }
  }
  // The team's legal officer reads the sealed note with a purpose only.
  EXPECT_EQ(Get("/api/v1/assessments/" + assessment + "/note")->status, 400);
  json note =
      json::parse(Get("/api/v1/assessments/" + assessment + "/note", legal_, "review")->body);
  EXPECT_EQ(note["note"], "[FICTIONAL DEMO] assessment note");
  // The note is not in ordinary reads.
  auto list = Get("/api/v1/charges/" + charge + "/assessments");
  EXPECT_EQ(list->body.find("assessment note"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/charges/" + charge + "/matrix")->body.find("assessment note"),
            std::string::npos);
}

TEST_F(CaseApiTest, EvidenceItemsAreLinkedByIdAndReferencedInTheCaseFile) {
  auto registered = Post("/api/v1/evidence",
                         {{"sha256", std::string(64, 'b')},
                          {"size", 3},
                          {"file_name", "photo.jpg"},
                          {"acquisition", {{"method", "device_capture"}}}},
                         documenter_);
  ASSERT_EQ(registered->status, 201) << registered->body;
  const std::string evidence = json::parse(registered->body)["id"];
  Fixture f = NewCase("ICC-7-1-a", "ICC-25-3-a-direct");
  ASSERT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", evidence, "supports", 5)->status, 201);
  json row = Row(GetJson("/api/v1/charges/" + f.charge_id + "/matrix"), "ICC-7-1-a.E1");
  EXPECT_EQ(row["supporting"][0]["item_kind"], "evidence");
  json file = json::parse(Get("/api/v1/cases/" + f.case_id + "/case-file", legal_, "t")->body);
  EXPECT_EQ(file["evidence"]["items"], json::array({evidence}));
  EXPECT_TRUE(file["withheld"].empty());
}

TEST_F(CaseApiTest, OpenSourceItemsAreRegisteredOnce) {
  json body = {{"title", "Satellite image of the village"},
               {"url", "https://example.org/sat/42"},
               {"source_type", "satellite_image"},
               {"published", "2019-04"},
               {"sha256", std::string(64, 'a')}};
  auto first = Post("/api/v1/sources", body);
  ASSERT_EQ(first->status, 201) << first->body;
  std::string id = json::parse(first->body)["id"];
  EXPECT_EQ(Post("/api/v1/sources", body)->status, 409);
  body["url"] = "https://example.org/sat/43";
  EXPECT_EQ(Post("/api/v1/sources", body)->status, 409);  // same content
  EXPECT_EQ(Post("/api/v1/sources", {{"title", "x"}, {"url", "ftp://x"}})->status, 400);
  EXPECT_EQ(Post("/api/v1/sources", {{"title", "x"}, {"sha256", "ABC"}})->status, 400);
  EXPECT_EQ(Post("/api/v1/sources", {{"url", "https://x.example"}})->status, 400);
  EXPECT_EQ(GetJson("/api/v1/sources/" + id)["source_type"], "satellite_image");
  EXPECT_EQ(Get("/api/v1/sources/" + id, other_legal_)->status, 404);
  EXPECT_EQ(Post("/api/v1/sources", {{"title", "y"}}, documenter_)->status, 403);
  // The same item can then support several elements of several charges.
  Fixture f = NewCase("ICC-7-1-a", "ICC-25-3-a-direct");
  EXPECT_EQ(Link(f.charge_id, "ICC-7-1-a.E1", id, "supports", 3)->status, 201);
  EXPECT_EQ(Link(f.charge_id, "ICC-7-1-a.E2", id, "context", 3)->status, 201);
}

}  // namespace
}  // namespace giai::testing

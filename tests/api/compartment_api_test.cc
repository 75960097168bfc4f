// Compartments over HTTP: records restricted to a compartment are sealed under the compartment's
// key, readable by its members only; moving a record re-wraps its keys (docs/SECURITY.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crypto/random.h"
#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class CompartmentApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(crypto::Init());
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    outsider_ = server_->Token("documenter@org1.demo.example");
    other_org_ = server_->Token("documenter@org2.demo.example");
    auto client = server_->Client();
    json me = json::parse(client.Get("/api/v1/auth/me", Bearer(outsider_))->body);
    const std::string org = me["organisation"]["id"];
    const std::string& dir = server_->data_dir();
    compartment_ =
        Trim(server_->Giai({"compartment", "add", "--data", dir, "--org", org, "--name", "SGBV"}));
    ASSERT_EQ(compartment_.rfind("cmp_", 0), 0u) << compartment_;
    server_->Giai({"user", "add", "--data", dir, "--org", org, "--email", "sgbv@org1.demo.example",
                   "--role", "documenter", "--compartment", compartment_});
    member_ = server_->Token("sgbv@org1.demo.example");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static json Body(const httplib::Result& r) { return json::parse(r->body); }
  static httplib::Result Post(const std::string& path, const json& body, const std::string& token) {
    return PostJson(*server_, path, body, token);
  }
  static int StatusOf(const std::string& path, const std::string& token) {
    return server_->Client().Get(path, Bearer(token, {{"X-Purpose", "case review"}}))->status;
  }
  // A person with an identity and a consent, and their testimony, in the compartment.
  static std::pair<std::string, std::string> Survivor(const std::string& name,
                                                      const std::string& account) {
    auto p = Post(
        "/api/v1/persons",
        {{"sex", "female"}, {"compartment_id", compartment_}, {"identity", {{"full_name", name}}}},
        member_);
    EXPECT_EQ(p->status, 201) << p->body;
    std::string person = Body(p)["id"];
    auto c = Post("/api/v1/persons/" + person + "/consents",
                  {{"given_how", "written"},
                   {"information_sheet_version", "2026-01"},
                   {"language", "ar"},
                   {"scopes", {{"documentation", true}, {"storage", true}}}},
                  member_);
    EXPECT_EQ(c->status, 201) << c->body;
    auto t = Post("/api/v1/testimonies",
                  {{"person_id", person},
                   {"compartment_id", compartment_},
                   {"date", "2024-05"},
                   {"language", "ar"},
                   {"narrative", account}},
                  member_);
    EXPECT_EQ(t->status, 201) << t->body;
    return {person, Body(t)["id"]};
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string member_, outsider_, other_org_, compartment_;
};

TEST_F(CompartmentApiTest, MembersReadTheCompartmentsRecordsAndNobodyElseDoes) {
  auto [person, testimony] = Survivor("Лейла Компартмент", "شهادة المقصورة");
  const std::string identity = "/api/v1/persons/" + person + "/identity";
  const std::string narrative = "/api/v1/testimonies/" + testimony + "/narrative";

  auto id = server_->Client().Get(identity, Bearer(member_, {{"X-Purpose", "case review"}}));
  ASSERT_EQ(id->status, 200) << id->body;
  EXPECT_EQ(Body(id)["identity"]["full_name"], "Лейла Компартмент");
  auto text = server_->Client().Get(narrative, Bearer(member_, {{"X-Purpose", "case review"}}));
  ASSERT_EQ(text->status, 200) << text->body;
  EXPECT_EQ(Body(text)["narrative"], "شهادة المقصورة");

  // A documenter of the same organisation outside the compartment: as if nothing existed.
  for (const std::string& path :
       {"/api/v1/persons/" + person, identity, "/api/v1/testimonies/" + testimony, narrative}) {
    EXPECT_EQ(StatusOf(path, outsider_), 404) << path;
    EXPECT_EQ(StatusOf(path, other_org_), 404) << path;
  }
}

TEST_F(CompartmentApiTest, MovingARecordOutOfTheCompartmentRewrapsItsKeys) {
  auto [person, testimony] = Survivor("Мира Переход", "رواية تنتقل");
  const std::string narrative = "/api/v1/testimonies/" + testimony + "/narrative";
  ASSERT_EQ(StatusOf(narrative, outsider_), 404);

  auto current = server_->Client().Get("/api/v1/testimonies/" + testimony, Bearer(member_));
  ASSERT_EQ(current->status, 200);
  httplib::Headers h = Bearer(member_, {{"If-Match", current->get_header_value("ETag")}});
  auto moved =
      server_->Client().Patch("/api/v1/testimonies/" + testimony, h,
                              json{{"compartment_id", nullptr}}.dump(), "application/json");
  ASSERT_EQ(moved->status, 200) << moved->body;

  // Now organisation-wide: the outsider reads it, the member still does.
  auto text = server_->Client().Get(narrative, Bearer(outsider_, {{"X-Purpose", "case review"}}));
  ASSERT_EQ(text->status, 200) << text->body;
  EXPECT_EQ(Body(text)["narrative"], "رواية تنتقل");
  EXPECT_EQ(StatusOf(narrative, member_), 200);
  EXPECT_EQ(StatusOf(narrative, other_org_), 404);
}

// `giai compartment shred`: the compartment's key is destroyed, its records' protected fields
// are gone for good, nothing more can be sealed in it, and the shredding is audited and in the
// ledger.
TEST_F(CompartmentApiTest, ShreddingACompartmentDestroysItsRecordsProtectedFields) {
  auto client = server_->Client();
  json me = json::parse(client.Get("/api/v1/auth/me", Bearer(outsider_))->body);
  const std::string org = me["organisation"]["id"];
  const std::string& dir = server_->data_dir();
  const std::string doomed =
      Trim(server_->Giai({"compartment", "add", "--data", dir, "--org", org, "--name", "Doomed"}));
  server_->Giai({"user", "add", "--data", dir, "--org", org, "--email", "doomed@org1.demo.example",
                 "--role", "documenter", "--compartment", doomed});
  const std::string member = server_->Token("doomed@org1.demo.example");
  auto incident = [&](const std::string& narrative) {
    return Post("/api/v1/incidents",
                {{"title", "Shred"},
                 {"date", "2023"},
                 {"country", "SD"},
                 {"compartment_id", doomed},
                 {"narrative", narrative}},
                member);
  };
  auto created = incident("to be destroyed");
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = Body(created)["id"];
  const std::string narrative = "/api/v1/incidents/" + id + "/narrative";
  ASSERT_EQ(StatusOf(narrative, member), 200);
  const std::string before = server_->Giai({"fsck", "--data", dir});

  // Refused without a reason, for an unknown compartment, and for another organisation's.
  const std::string shred = "compartment shred --data '" + dir + "' --org " + org;
  EXPECT_EQ(RunGiai(shred + " --compartment " + doomed, server_->database_url()).code, 2);
  EXPECT_EQ(RunGiai(shred + " --compartment cmp_nope --reason x", server_->database_url()).code, 3);
  Outcome done = RunGiai(shred + " --compartment " + doomed + " --reason 'unit dissolved'",
                         server_->database_url());
  ASSERT_EQ(done.code, 0) << done.out;
  EXPECT_EQ(
      RunGiai(shred + " --compartment " + doomed + " --reason again", server_->database_url()).code,
      5);

  // The record is still there (its ordinary fields), its narrative is not, and nothing new is
  // sealed into the compartment; other compartments are untouched.
  EXPECT_EQ(StatusOf("/api/v1/incidents/" + id, member), 200);
  EXPECT_EQ(StatusOf(narrative, member), 404);
  EXPECT_EQ(incident("never stored")->status, 409);
  auto [person, testimony] = Survivor("Уцелевшая Запись", "لا تزال مقروءة");
  EXPECT_EQ(StatusOf("/api/v1/testimonies/" + testimony + "/narrative", member_), 200);

  // Audited (as the operator) and committed to the ledger, which still verifies.
  const std::string after = server_->Giai({"fsck", "--data", dir});
  EXPECT_NE(after.find("all verified"), std::string::npos) << after;
  EXPECT_EQ(before.find("key_destroyed"), std::string::npos) << before;
  EXPECT_NE(after.find("key_destroyed 1"), std::string::npos) << after;
  const std::string admin = server_->Token("admin@org1.demo.example");
  bool audited = false;
  std::string cursor;
  for (;;) {
    auto r = client.Get("/api/v1/audit?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor),
                        Bearer(admin));
    ASSERT_EQ(r->status, 200);
    json page = Body(r);
    for (const auto& e : page["items"]) {
      audited |= e["action"] == "compartment.shred" && e["record_id"] == doomed &&
                 e["purpose"] == "unit dissolved";
    }
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_TRUE(audited);
}

}  // namespace
}  // namespace giai::testing

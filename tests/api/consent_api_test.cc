// Consent enforced by the server: identity reads need a consent that covers them, a withdrawal
// takes effect for the very next request, and erasure destroys the identity's key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

class ConsentApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    documenter_ = server_->Token("documenter@org1.demo.example");
    analyst_ = server_->Token("analyst@org1.demo.example");
    admin_ = server_->Token("admin@org1.demo.example");
    other_ = server_->Token("documenter@org2.demo.example");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  std::string NewPerson() {
    auto client = server_->Client();
    auto r = client.Post("/api/v1/persons", Bearer(documenter_),
                         R"({"sex":"female","identity":{"full_name":"Consent Test"}})",
                         "application/json");
    EXPECT_EQ(r->status, 201);
    return json::parse(r->body)["id"];
  }
  int ReadIdentity(const std::string& id, std::string* code = nullptr) {
    auto client = server_->Client();
    auto r = client.Get("/api/v1/persons/" + id + "/identity",
                        Bearer(documenter_, {{"X-Purpose", "referral"}}));
    if (code && r->status != 200) *code = json::parse(r->body)["code"];
    return r->status;
  }
  httplib::Result RecordConsent(const std::string& id, const json& body,
                                const std::string& token = documenter_) {
    auto client = server_->Client();
    return client.Post("/api/v1/persons/" + id + "/consents", Bearer(token), body.dump(),
                       "application/json");
  }
  static json Valid() {
    return {{"given_how", "recorded_oral"},
            {"information_sheet_version", "2026-01"},
            {"language", "ar"},
            {"interpreter", "staff interpreter"},
            {"scopes", {{"documentation", true}, {"storage", true}, {"sharing", {"icc"}}}}};
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, analyst_, admin_, other_;
};

TEST_F(ConsentApiTest, IdentityIsRefusedUntilAConsentCoversItAndAgainOnceWithdrawn) {
  std::string id = NewPerson();
  std::string code;
  EXPECT_EQ(ReadIdentity(id, &code), 403);
  EXPECT_EQ(code, "consent_denied");
  auto recorded = RecordConsent(id, Valid());
  ASSERT_EQ(recorded->status, 201) << recorded->body;
  json version = json::parse(recorded->body);
  EXPECT_EQ(version["version"], 1);
  EXPECT_EQ(version["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(ReadIdentity(id), 200);

  auto client = server_->Client();
  auto withdrawn = client.Post("/api/v1/persons/" + id + "/consents/withdraw", Bearer(documenter_),
                               "", "application/json");
  ASSERT_EQ(withdrawn->status, 201);
  code.clear();
  EXPECT_EQ(ReadIdentity(id, &code), 403);  // the very next request
  EXPECT_EQ(code, "consent_denied");

  auto history =
      json::parse(client.Get("/api/v1/persons/" + id + "/consents", Bearer(analyst_))->body);
  ASSERT_EQ(history["items"].size(), 2u);
  EXPECT_FALSE(history["items"][0]["withdrawn"].get<bool>());
  EXPECT_TRUE(history["items"][1]["withdrawn"].get<bool>());
}

TEST_F(ConsentApiTest, ConsentWithoutStorageDoesNotAllowReadingTheIdentity) {
  std::string id = NewPerson();
  json c = Valid();
  c["scopes"]["storage"] = false;
  ASSERT_EQ(RecordConsent(id, c)->status, 201);
  EXPECT_EQ(ReadIdentity(id), 403);
  json guardian = Valid();
  guardian["given_how"] = "guardian";
  ASSERT_EQ(RecordConsent(id, guardian)->status, 201);
  EXPECT_EQ(ReadIdentity(id), 403);  // a child's assent is missing
  guardian["child_assent"] = true;
  ASSERT_EQ(RecordConsent(id, guardian)->status, 201);
  EXPECT_EQ(ReadIdentity(id), 200);
}

TEST_F(ConsentApiTest, BadConsentsAndForeignOrForbiddenCallersAreRefused) {
  std::string id = NewPerson();
  json bad = Valid();
  bad["scopes"]["sharing"] = {"newspapers"};
  auto r = RecordConsent(id, bad);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "scopes.sharing");
  bad = Valid();
  bad["assumed"] = true;
  EXPECT_EQ(json::parse(RecordConsent(id, bad)->body)["field"], "assumed");
  EXPECT_EQ(RecordConsent(id, Valid(), analyst_)->status, 403);
  EXPECT_EQ(RecordConsent(id, Valid(), other_)->status, 404);
  EXPECT_EQ(RecordConsent("per_unknown", Valid())->status, 404);
}

TEST_F(ConsentApiTest, ErasureDestroysTheIdentityAndIsAudited) {
  std::string id = NewPerson();
  ASSERT_EQ(RecordConsent(id, Valid())->status, 201);
  ASSERT_EQ(ReadIdentity(id), 200);
  auto client = server_->Client();
  EXPECT_EQ(client
                .Post("/api/v1/persons/" + id + "/identity/erase", Bearer(analyst_), "",
                      "application/json")
                ->status,
            403);
  auto erased = client.Post("/api/v1/persons/" + id + "/identity/erase", Bearer(documenter_), "",
                            "application/json");
  ASSERT_EQ(erased->status, 200) << erased->body;
  auto person = json::parse(client.Get("/api/v1/persons/" + id, Bearer(documenter_))->body);
  EXPECT_FALSE(person["has_identity"].get<bool>());
  auto read = client.Get("/api/v1/persons/" + id + "/identity",
                         Bearer(documenter_, {{"X-Purpose", "after erasure"}}));
  ASSERT_EQ(read->status, 200);
  EXPECT_TRUE(json::parse(read->body)["identity"].is_null());
  bool audited = false;
  auto audit = json::parse(client.Get("/api/v1/audit?limit=500", Bearer(admin_))->body);
  std::string cursor =
      audit["next_cursor"].is_null() ? "" : audit["next_cursor"].get<std::string>();
  while (true) {
    for (const auto& e : audit["items"]) {
      audited |= e["action"] == "person.identity.erase" && e["record_id"] == id;
    }
    if (cursor.empty()) break;
    audit =
        json::parse(client.Get("/api/v1/audit?limit=500&cursor=" + cursor, Bearer(admin_))->body);
    cursor = audit["next_cursor"].is_null() ? "" : audit["next_cursor"].get<std::string>();
  }
  EXPECT_TRUE(audited);
}

TEST_F(ConsentApiTest, TestimoniesNeedAReferralToBeFinalAndAReasonToReinterview) {
  std::string id = NewPerson();
  auto client = server_->Client();
  auto post = [&](const json& body) {
    return client.Post("/api/v1/testimonies", Bearer(documenter_), body.dump(), "application/json");
  };
  json t = {{"person_id", id}, {"date", "2024-05"}, {"language", "ar"}, {"status", "final"}};
  auto no_referral = post(t);
  EXPECT_EQ(no_referral->status, 400);
  EXPECT_EQ(json::parse(no_referral->body)["field"], "referral");
  t["referral"] = {{"status", "offered"}, {"service", "psychosocial"}};
  auto first = post(t);
  ASSERT_EQ(first->status, 201) << first->body;
  std::string first_id = json::parse(first->body)["id"];
  auto again = post(t);
  EXPECT_EQ(again->status, 409);
  json problem = json::parse(again->body);
  EXPECT_EQ(problem["field"], "reinterview_justification");
  EXPECT_NE(problem["detail"].get<std::string>().find(first_id), std::string::npos);
  t["reinterview_justification"] = "the prosecutor needs details on the second detention";
  EXPECT_EQ(post(t)->status, 201);
}

TEST_F(ConsentApiTest, AChildsTestimonyNeedsTheGuardiansConsentAndTheChildsAssent) {
  auto client = server_->Client();
  auto person = client.Post("/api/v1/persons", Bearer(documenter_),
                            R"({"sex":"female","birth":"2014"})", "application/json");
  ASSERT_EQ(person->status, 201);
  std::string id = json::parse(person->body)["id"];
  json t = {{"person_id", id}, {"date", "2024-05"}, {"language", "ar"}};
  auto refused =
      client.Post("/api/v1/testimonies", Bearer(documenter_), t.dump(), "application/json");
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(json::parse(refused->body)["code"], "consent_denied");
  json guardian = Valid();
  guardian["given_how"] = "guardian";
  ASSERT_EQ(RecordConsent(id, guardian)->status, 201);
  EXPECT_EQ(
      client.Post("/api/v1/testimonies", Bearer(documenter_), t.dump(), "application/json")->status,
      403);
  guardian["child_assent"] = true;
  ASSERT_EQ(RecordConsent(id, guardian)->status, 201);
  EXPECT_EQ(
      client.Post("/api/v1/testimonies", Bearer(documenter_), t.dump(), "application/json")->status,
      201);
}

}  // namespace
}  // namespace giai::testing

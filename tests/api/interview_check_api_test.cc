// The "already interviewed?" check over real HTTP, beyond what linkage_api_test covers: the
// cache of the other organisations' encodings follows every write (a renamed person answers
// under the new name only, a withdrawn consent drops the person, an unchanged person is not
// decrypted again), and each user's rate limit answers 429 rate_limited with Retry-After.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

constexpr const char* kPurpose = "planning an interview";

class InterviewCheckApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    holder_ = server_->Token("documenter@org1.demo.example");
    asker_ = server_->Token("documenter@org2.demo.example");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::string NewPerson(const std::string& name) {
    json body = {{"sex", "female"},
                 {"birth", "1980-05-12"},
                 {"nationality", "SY"},
                 {"identity", {{"full_name", name}}}};
    return NewPersonWithConsent(*server_, holder_, body, json::array({"ngo_partner"}),
                                "pseudonymous");
  }

  static httplib::Result Check(const std::string& token, const std::string& name) {
    return server_->Client().Post(
        "/api/v1/linkage/interview-checks", Bearer(token, {{"X-Purpose", kPurpose}}),
        json{{"name", name}, {"sex", "female"}, {"birth", "1980-05-12"}}.dump(),
        "application/json");
  }

  // The "encoded" count of the server's latest "interview check" log line.
  static int LastEncoded() {
    std::ifstream log(server_->log_file());
    std::string line;
    int encoded = -1;
    while (std::getline(log, line)) {
      json j = json::parse(line, nullptr, false);
      if (!j.is_discarded() && j.value("event", "") == "interview check") encoded = j["encoded"];
    }
    return encoded;
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string holder_, asker_;
};

TEST_F(InterviewCheckApiTest, CachedEncodingsFollowRenamesWithdrawalsAndNewPersons) {
  const std::string person = NewPerson("Samira Khoury");
  auto first = Check(asker_, "Samira Khoury");
  ASSERT_EQ(first->status, 200) << first->body;
  const json result = json::parse(first->body);
  ASSERT_EQ(result["matches"].size(), 1u) << result.dump();
  const int compared = result["encodings_compared"];
  EXPECT_GE(LastEncoded(), 1);

  // Nothing changed: every encoding comes from the cache.
  auto again = Check(asker_, "Samira Khoury");
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["matches"].size(), 1u);
  EXPECT_EQ(LastEncoded(), 0);

  // The holder corrects the name: only that person is encoded again, under the new name.
  auto client = server_->Client();
  const std::string etag =
      client.Get("/api/v1/persons/" + person, Bearer(holder_))->get_header_value("ETag");
  auto patch = client.Patch("/api/v1/persons/" + person, Bearer(holder_, {{"If-Match", etag}}),
                            json{{"identity", {{"full_name", "Yasmin Tannous"}}}}.dump(),
                            "application/json");
  ASSERT_EQ(patch->status, 200) << patch->body;
  auto old_name = Check(asker_, "Samira Khoury");
  ASSERT_EQ(old_name->status, 200);
  EXPECT_TRUE(json::parse(old_name->body)["matches"].empty()) << old_name->body;
  EXPECT_EQ(LastEncoded(), 1);
  auto new_name = Check(asker_, "Yasmin Tannous");
  ASSERT_EQ(new_name->status, 200);
  EXPECT_EQ(json::parse(new_name->body)["matches"].size(), 1u) << new_name->body;
  EXPECT_EQ(LastEncoded(), 0);

  // A new person is encoded once; a withdrawn one drops out at once.
  NewPerson("Dalia Mansour");
  auto added = Check(asker_, "Dalia Mansour");
  EXPECT_EQ(json::parse(added->body)["matches"].size(), 1u) << added->body;
  EXPECT_EQ(json::parse(added->body)["encodings_compared"], compared + 1);
  EXPECT_EQ(LastEncoded(), 1);
  auto w = client.Post("/api/v1/persons/" + person + "/consents/withdraw", Bearer(holder_), "",
                       "application/json");
  ASSERT_EQ(w->status, 201) << w->body;
  auto withdrawn = Check(asker_, "Yasmin Tannous");
  ASSERT_EQ(withdrawn->status, 200);
  EXPECT_TRUE(json::parse(withdrawn->body)["matches"].empty()) << withdrawn->body;
  EXPECT_EQ(json::parse(withdrawn->body)["encodings_compared"], compared);
}

TEST_F(InterviewCheckApiTest, EachUserIsRateLimitedWithRetryAfter) {
  const std::string prober = server_->Token("legal@org2.demo.example");
  for (int i = 0; i < 20; ++i) {
    auto r = Check(prober, "Guess Number" + std::to_string(i));
    ASSERT_EQ(r->status, 200) << i << " " << r->body;
  }
  auto refused = Check(prober, "Guess Twenty");
  ASSERT_EQ(refused->status, 429) << refused->body;
  const json problem = json::parse(refused->body);
  EXPECT_EQ(problem["code"], "rate_limited");
  EXPECT_EQ(refused->get_header_value("Content-Type"), "application/problem+json");
  const int retry_after = std::stoi(refused->get_header_value("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 180);
  EXPECT_EQ(refused->body.find("Guess"), std::string::npos) << "the posted name is not echoed";
  // Bad input is refused as such, without spending anything; other users keep their own rate.
  auto bad =
      server_->Client().Post("/api/v1/linkage/interview-checks",
                             Bearer(prober, {{"X-Purpose", kPurpose}}), "{}", "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Check(server_->Token("legal@org1.demo.example"), "Guess Again")->status, 200);
}

}  // namespace
}  // namespace giai::testing

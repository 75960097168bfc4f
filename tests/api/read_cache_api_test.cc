// The read cache (http/read_cache.h) seen from outside, on the real server: repeated reads are
// reused, and every commit (through the API, or by another process writing the same storage) is
// seen by the very next request. Answers are never shared between users. On PostgreSQL the
// cache is off (store::Store::DataVersion); the same freshness assertions hold there.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "crypto/password.h"
#include "tests/api/api_fixture.h"
#include "tests/api/storage_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

bool CacheOn(const TestServer& server) { return server.database_url().empty(); }

// giai_read_cache_answers_total{outcome="..."} from /metrics (0 before the first).
double Answers(const TestServer& server, const std::string& outcome) {
  auto r = server.Client().Get("/metrics");
  EXPECT_TRUE(r && r->status == 200);
  if (!r) return -1;
  const std::string prefix = "giai_read_cache_answers_total{outcome=\"" + outcome + "\"} ";
  const std::size_t at = r->body.find(prefix);
  return at == std::string::npos ? 0 : std::stod(r->body.substr(at + prefix.size()));
}
double Reused(const TestServer& server) { return Answers(server, "reused"); }

std::string OneIncidentPath(const TestServer& server, const std::string& token) {
  auto r = GetAs(server, "/api/v1/incidents?limit=1", token);
  EXPECT_TRUE(r && r->status == 200);
  if (!r || r->status != 200) return "";
  return "/api/v1/incidents/" + json::parse(r->body)["items"][0]["id"].get<std::string>();
}

std::string Login(const TestServer& server, const std::string& email, const std::string& password,
                  std::string* csrf) {
  auto r = server.Client().Post("/api/v1/auth/login",
                                json{{"email", email}, {"password", password}}.dump(),
                                "application/json");
  EXPECT_TRUE(r && r->status == 200);
  if (!r || r->status != 200) return "";
  *csrf = json::parse(r->body)["csrf_token"];
  const std::string cookie = r->get_header_value("Set-Cookie");
  return cookie.substr(0, cookie.find(';'));  // "giai_session=..."
}

httplib::Result GetWithCookie(const TestServer& server, const std::string& path,
                              const std::string& cookie) {
  return server.Client().Get(path, httplib::Headers{{"Cookie", cookie}});
}

// Signs the demo documenter in and reads `path` twice (the second answer reused, on SQLite);
// returns the session cookie, or "" on failure.
std::string SignInAndReadTwice(const TestServer& server, const std::string& path,
                               std::string* csrf) {
  const std::string cookie =
      Login(server, "documenter@org1.demo.example", "demo-documenter-1-2026", csrf);
  for (int i = 0; i < 2 && !cookie.empty(); ++i) {
    auto r = GetWithCookie(server, path, cookie);
    EXPECT_TRUE(r && r->status == 200);
    if (!r || r->status != 200) return "";
  }
  return cookie;
}

TEST(ReadCacheApiTest, RepeatedReadsAreReusedAndAnotherProcessCommitIsSeenAtOnce) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  const std::string token = server->Token("documenter@org1.demo.example");
  const std::string path = OneIncidentPath(*server, token);
  ASSERT_FALSE(path.empty());
  auto first = GetAs(*server, path, token);
  ASSERT_EQ(first->status, 200);
  const double reused_before = Reused(*server);
  auto second = GetAs(*server, path, token);
  ASSERT_EQ(second->status, 200);
  EXPECT_EQ(second->body, first->body);
  EXPECT_EQ(Reused(*server) - reused_before, CacheOn(*server) ? 1 : 0);
  // Each answer still carries its own request id.
  EXPECT_NE(second->get_header_value("X-Request-Id"), first->get_header_value("X-Request-Id"));

  // Another process changes the incident's title in storage.
  auto storage = OpenStorage(*server);
  ASSERT_NE(storage, nullptr);
  const std::string id = path.substr(path.rfind('/') + 1);
  ASSERT_TRUE(storage
                  ->Write([&](store::Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, tx.GetRecord(id));
                    json body = json::parse(row.body);
                    body["title"] = "retitled by another process";
                    row.body = body.dump();
                    const std::int64_t was = row.version++;
                    return tx.UpdateRecord(row, was);
                  })
                  .ok());
  auto after = GetAs(*server, path, token);
  ASSERT_EQ(after->status, 200);
  const json record = json::parse(after->body);
  EXPECT_EQ(record["title"], "retitled by another process");
  EXPECT_EQ(record["version"], json::parse(first->body)["version"].get<int>() + 1);
}

TEST(ReadCacheApiTest, AnEditThroughTheApiIsSeenByTheNextReadAndList) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  const std::string token = server->Token("documenter@org1.demo.example");
  const std::string path = OneIncidentPath(*server, token);
  ASSERT_FALSE(path.empty());
  const std::string list = "/api/v1/incidents?limit=1";
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(GetAs(*server, path, token)->status, 200);
    ASSERT_EQ(GetAs(*server, list, token)->status, 200);
  }
  const json before = json::parse(GetAs(*server, path, token)->body);
  auto patched = server->Client().Patch(
      path,
      Bearer(token, {{"If-Match", "\"" + std::to_string(before["version"].get<int>()) + "\""}}),
      R"({"title":"edited through the API"})", "application/merge-patch+json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  const json read = json::parse(GetAs(*server, path, token)->body);
  EXPECT_EQ(read["title"], "edited through the API");
  EXPECT_EQ(read["version"], before["version"].get<int>() + 1);
  const json listed = json::parse(GetAs(*server, list, token)->body)["items"][0];
  EXPECT_EQ(listed["title"], "edited through the API");
}

TEST(ReadCacheApiTest, ASignedOutSessionIsRefusedOnTheVeryNextRequest) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  std::string csrf;
  const std::string path = "/api/v1/incidents?limit=2";
  const std::string cookie = SignInAndReadTwice(*server, path, &csrf);
  ASSERT_FALSE(cookie.empty());  // reused
  auto out = server->Client().Post("/api/v1/auth/logout",
                                   httplib::Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "",
                                   "application/json");
  ASSERT_TRUE(out && out->status < 300) << (out ? out->body : "");
  auto refused = GetWithCookie(*server, path, cookie);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(ProblemCode(refused), "unauthenticated");
}

TEST(ReadCacheApiTest, ASessionEndedByAnotherProcessIsRefusedOnTheVeryNextRequest) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  std::string csrf;
  const std::string path = "/api/v1/incidents?limit=2";
  const std::string cookie = SignInAndReadTwice(*server, path, &csrf);
  ASSERT_FALSE(cookie.empty());
  auto storage = OpenStorage(*server);
  ASSERT_NE(storage, nullptr);
  const std::string value = cookie.substr(cookie.find('=') + 1);
  ASSERT_TRUE(
      storage->Write([&](store::Tx& tx) { return tx.DeleteSession(crypto::HashToken(value)); })
          .ok());
  EXPECT_EQ(GetWithCookie(*server, path, cookie)->status, 401);
  EXPECT_EQ(GetWithCookie(*server, "/api/v1/auth/me", cookie)->status, 401);
}

TEST(ReadCacheApiTest, AnswersAreNeverSharedBetweenUsers) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  const std::string documenter = server->Token("documenter@org1.demo.example");
  const std::string analyst = server->Token("analyst@org1.demo.example");
  const std::string other_org = server->Token("documenter@org2.demo.example");
  const std::string path = OneIncidentPath(*server, documenter);
  ASSERT_FALSE(path.empty());
  ASSERT_EQ(GetAs(*server, path, documenter)->status, 200);
  ASSERT_EQ(GetAs(*server, path, documenter)->status, 200);
  // Same target, another organisation: still not found, however often the owner read it.
  for (int i = 0; i < 2; ++i) {
    auto r = GetAs(*server, path, other_org);
    EXPECT_EQ(r->status, 404) << r->body;
  }
  // Same target, same organisation, another user: computed for them.
  const double reused = Reused(*server);
  auto mine = GetAs(*server, path, analyst);
  EXPECT_EQ(Reused(*server), reused);
  EXPECT_EQ(mine->status, 200);
}

// A record another organisation shared: its answer depends on the share's expiry (the clock)
// and logs the access (a write), so it is decided and logged again at every read, never reused.
TEST(ReadCacheApiTest, SharedRecordsAreDecidedAgainAtEveryRead) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  const std::string icc = server->Token("investigator@icc.demo.example");
  auto listed = GetAs(*server, "/api/v1/persons?limit=50", icc);
  ASSERT_EQ(listed->status, 200) << listed->body;
  const json page = json::parse(listed->body);
  std::string id;
  for (const json& item : page["items"]) {
    if (item.value("shared", false)) id = item["id"].get<std::string>();
  }
  ASSERT_FALSE(id.empty()) << "the demo shares one person with the ICC office";
  const double reused = Reused(*server);
  const double not_reusable = Answers(*server, "not_reusable");
  for (int i = 0; i < 3; ++i) {
    auto r = GetAs(*server, "/api/v1/persons/" + id, icc);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(json::parse(r->body)["shared"], true);
  }
  EXPECT_EQ(Reused(*server), reused);
  EXPECT_EQ(Answers(*server, "not_reusable") - not_reusable, CacheOn(*server) ? 3 : 0);
}

}  // namespace
}  // namespace giai::testing

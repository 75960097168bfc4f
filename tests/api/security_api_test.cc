// Sessions, CSRF, throttling, audit with purpose, body limits, and the "stolen data directory"
// scan, over HTTP against a real server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/postgres_test_database.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

// Records a consent that covers keeping and reading the identity.
void Consent(httplib::Client& client, const std::string& token, const std::string& person_id) {
  json consent = {{"given_how", "written"},
                  {"information_sheet_version", "test"},
                  {"language", "en"},
                  {"scopes", {{"documentation", true}, {"storage", true}}}};
  auto r = client.Post("/api/v1/persons/" + person_id + "/consents", Bearer(token), consent.dump(),
                       "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
}

std::string Login(httplib::Client& client, const std::string& email, const std::string& password,
                  std::string* csrf, int* status = nullptr) {
  auto r = client.Post("/api/v1/auth/login", json{{"email", email}, {"password", password}}.dump(),
                       "application/json");
  if (status) *status = r ? r->status : -1;
  if (!r || r->status != 200) return "";
  if (csrf) *csrf = json::parse(r->body)["csrf_token"];
  std::string cookie = r->get_header_value("Set-Cookie");
  return cookie.substr(0, cookie.find(';'));
}

TEST(SecurityApiTest, SessionCookieIsHardenedAndWritesNeedTheCsrfToken) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto client = server->Client();
  auto r =
      client.Post("/api/v1/auth/login",
                  R"({"email":"Documenter@org1.demo.example","password":"demo-documenter-1-2026"})",
                  "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  std::string set_cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  std::string csrf = json::parse(r->body)["csrf_token"];

  httplib::Headers with_cookie = {{"Cookie", cookie}};
  EXPECT_EQ(client.Get("/api/v1/incidents?limit=1", with_cookie)->status, 200);
  std::string body = R"({"title":"csrf","date":"2001","country":"SY"})";
  EXPECT_EQ(client.Post("/api/v1/incidents", with_cookie, body, "application/json")->status, 403);
  httplib::Headers wrong = {{"Cookie", cookie}, {"X-CSRF-Token", "nope"}};
  EXPECT_EQ(client.Post("/api/v1/incidents", wrong, body, "application/json")->status, 403);
  httplib::Headers good = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  EXPECT_EQ(client.Post("/api/v1/incidents", good, body, "application/json")->status, 201);

  EXPECT_EQ(client.Post("/api/v1/auth/logout", good, "", "application/json")->status, 204);
  EXPECT_EQ(client.Get("/api/v1/incidents?limit=1", with_cookie)->status, 401);
}

TEST(SecurityApiTest, FailedSignInsAreThrottledWithoutRevealingAccounts) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto client = server->Client();
  int status = 0;
  Login(client, "nobody@example.org", "wrong-password-1", nullptr, &status);
  EXPECT_EQ(status, 401);
  Login(client, "analyst@org1.demo.example", "wrong-password-1", nullptr, &status);
  EXPECT_EQ(status, 401);  // same answer whether or not the account exists
  for (int i = 0; i < 4; ++i) Login(client, "analyst@org1.demo.example", "wrong", nullptr, &status);
  auto r = client.Post("/api/v1/auth/login",
                       R"({"email":"analyst@org1.demo.example","password":"demo-analyst-1-2026"})",
                       "application/json");
  EXPECT_EQ(r->status, 429);
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
  EXPECT_EQ(json::parse(r->body)["code"], "rate_limited");
}

TEST(SecurityApiTest, IdentityReadsAreAuditedWithTheirPurposeAndNoValues) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto client = server->Client();
  std::string documenter = server->Token("documenter@org1.demo.example");
  auto created =
      client.Post("/api/v1/persons", Bearer(documenter),
                  R"({"identity":{"full_name":"Zarathustra Quill"}})", "application/json");
  ASSERT_EQ(created->status, 201);
  std::string id = json::parse(created->body)["id"];
  Consent(client, documenter, id);
  auto read = client.Get("/api/v1/persons/" + id + "/identity",
                         Bearer(documenter, {{"X-Purpose", "referral to legal aid"}}));
  ASSERT_EQ(read->status, 200);
  EXPECT_EQ(json::parse(read->body)["identity"]["full_name"], "Zarathustra Quill");
  std::string analyst = server->Token("analyst@org1.demo.example");
  EXPECT_EQ(
      client
          .Get("/api/v1/persons/" + id + "/identity", Bearer(analyst, {{"X-Purpose", "curiosity"}}))
          ->status,
      403);

  std::string admin = server->Token("admin@org1.demo.example");
  std::vector<json> events;
  std::string cursor;
  do {
    auto page = json::parse(
        client
            .Get("/api/v1/audit?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor),
                 Bearer(admin))
            ->body);
    for (auto& e : page["items"]) events.push_back(e);
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
  } while (!cursor.empty());
  bool read_logged = false, denial_logged = false;
  for (const auto& e : events) {
    EXPECT_EQ(e.dump().find("Zarathustra"), std::string::npos);
    if (e["action"] == "person.identity.read" && e["record_id"] == id) {
      if (e["outcome"] == "ok") read_logged = e["purpose"] == "referral to legal aid";
      if (e["outcome"] == "denied") denial_logged = true;
    }
  }
  EXPECT_TRUE(read_logged);
  EXPECT_TRUE(denial_logged);
  // Documenters of the same organisation cannot read the audit trail; admins of another
  // organisation see none of these events.
  EXPECT_EQ(client.Get("/api/v1/audit", Bearer(documenter))->status, 403);
  std::string admin_b = server->Token("admin@org2.demo.example");
  auto other = json::parse(client.Get("/api/v1/audit?limit=500", Bearer(admin_b))->body);
  for (const auto& e : other["items"]) EXPECT_NE(e["record_id"], id);
}

TEST(SecurityApiTest, BodiesOverTheLimitAreRefusedChunkedIncluded) {
  auto server = TestServer::Start({.demo = false, .env = {{"GIAI_BODY_LIMIT_BYTES", "4096"}}});
  ASSERT_NE(server, nullptr);
  auto client = server->Client();
  std::string big(10000, 'a');
  auto r = client.Post("/api/v1/auth/login", big, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(json::parse(r->body)["code"], "payload_too_large");
  auto chunked = client.Post(
      "/api/v1/auth/login",
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset < 20000) {
          std::string part(1000, 'b');
          sink.write(part.data(), part.size());
        } else {
          sink.done();
        }
        return true;
      },
      "application/json");
  if (chunked) {
    EXPECT_EQ(chunked->status, 413);  // or the connection was closed mid-body
  }
}

// Acceptance test of the protection design (docs/SECURITY.md): a copy of the data directory
// reveals no name and no narrative, in any script, in UTF-8 or UTF-16.
TEST(SecurityApiTest, StolenDataDirectoryRevealsNoIdentityOrNarrative) {
  auto server = TestServer::Start();
  ASSERT_NE(server, nullptr);
  auto client = server->Client();
  std::string token = server->Token("documenter@org1.demo.example");
  const std::vector<std::string> secrets = {
      "Qwertyuiop Zxcvbnm",         "Ярославна Щедрина",          "عبدالرحيم الزبيدي",
      "Village-of-Kaleidoscope-77", "Нарратив-Пример-Уникальный", "شهادة فريدة جدا"};
  json person = {{"identity",
                  {{"full_name", secrets[0]},
                   {"other_names", json::array({secrets[1], secrets[2]})},
                   {"address", secrets[3]}}}};
  auto p = client.Post("/api/v1/persons", Bearer(token), person.dump(), "application/json");
  ASSERT_EQ(p->status, 201);
  auto inc = client.Post(
      "/api/v1/incidents", Bearer(token),
      json{{"title", "Scan test"}, {"date", "2002"}, {"country", "SY"}, {"narrative", secrets[4]}}
          .dump(),
      "application/json");
  ASSERT_EQ(inc->status, 201);
  auto t = client.Post("/api/v1/testimonies", Bearer(token),
                       json{{"person_id", json::parse(p->body)["id"]},
                            {"date", "2020"},
                            {"language", "ar"},
                            {"narrative", secrets[5]}}
                           .dump(),
                       "application/json");
  ASSERT_EQ(t->status, 201);
  // The same in a compartment, whose records are sealed under the compartment's own key.
  const std::vector<std::string> compartment_secrets = {"Зульфия Отсекова",
                                                        "رواية المقصورة السرية"};
  std::string org =
      json::parse(client.Get("/api/v1/auth/me", Bearer(token))->body)["organisation"]["id"];
  std::string cmp = server->Giai(
      {"compartment", "add", "--data", server->data_dir(), "--org", org, "--name", "Scan unit"});
  cmp.erase(cmp.find_last_not_of("\n ") + 1);
  server->Giai({"user", "add", "--data", server->data_dir(), "--org", org, "--email",
                "scan-member@org1.demo.example", "--role", "documenter", "--compartment", cmp});
  std::string member = server->Token("scan-member@org1.demo.example");
  auto cp = client.Post(
      "/api/v1/persons", Bearer(member),
      json{{"compartment_id", cmp}, {"identity", {{"full_name", compartment_secrets[0]}}}}.dump(),
      "application/json");
  ASSERT_EQ(cp->status, 201) << cp->body;
  std::string cpid = json::parse(cp->body)["id"];
  auto ct = client.Post("/api/v1/testimonies", Bearer(member),
                        json{{"person_id", cpid},
                             {"compartment_id", cmp},
                             {"date", "2021"},
                             {"language", "ar"},
                             {"narrative", compartment_secrets[1]}}
                            .dump(),
                        "application/json");
  ASSERT_EQ(ct->status, 201) << ct->body;
  Consent(client, member, cpid);
  ASSERT_EQ(
      client.Get("/api/v1/persons/" + cpid + "/identity", Bearer(member, {{"X-Purpose", "scan"}}))
          ->status,
      200);
  // Restriction and lift reasons are free text that may name people: sealed too, and read back.
  const std::vector<std::string> reason_secrets = {"Restriction-Raison-Unique-4417",
                                                   "سبب رفع التقييد الفريد"};
  const std::string admin = server->Token("admin@org1.demo.example");
  const std::string restriction = "/api/v1/persons/" + cpid + "/restriction";
  server->Giai({"user", "add", "--data", server->data_dir(), "--org", org, "--email",
                "scan-admin@org1.demo.example", "--role", "admin", "--compartment", cmp});
  const std::string cmp_admin = server->Token("scan-admin@org1.demo.example");
  ASSERT_EQ(client
                .Post(restriction, Bearer(cmp_admin), json{{"reason", reason_secrets[0]}}.dump(),
                      "application/json")
                ->status,
            201);
  ASSERT_EQ(client
                .Post(restriction + "/lift", Bearer(cmp_admin),
                      json{{"reason", reason_secrets[1]}}.dump(), "application/json")
                ->status,
            201);
  json versions = json::parse(client.Get(restriction, Bearer(cmp_admin))->body)["items"];
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]["reason"], reason_secrets[0]);
  EXPECT_EQ(versions[1]["reason"], reason_secrets[1]);
  EXPECT_FALSE(versions[0].contains("_sealed"));
  // An administrator outside the compartment does not reach the person, nor the reasons.
  EXPECT_EQ(client.Get(restriction, Bearer(admin))->status, 404);
  std::vector<std::string> all_secrets = secrets;
  all_secrets.insert(all_secrets.end(), compartment_secrets.begin(), compartment_secrets.end());
  all_secrets.insert(all_secrets.end(), reason_secrets.begin(), reason_secrets.end());
  // Reading them back puts them through the server's memory and logs, which the scan covers.
  std::string pid = json::parse(p->body)["id"];
  Consent(client, token, pid);
  ASSERT_EQ(
      client.Get("/api/v1/persons/" + pid + "/identity", Bearer(token, {{"X-Purpose", "scan"}}))
          ->status,
      200);
  server->Stop();

  auto utf16 = [](const std::string& utf8, bool big_endian) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size();) {
      unsigned char c = static_cast<unsigned char>(utf8[i]);
      char32_t cp;
      int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
      for (int k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
      i += static_cast<std::size_t>(len);
      char hi = static_cast<char>((cp >> 8) & 0xFF), lo = static_cast<char>(cp & 0xFF);
      out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
    }
    return out;
  };
  // On PostgreSQL the database lives on the database server: scan its cluster directory too
  // (tables, indexes and WAL of every database on the test server). Its WAL writer writes
  // committed records within wal_writer_delay (200 ms); wait for it.
  std::vector<std::filesystem::path> scanned = {server->data_dir()};
  if (!server->database_url().empty()) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    ASSERT_FALSE(TestDatabase::ClusterDirectory().empty());
    scanned.emplace_back(TestDatabase::ClusterDirectory());
  }
  // Control: the scan must see this test's records (their ids are stored in clear).
  const std::string control = json::parse(inc->body)["id"];
  bool control_seen = false;
  int files = 0;
  for (const auto& root : scanned) {
    // Error-tolerant walk: other tests' databases come and go on the shared server.
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(root, ec), end; !ec && it != end;
         it.increment(ec)) {
      const auto& entry = *it;
      if (!entry.is_regular_file(ec)) continue;
      ++files;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      std::string content = buffer.str();
      control_seen = control_seen || content.find(control) != std::string::npos;
      for (const std::string& s : all_secrets) {
        EXPECT_EQ(content.find(s), std::string::npos) << s << " found in " << entry.path();
        EXPECT_EQ(content.find(utf16(s, false)), std::string::npos)
            << s << " (UTF-16LE) in " << entry.path();
        EXPECT_EQ(content.find(utf16(s, true)), std::string::npos)
            << s << " (UTF-16BE) in " << entry.path();
      }
    }
  }
  EXPECT_GE(files, 3);  // database, key, log (WAL and shm when present), or the PG cluster
  EXPECT_TRUE(control_seen) << "the scan did not reach the stored records";
}

}  // namespace
}  // namespace giai::testing

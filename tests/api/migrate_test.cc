// giai migrate --from sqlite:DIR --to postgresql://... as a real process, against the test
// PostgreSQL server (CTest fixture `postgres`): a demo deployment is copied, verified, and then
// served from PostgreSQL with the same keys and the same answers as from SQLite.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "crypto/base64.h"
#include "crypto/hash.h"
#include "ledger/merkle.h"
#include "support/postgres_test_database.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

// What a documenter of org1 sees: incidents (bodies, versions, cursors) and evidence items.
std::string Snapshot(const TestServer& server) {
  std::string token = server.Token("documenter@org1.demo.example");
  httplib::Client client = server.Client();
  std::string out;
  for (const char* path : {"/api/v1/incidents?limit=200", "/api/v1/evidence?limit=200"}) {
    auto r = client.Get(path, Bearer(token));
    EXPECT_TRUE(r && r->status == 200) << path << (r ? r->body : "");
    out += std::string(path) + "\n" + (r ? r->body : "") + "\n";
  }
  return out;
}

// The ledger's latest checkpoint: origin, size and root (C2SP tlog-checkpoint body).
struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  ledger::Hash root{};
};
Checkpoint LatestCheckpoint(const TestServer& server) {
  std::string token = server.Token("documenter@org1.demo.example");
  auto r = server.Client().Get("/api/v1/ledger/checkpoint", Bearer(token));
  EXPECT_TRUE(r && r->status == 200);
  std::istringstream lines(r ? r->body : "");
  Checkpoint c;
  std::string size, root;
  std::getline(lines, c.origin);
  std::getline(lines, size);
  std::getline(lines, root);
  c.size = std::stoull(size);
  std::string raw;
  EXPECT_TRUE(crypto::Base64Decode(root, raw));
  c.root = ledger::HashFromBytes(raw).value();
  return c;
}

// The ledger of `server` extends `earlier` (the audit trail sealed when the source stopped may
// have added leaves): same log, and an RFC 9162 consistency proof from the earlier tree.
void ExpectLedgerExtends(const TestServer& server, const Checkpoint& earlier) {
  const Checkpoint now = LatestCheckpoint(server);
  EXPECT_EQ(now.origin, earlier.origin);
  ASSERT_GE(now.size, earlier.size);
  if (now.size == earlier.size) {
    EXPECT_EQ(now.root, earlier.root);
    return;
  }
  std::string token = server.Token("documenter@org1.demo.example");
  auto r =
      server.Client().Get("/api/v1/ledger/proof/consistency?first=" + std::to_string(earlier.size) +
                              "&second=" + std::to_string(now.size),
                          Bearer(token));
  ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "");
  std::vector<ledger::Hash> proof;
  const nlohmann::json answer = nlohmann::json::parse(r->body);  // not a temporary: iterated
  for (const auto& b64 : answer["proof"]) {
    std::string raw;
    ASSERT_TRUE(crypto::Base64Decode(b64.get<std::string>(), raw));
    proof.push_back(ledger::HashFromBytes(raw).value());
  }
  Status verified =
      ledger::VerifyConsistency(earlier.size, now.size, proof, earlier.root, now.root);
  EXPECT_TRUE(verified.ok()) << verified.ToString() << " from " << earlier.size << " to "
                             << now.size << ": " << r->body;
}

// Registers and uploads one evidence item: a ledger leaf, custody events and a signed checkpoint.
void AddEvidence(const TestServer& server) {
  std::string token = server.Token("documenter@org1.demo.example");
  httplib::Client client = server.Client();
  const std::string content = "[TEST] evidence content for the migration";
  nlohmann::json item = {{"sha256", crypto::ToHex(crypto::Sha256Of(content))},
                         {"file_name", "statement.txt"},
                         {"acquisition", {{"method", "handed_over"}}}};
  auto registered = client.Post("/api/v1/evidence", Bearer(token), item.dump(), "application/json");
  ASSERT_TRUE(registered && registered->status == 201) << (registered ? registered->body : "");
  std::string id = nlohmann::json::parse(registered->body)["id"];
  auto put = client.Put("/api/v1/evidence/" + id + "/content", Bearer(token), content,
                        "application/octet-stream");
  ASSERT_TRUE(put && put->status / 100 == 2) << (put ? put->body : "");
}

TEST(MigrateTest, CopiesADemoDeploymentAndServesTheSameData) {
  // The source: a demo deployment on SQLite, served once to take a snapshot.
  unsetenv("GIAI_TEST_BACKEND");
  auto sqlite_server = TestServer::Start();
  ASSERT_NE(sqlite_server, nullptr);
  AddEvidence(*sqlite_server);
  std::string before = Snapshot(*sqlite_server);
  const Checkpoint before_ledger = LatestCheckpoint(*sqlite_server);
  sqlite_server->Stop();
  std::string dir = sqlite_server->data_dir();

  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  Outcome migrated = RunGiai("migrate --from sqlite:" + dir + " --to " + db->url());
  ASSERT_EQ(migrated.code, 0) << migrated.out;
  EXPECT_NE(migrated.out.find("records: "), std::string::npos) << migrated.out;
  EXPECT_NE(migrated.out.find("Verified"), std::string::npos);
  EXPECT_NE(migrated.out.find("ledger_leaves: "), std::string::npos) << migrated.out;
  EXPECT_EQ(migrated.out.find("ledger (0 leaves)"), std::string::npos) << migrated.out;

  // A second copy into the same (now non-empty) database is refused.
  EXPECT_EQ(RunGiai("migrate --from sqlite:" + dir + " --to " + db->url()).code, 5);
  // Bad arguments.
  EXPECT_EQ(RunGiai("migrate --from " + dir + " --to " + db->url()).code, 2);
  EXPECT_EQ(RunGiai("migrate --from sqlite:" + dir + " --to mysql://x/y").code, 2);
  EXPECT_EQ(RunGiai("migrate --from sqlite:/nonexistent --to " + db->url()).code, 3);

  // The copy is served from PostgreSQL with the directory's keys.
  std::filesystem::remove(dir + "/giai.db");
  Outcome token = RunGiai("token create --data " + dir + " --database " + db->url() +
                          " --user documenter@org1.demo.example");
  ASSERT_EQ(token.code, 0) << token.out;
  // Without --database the directory has no SQLite database any more.
  EXPECT_EQ(RunGiai("token create --data " + dir + " --user documenter@org1.demo.example").code, 3);
  TestServer::Options options;
  options.existing_data_dir = dir;
  options.database = db->url();
  auto pg_server = TestServer::Start(options);
  ASSERT_NE(pg_server, nullptr);
  EXPECT_EQ(Snapshot(*pg_server), before);
  ExpectLedgerExtends(*pg_server, before_ledger);
  pg_server.reset();
}

}  // namespace
}  // namespace giai::testing

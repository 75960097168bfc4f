// giai fsck, export and verify as real processes over a data directory the server filled: a
// one-byte change to a blob or the ledger is found and named; a bundle verifies offline and any
// change to a file, proof, manifest or checkpoint makes it fail; the consent gate withholds.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "crypto/hash.h"
#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

void WriteAll(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}
void FlipByte(const fs::path& p, std::size_t at) {
  std::string bytes = ReadAll(p);
  bytes[at % bytes.size()] ^= 0x01;
  WriteAll(p, bytes);
}

class EvidenceCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    std::string token = server_->Token("documenter@org1.demo.example");
    auto client = server_->Client();
    json me = json::parse(client.Get("/api/v1/auth/me", Bearer(token))->body);
    org_ = me["organisation"]["id"];
    // Two persons: one agreed to sharing with the ICC, the other only with NGO partners.
    auto person = [&](const std::vector<std::string>& sharing) {
      return NewPersonWithConsent(*server_, token, {{"sex", "female"}}, sharing, "pseudonymous");
    };
    const std::string agreed = person({"icc"}), refused = person({"ngo_partner"});
    auto item = [&](const std::string& content, const std::string& who) {
      json body = {{"sha256", crypto::ToHex(crypto::Sha256Of(content))},
                   {"file_name", "statement.pdf"},
                   {"person_ids", {who}},
                   {"acquisition", {{"method", "handed_over"}}}};
      auto r = client.Post("/api/v1/evidence", Bearer(token), body.dump(), "application/json");
      std::string id = json::parse(r->body)["id"];
      auto put = client.Put("/api/v1/evidence/" + id + "/content", Bearer(token), content,
                            "application/octet-stream");
      EXPECT_EQ(put->status, 200) << put->body;
      return id;
    };
    shared_ = item(std::string(300000, 's'), agreed);
    withheld_ = item("held back", refused);
    server_->Stop();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::string Data() { return server_->data_dir(); }

  // A fresh bundle of both items for the ICC.
  fs::path Export() {
    fs::path out = fs::path(Data()).parent_path() / ("bundle-" + std::to_string(counter_++));
    Outcome o =
        RunGiai("export --data " + Data() + " --org " + org_ + " --item " + shared_ + " --item " +
                withheld_ + " --recipient icc --purpose 'ICC request' --out " + out.string());
    EXPECT_EQ(o.code, 0) << o.out;
    EXPECT_NE(o.out.find("WITHHELD " + withheld_), std::string::npos) << o.out;
    return out;
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string org_, shared_, withheld_;
  static inline int counter_ = 0;
};

TEST_F(EvidenceCliTest, FsckVerifiesAHealthyDataDirectory) {
  Outcome o = RunGiai("fsck --data " + Data());
  EXPECT_EQ(o.code, 0) << o.out;
  EXPECT_NE(o.out.find("all verified"), std::string::npos);
}

TEST_F(EvidenceCliTest, ExportedBundleVerifiesOfflineAndListsWhatConsentWithheld) {
  fs::path bundle = Export();
  const std::string key = ReadAll(bundle / "log.pub");
  Outcome o =
      RunGiai("verify " + bundle.string() + " --key '" + key.substr(0, key.size() - 1) + "'");
  EXPECT_EQ(o.code, 0) << o.out;
  EXPECT_NE(o.out.find("verified  " + shared_), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("withheld  " + withheld_), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("sharing with icc"), std::string::npos) << o.out;
  EXPECT_TRUE(fs::exists(bundle / "VERIFY.md"));
  // The withheld item's bytes are nowhere in the bundle.
  for (const auto& f : fs::recursive_directory_iterator(bundle)) {
    if (f.is_regular_file()) {
      EXPECT_EQ(ReadAll(f.path()).find("held back"), std::string::npos);
    }
  }
  // Without a trusted key, the bundle says which key it trusted.
  EXPECT_NE(RunGiai("verify " + bundle.string()).out.find("WARNING"), std::string::npos);
}

TEST_F(EvidenceCliTest, ChangingAnyByteOfABundleMakesItFail) {
  fs::path clean = Export();
  const std::string key = ReadAll(clean / "log.pub");
  const std::string file = (*fs::directory_iterator(clean / "files")).path().filename();
  const std::vector<std::string> parts = {"files/" + file, "proofs/" + shared_ + ".tlog-proof",
                                          "proofs/manifest.tlog-proof", "manifest.json",
                                          "checkpoint.txt"};
  for (const std::string& part : parts) {
    for (std::size_t at : {std::size_t{10}, std::size_t{200}}) {
      fs::path copy = clean.string() + "-tampered";
      fs::remove_all(copy);
      fs::copy(clean, copy, fs::copy_options::recursive);
      FlipByte(copy / part, at);
      Outcome o =
          RunGiai("verify " + copy.string() + " --key '" + key.substr(0, key.size() - 1) + "'");
      EXPECT_NE(o.code, 0) << part << " @" << at << "\n" << o.out;
      fs::remove_all(copy);
    }
  }
  // Another log's key does not vouch for this bundle.
  Outcome other = RunGiai("verify " + clean.string() +
                          " --key 'other+00000000+AdaMfbn2IuBgWZq2phyZyhtW8J1MMT0EtYjXHTIoUjAG'");
  EXPECT_NE(other.code, 0) << other.out;
}

TEST_F(EvidenceCliTest, FsckNamesABlobWithOneByteChanged) {
  fs::path objects = fs::path(Data()) / "vault" / "objects";
  fs::path victim;
  for (const auto& f : fs::directory_iterator(objects)) {
    if (f.path().filename().string().starts_with(shared_)) victim = f.path();
  }
  ASSERT_FALSE(victim.empty());
  const std::string original = ReadAll(victim);
  fs::permissions(victim, fs::perms::owner_read | fs::perms::owner_write);
  FlipByte(victim, original.size() / 2);
  Outcome o = RunGiai("fsck --data " + Data());
  WriteAll(victim, original);
  EXPECT_EQ(o.code, 6) << o.out;
  EXPECT_NE(o.out.find("PROBLEM " + shared_), std::string::npos) << o.out;
  EXPECT_EQ(RunGiai("fsck --data " + Data()).code, 0);
}

TEST_F(EvidenceCliTest, BackupTakenFromALiveServerRestoresAndVerifies) {
  TestServer::Options options;
  auto live = TestServer::Start(options);
  ASSERT_NE(live, nullptr);
  std::string token = live->Token("documenter@org1.demo.example");
  auto client = live->Client();
  const std::string content = "kept safe";
  json body = {{"sha256", crypto::ToHex(crypto::Sha256Of(content))},
               {"file_name", "kept.txt"},
               {"acquisition", {{"method", "handed_over"}}}};
  std::string id = json::parse(
      client.Post("/api/v1/evidence", Bearer(token), body.dump(), "application/json")->body)["id"];
  ASSERT_EQ(client
                .Put("/api/v1/evidence/" + id + "/content", Bearer(token), content,
                     "application/octet-stream")
                ->status,
            200);
  const fs::path root = fs::path(live->data_dir()).parent_path();
  const fs::path backup = root / "backup", restored = root / "restored";
  Outcome b = RunGiai("backup --data " + live->data_dir() + " --out " + backup.string());
  ASSERT_EQ(b.code, 0) << b.out;
  EXPECT_FALSE(fs::exists(backup / "keys"));  // keys travel separately
  Outcome r = RunGiai("restore --from " + backup.string() + " --data " + restored.string() +
                      " --keys " + live->data_dir() + "/keys");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(RunGiai("fsck --data " + restored.string()).code, 0);
  // Without the keys the backup opens nothing.
  Outcome no_keys = RunGiai("restore --from " + backup.string() + " --data " +
                            (root / "nokeys").string() + " --keys " + root.string());
  EXPECT_NE(no_keys.code, 0);
  fs::remove_all(backup);
  fs::remove_all(restored);
  fs::remove_all(root / "nokeys");
}

TEST_F(EvidenceCliTest, LedgerLeavesHoldOnlyCommitmentsNeverText) {
  // Every leaf decodes as a version-1 commitment whose id is an opaque giai id: the free text of
  // the records it commits to (titles, narratives, file names, purposes) cannot be there.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((Data() + "/giai.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT data FROM ledger_leaves", -1, &st, nullptr), SQLITE_OK);
  const std::regex opaque("(evd|cus|inc|act|per|unt|tst|cns|exp|aub)_[0-9A-Z]{26}");
  int leaves = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string leaf(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                     static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
    ASSERT_GE(leaf.size(), 3u);
    const std::size_t id_length = static_cast<unsigned char>(leaf[2]);
    EXPECT_EQ(leaf.size(), 75 + id_length);
    const std::string id = leaf.substr(3, id_length);
    EXPECT_TRUE(std::regex_match(id, opaque)) << id;
    EXPECT_EQ(leaf.find("statement"), std::string::npos);
    EXPECT_EQ(leaf.find("ICC request"), std::string::npos);
    ++leaves;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_GT(leaves, 4);
}

// The audit trail is sealed into the ledger in batches (while serving and when the server
// stops); fsck re-hashes every batch, so an event edited behind the database's back is found.
TEST_F(EvidenceCliTest, SealedAuditBatchesVerifyAndAnEditedEventIsFound) {
  auto live = TestServer::Start();
  ASSERT_NE(live, nullptr);
  const std::string token = live->Token("legal@org1.demo.example");
  auto client = live->Client();
  auto incidents = client.Get("/api/v1/incidents?limit=1", Bearer(token));
  const std::string incident = json::parse(incidents->body)["items"][0]["id"];
  auto read = client.Get("/api/v1/incidents/" + incident + "/narrative",
                         Bearer(token, {{"X-Purpose", "Prepare the charge sheet"}}));
  ASSERT_EQ(read->status, 200) << read->body;
  live->Stop();  // seals what is left
  const std::string dir = live->data_dir();
  Outcome first = RunGiai("fsck --data " + dir);
  ASSERT_EQ(first.code, 0) << first.out;
  EXPECT_EQ(first.out.find(" 0 sealed audit batches"), std::string::npos) << first.out;

  // A second run of the server seals only what is new: the batches stay contiguous.
  TestServer::Options again;
  again.existing_data_dir = dir;
  auto second = TestServer::Start(again);
  ASSERT_NE(second, nullptr);
  auto client2 = second->Client();
  EXPECT_EQ(client2
                .Get("/api/v1/incidents/" + incident + "/narrative",
                     Bearer(token, {{"X-Purpose", "Check a date"}}))
                ->status,
            200);
  second->Stop();
  EXPECT_EQ(RunGiai("fsck --data " + dir).code, 0);

  // An attacker with write access to the database rewrites why a narrative was read.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/giai.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "BEGIN; DROP TRIGGER audit_events_no_update; "
                         "UPDATE audit_events SET purpose = 'routine check' "
                         "WHERE purpose = 'Prepare the charge sheet'; COMMIT;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(sqlite3_changes(db), 1);
  sqlite3_close(db);
  Outcome o = RunGiai("fsck --data " + dir);
  EXPECT_EQ(o.code, 6) << o.out;
  EXPECT_NE(o.out.find("PROBLEM audit batch"), std::string::npos) << o.out;
}

TEST_F(EvidenceCliTest, FsckFindsALedgerLeafChangedBehindItsBack) {
  // An attacker with write access to the database (triggers dropped) edits one ledger leaf.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((Data() + "/giai.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db,
                   "BEGIN; DROP TRIGGER ledger_leaves_no_update; "
                   "UPDATE ledger_leaves SET data = CAST(data AS BLOB) || x'00' WHERE idx = 1; "
                   "COMMIT;",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  Outcome o = RunGiai("fsck --data " + Data());
  EXPECT_EQ(o.code, 6) << o.out;
  EXPECT_NE(o.out.find("ledger leaf 1"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace giai::testing

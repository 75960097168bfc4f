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

#include "crypto/hash.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct Outcome {
  int code;
  std::string out;
};

Outcome Run(const std::string& args) {
  std::string out;
  FILE* p = popen((GiaiBinary() + " " + args + " 2>&1").c_str(), "r");
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
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
    org_ = me["org_id"];
    // Two persons: one agreed to sharing with the ICC, the other only with NGO partners.
    auto person = [&](const std::vector<std::string>& sharing) {
      auto r = client.Post("/api/v1/persons", Bearer(token), R"({"sex":"female"})",
                           "application/json");
      std::string id = json::parse(r->body)["id"];
      json consent = {{"given_how", "written"},
                      {"information_sheet_version", "2026-01"},
                      {"language", "en"},
                      {"scopes",
                       {{"documentation", true},
                        {"storage", true},
                        {"sharing", sharing},
                        {"identity_level", "pseudonymous"}}}};
      auto c = client.Post("/api/v1/persons/" + id + "/consents", Bearer(token), consent.dump(),
                           "application/json");
      EXPECT_EQ(c->status, 201) << c->body;
      return id;
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
    Outcome o = Run("export --data " + Data() + " --org " + org_ + " --item " + shared_ +
                    " --item " + withheld_ + " --recipient icc --purpose 'ICC request' --out " +
                    out.string());
    EXPECT_EQ(o.code, 0) << o.out;
    EXPECT_NE(o.out.find("WITHHELD " + withheld_), std::string::npos) << o.out;
    return out;
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string org_, shared_, withheld_;
  static inline int counter_ = 0;
};

TEST_F(EvidenceCliTest, FsckVerifiesAHealthyDataDirectory) {
  Outcome o = Run("fsck --data " + Data());
  EXPECT_EQ(o.code, 0) << o.out;
  EXPECT_NE(o.out.find("all verified"), std::string::npos);
}

TEST_F(EvidenceCliTest, ExportedBundleVerifiesOfflineAndListsWhatConsentWithheld) {
  fs::path bundle = Export();
  const std::string key = ReadAll(bundle / "log.pub");
  Outcome o = Run("verify " + bundle.string() + " --key '" + key.substr(0, key.size() - 1) + "'");
  EXPECT_EQ(o.code, 0) << o.out;
  EXPECT_NE(o.out.find("verified  " + shared_), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("withheld  " + withheld_), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("sharing with icc"), std::string::npos) << o.out;
  EXPECT_TRUE(fs::exists(bundle / "VERIFY.md"));
  // The withheld item's bytes are nowhere in the bundle.
  for (const auto& f : fs::recursive_directory_iterator(bundle)) {
    if (f.is_regular_file()) EXPECT_EQ(ReadAll(f.path()).find("held back"), std::string::npos);
  }
  // Without a trusted key, the bundle says which key it trusted.
  EXPECT_NE(Run("verify " + bundle.string()).out.find("WARNING"), std::string::npos);
}

TEST_F(EvidenceCliTest, ChangingAnyByteOfABundleMakesItFail) {
  fs::path clean = Export();
  const std::string key = ReadAll(clean / "log.pub");
  const std::string file = (*fs::directory_iterator(clean / "files")).path().filename();
  for (const std::string part :
       {"files/" + file, "proofs/" + shared_ + ".tlog-proof", "proofs/manifest.tlog-proof",
        std::string("manifest.json"), std::string("checkpoint.txt")}) {
    for (std::size_t at : {std::size_t{10}, std::size_t{200}}) {
      fs::path copy = clean.string() + "-tampered";
      fs::remove_all(copy);
      fs::copy(clean, copy, fs::copy_options::recursive);
      FlipByte(copy / part, at);
      Outcome o =
          Run("verify " + copy.string() + " --key '" + key.substr(0, key.size() - 1) + "'");
      EXPECT_NE(o.code, 0) << part << " @" << at << "\n" << o.out;
      fs::remove_all(copy);
    }
  }
  // Another log's key does not vouch for this bundle.
  Outcome other = Run("verify " + clean.string() +
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
  Outcome o = Run("fsck --data " + Data());
  WriteAll(victim, original);
  EXPECT_EQ(o.code, 6) << o.out;
  EXPECT_NE(o.out.find("PROBLEM " + shared_), std::string::npos) << o.out;
  EXPECT_EQ(Run("fsck --data " + Data()).code, 0);
}

TEST_F(EvidenceCliTest, FsckFindsALedgerLeafChangedBehindItsBack) {
  // An attacker with write access to the database (triggers dropped) edits one ledger leaf.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((Data() + "/giai.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "BEGIN; DROP TRIGGER ledger_leaves_no_update; "
                         "UPDATE ledger_leaves SET data = CAST(data AS BLOB) || x'00' WHERE idx = 1; "
                         "COMMIT;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Outcome o = Run("fsck --data " + Data());
  EXPECT_EQ(o.code, 6) << o.out;
  EXPECT_NE(o.out.find("ledger leaf 1"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace giai::testing

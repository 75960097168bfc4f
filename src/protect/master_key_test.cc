// Passphrase mode of the master key: Argon2id-wrapped key file, wrong passphrases, tampering,
// and rotations that move between key-file and passphrase modes without touching payloads.
#include "protect/master_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "crypto/random.h"
#include "protect/key_ring.h"
#include "store/sqlite/sqlite_store.h"

namespace giai::protect {
namespace {

// Argon2id at the ASVS floor keeps the tests fast; the defaults are checked in crypto_test.
MasterKeyTarget Passphrase(std::string passphrase) {
  MasterKeyTarget t{MasterKeyMode::kPassphrase, std::move(passphrase), {}};
  t.kdf.opslimit = 1;
  t.kdf.memlimit = crypto::PassphraseKdfParams::kMinMemLimit;
  return t;
}

PassphraseSource Give(std::string passphrase) {
  return [passphrase]() -> Result<std::string> { return passphrase; };
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

class MasterKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    dir_ = std::filesystem::temp_directory_path() / ("giai-master-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    key_ = dir_ / "keys/master.key";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A database with one organisation and one sealed field under the key at key_.
  void MakeDatabase(const PassphraseSource& passphrase) {
    auto ring = KeyRing::Open(key_, passphrase);
    ASSERT_TRUE(ring.ok()) << ring.status().ToString();
    auto store = store::sqlite::SqliteStore::Create((dir_ / "giai.db").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    ASSERT_TRUE(
        store_
            ->Write([&](store::Tx& tx) -> Status {
              GIAI_RETURN_IF_ERROR(tx.InsertOrganisation(
                  {"org_a", "A", "member", "t", (*ring)->NewWrappedOrganisationKey("org_a")}));
              return (*ring)->SealField(tx, KeyScope::Organisation("org_a"), "per_1", "identity", 1,
                                        "Мухаммад");
            })
            .ok());
    payload_ = SealedPayload();
  }
  std::string SealedPayload() {
    std::string ciphertext;
    EXPECT_TRUE(store_
                    ->Read([&](store::Tx& tx) -> Status {
                      GIAI_ASSIGN_OR_RETURN(auto row, tx.GetSealed("per_1", "identity"));
                      ciphertext = row.ciphertext;
                      return Status::Ok();
                    })
                    .ok());
    return ciphertext;
  }
  std::string ReadField(const PassphraseSource& passphrase) {
    auto ring = KeyRing::Open(key_, passphrase);
    if (!ring.ok()) return "open failed: " + ring.status().ToString();
    std::string out;
    Status st = store_->Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(auto plain, (*ring)->OpenField(tx, KeyScope::Organisation("org_a"),
                                                           "per_1", "identity", 1));
      out = plain.value_or("");
      return Status::Ok();
    });
    return st.ok() ? out : "read failed: " + st.ToString();
  }

  std::filesystem::path dir_, key_;
  std::unique_ptr<store::Store> store_;
  std::string payload_;
};

TEST_F(MasterKeyTest, PassphraseFileRecordsKdfParametersAndHoldsNoKeyInClear) {
  crypto::SecretKey master = crypto::SecretKey::Generate();
  ASSERT_TRUE(WriteMasterKeyFile(key_, master, Passphrase("correct horse battery")).ok());
  struct stat st {};
  ASSERT_EQ(::stat(key_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string file = Slurp(key_);
  EXPECT_EQ(
      file.rfind("giai-master-key-v1\nkdf=argon2id13\nopslimit=1\nmemlimit=48234496\nsalt=", 0), 0u)
      << file;
  EXPECT_EQ(file.find(master.Reveal()), std::string::npos);
  EXPECT_EQ(file.find("correct horse"), std::string::npos);
  EXPECT_EQ(MasterKeyModeOf(key_).value(), MasterKeyMode::kPassphrase);
  auto back = ReadMasterKeyFile(key_, Give("correct horse battery"));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->Reveal(), master.Reveal());
}

TEST_F(MasterKeyTest, WrongOrMissingPassphraseIsAClearStableError) {
  ASSERT_TRUE(KeyRing::CreateKeyFile(key_, Passphrase("correct horse battery")).ok());
  Status wrong = KeyRing::Open(key_, Give("correct horse batterY")).status();
  EXPECT_EQ(wrong.code(), Code::kUnauthenticated);
  EXPECT_NE(wrong.message().find("wrong passphrase"), std::string::npos);
  Status none = KeyRing::Open(key_).status();
  EXPECT_EQ(none.code(), Code::kUnavailable);
  EXPECT_NE(none.message().find("GIAI_PASSPHRASE_FILE"), std::string::npos);
  // A failing source (unreadable file, closed descriptor) is passed through.
  PassphraseSource broken = []() -> Result<std::string> { return InvalidInput("cannot read F"); };
  EXPECT_EQ(KeyRing::Open(key_, broken).status().code(), Code::kInvalidInput);
}

TEST_F(MasterKeyTest, TamperedParametersOrWrappedKeyDoNotOpen) {
  ASSERT_TRUE(KeyRing::CreateKeyFile(key_, Passphrase("correct horse battery")).ok());
  std::string original = Slurp(key_);
  auto rewrite = [&](const std::string& from, const std::string& to) {
    std::string s = original;
    s.replace(s.find(from), from.size(), to);
    std::filesystem::remove(key_);
    std::ofstream(key_, std::ios::binary) << s;
    std::filesystem::permissions(key_, std::filesystem::perms::owner_read);
  };
  rewrite("opslimit=1", "opslimit=2");  // parameters are bound to the wrapped key
  EXPECT_EQ(KeyRing::Open(key_, Give("correct horse battery")).status().code(),
            Code::kUnauthenticated);
  rewrite("memlimit=48234496", "memlimit=1048576");  // below the floor: refused, not derived
  EXPECT_EQ(KeyRing::Open(key_, Give("correct horse battery")).status().code(), Code::kUnavailable);
  rewrite("kdf=argon2id13", "kdf=md5");
  EXPECT_EQ(KeyRing::Open(key_, Give("correct horse battery")).status().code(), Code::kUnavailable);
  rewrite("wrapped=", "wrapped=!!");
  EXPECT_EQ(KeyRing::Open(key_, Give("correct horse battery")).status().code(), Code::kUnavailable);
}

TEST_F(MasterKeyTest, ShortPassphraseIsRefusedAndNothingIsWritten) {
  EXPECT_EQ(KeyRing::CreateKeyFile(key_, Passphrase("short")).code(), Code::kInvalidInput);
  EXPECT_FALSE(std::filesystem::exists(key_));
}

TEST_F(MasterKeyTest, RotationMovesBetweenModesWithoutTouchingPayloads) {
  ASSERT_TRUE(KeyRing::CreateKeyFile(key_).ok());
  MakeDatabase({});
  // key file -> passphrase
  ASSERT_TRUE(KeyRing::Rotate(key_, *store_, {}, Passphrase("first passphrase!")).ok());
  EXPECT_EQ(MasterKeyModeOf(key_).value(), MasterKeyMode::kPassphrase);
  EXPECT_EQ(ReadField(Give("first passphrase!")), "Мухаммад");
  EXPECT_EQ(SealedPayload(), payload_);
  // passphrase -> another passphrase: the old one no longer opens the file
  ASSERT_TRUE(
      KeyRing::Rotate(key_, *store_, Give("first passphrase!"), Passphrase("second passphrase"))
          .ok());
  EXPECT_EQ(KeyRing::Open(key_, Give("first passphrase!")).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(ReadField(Give("second passphrase")), "Мухаммад");
  // A wrong current passphrase rotates nothing.
  EXPECT_EQ(KeyRing::Rotate(key_, *store_, Give("nope nope nope"), {}).code(),
            Code::kUnauthenticated);
  EXPECT_FALSE(KeyRing::RotationInterrupted(key_));
  EXPECT_EQ(MasterKeyModeOf(key_).value(), MasterKeyMode::kPassphrase);
  // passphrase -> key file
  ASSERT_TRUE(KeyRing::Rotate(key_, *store_, Give("second passphrase"), {}).ok());
  EXPECT_EQ(MasterKeyModeOf(key_).value(), MasterKeyMode::kKeyFile);
  EXPECT_EQ(Slurp(key_).size(), 32u);
  EXPECT_EQ(ReadField({}), "Мухаммад");
  EXPECT_EQ(SealedPayload(), payload_);
}

TEST_F(MasterKeyTest, InterruptedRotationToAPassphraseNeedsThePassphraseThatOpensTheDatabase) {
  ASSERT_TRUE(KeyRing::CreateKeyFile(key_, Passphrase("old passphrase!!")).ok());
  MakeDatabase(Give("old passphrase!!"));
  // A crash after the new file was written, before the database changed: the old passphrase
  // proves the current key still opens the database, so the new file is dropped.
  ASSERT_TRUE(KeyRing::CreateKeyFile(key_.string() + ".new", Passphrase("new passphrase!!")).ok());
  ASSERT_TRUE(KeyRing::FinishInterruptedRotation(key_, *store_, Give("old passphrase!!")).ok());
  EXPECT_FALSE(KeyRing::RotationInterrupted(key_));
  EXPECT_EQ(ReadField(Give("old passphrase!!")), "Мухаммад");
  // A wrong passphrase removes nothing.
  ASSERT_TRUE(KeyRing::CreateKeyFile(key_.string() + ".new", Passphrase("new passphrase!!")).ok());
  EXPECT_EQ(KeyRing::FinishInterruptedRotation(key_, *store_, Give("wrong passphrase")).code(),
            Code::kUnauthenticated);
  EXPECT_TRUE(KeyRing::RotationInterrupted(key_));
}

}  // namespace
}  // namespace giai::protect

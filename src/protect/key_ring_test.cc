#include "protect/key_ring.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "crypto/random.h"
#include "protect/identity_vault.h"
#include "store/sqlite/sqlite_store.h"

namespace giai::protect {
namespace {

class KeyRingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    dir_ = std::filesystem::temp_directory_path() / ("giai-keys-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(KeyRing::CreateKeyFile(dir_ / "keys/master.key").ok());
    auto ring = KeyRing::Open(dir_ / "keys/master.key");
    ASSERT_TRUE(ring.ok()) << ring.status().ToString();
    ring_ = std::move(ring).value();
    auto store = store::sqlite::SqliteStore::Create((dir_ / "giai.db").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    ASSERT_TRUE(store_
                    ->Write([&](store::Tx& tx) {
                      return tx.InsertOrganisation(
                          {"org_a", "A", "member", "t", ring_->NewWrappedOrganisationKey("org_a")});
                    })
                    .ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::unique_ptr<KeyRing> ring_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(KeyRingTest, KeyFileIsPrivateAndNeverOverwritten) {
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "keys/master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(KeyRing::CreateKeyFile(dir_ / "keys/master.key").code(), Code::kConflict);
  ::chmod((dir_ / "keys/master.key").c_str(), 0644);
  EXPECT_EQ(KeyRing::Open(dir_ / "keys/master.key").status().code(), Code::kUnavailable);
  EXPECT_EQ(KeyRing::Open(dir_ / "nope.key").status().code(), Code::kUnavailable);
}

TEST_F(KeyRingTest, SealedFieldOpensOnlyAtItsVersion) {
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return ring_->SealField(tx, KeyScope::Organisation("org_a"), "inc_1",
                                            "narrative", 2, "Нарратив رواية");
                  })
                  .ok());
  ASSERT_TRUE(
      store_
          ->Write([&](store::Tx& tx) -> Status {
            GIAI_ASSIGN_OR_RETURN(auto plain, ring_->OpenField(tx, KeyScope::Organisation("org_a"),
                                                               "inc_1", "narrative", 2));
            EXPECT_EQ(plain.value_or(""), "Нарратив رواية");
            EXPECT_EQ(ring_->OpenField(tx, KeyScope::Organisation("org_a"), "inc_1", "narrative", 3)
                          .status()
                          .code(),
                      Code::kIntegrity);
            GIAI_ASSIGN_OR_RETURN(auto none, ring_->OpenField(tx, KeyScope::Organisation("org_a"),
                                                              "inc_2", "narrative", 1));
            EXPECT_FALSE(none.has_value());
            return Status::Ok();
          })
          .ok());
}

TEST_F(KeyRingTest, CiphertextCopiedToAnotherRecordFailsToOpen) {
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) -> Status {
                    GIAI_RETURN_IF_ERROR(ring_->SealField(tx, KeyScope::Organisation("org_a"),
                                                          "inc_1", "narrative", 1, "one"));
                    GIAI_ASSIGN_OR_RETURN(store::SealedRow row, tx.GetSealed("inc_1", "narrative"));
                    row.object_id = "inc_2";
                    return tx.PutSealed(row);
                  })
                  .ok());
  Status st = store_->Write([&](store::Tx& tx) {
    return ring_->OpenField(tx, KeyScope::Organisation("org_a"), "inc_2", "narrative", 1).status();
  });
  EXPECT_EQ(st.code(), Code::kIntegrity);
}

TEST_F(KeyRingTest, AnotherMasterKeyCannotOpenOrganisationKeys) {
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return ring_->SealField(tx, KeyScope::Organisation("org_a"), "per_1",
                                            "identity", 1, "x");
                  })
                  .ok());
  auto other = KeyRing::FromKeyForTesting(crypto::SecretKey::Generate());
  Status st = store_->Write([&](store::Tx& tx) {
    return other->OpenField(tx, KeyScope::Organisation("org_a"), "per_1", "identity", 1).status();
  });
  EXPECT_EQ(st.code(), Code::kIntegrity);
}

TEST_F(KeyRingTest, RotationRewrapsOrganisationKeysSoOnlyTheNewMasterKeyOpens) {
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return ring_->SealField(tx, KeyScope::Organisation("org_a"), "per_1",
                                            "identity", 1, "before rotation");
                  })
                  .ok());
  std::ifstream old_file(dir_ / "keys/master.key", std::ios::binary);
  std::string old_key((std::istreambuf_iterator<char>(old_file)), {});
  ASSERT_TRUE(KeyRing::Rotate(dir_ / "keys/master.key", *store_).ok());
  EXPECT_FALSE(KeyRing::RotationInterrupted(dir_ / "keys/master.key"));
  auto rotated = KeyRing::Open(dir_ / "keys/master.key");
  ASSERT_TRUE(rotated.ok());
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(auto plain,
                                          (*rotated)->OpenField(tx, KeyScope::Organisation("org_a"),
                                                                "per_1", "identity", 1));
                    EXPECT_EQ(plain.value_or(""), "before rotation");
                    return Status::Ok();
                  })
                  .ok());
  auto old_ring = KeyRing::FromKeyForTesting(crypto::SecretKey::FromBytes(old_key).value());
  Status st = store_->Write([&](store::Tx& tx) {
    return old_ring->OpenField(tx, KeyScope::Organisation("org_a"), "per_1", "identity", 1)
        .status();
  });
  EXPECT_EQ(st.code(), Code::kIntegrity);
}

TEST_F(KeyRingTest, AnInterruptedRotationKeepsTheKeyTheDatabaseUses) {
  // A crash after writing the new key file but before the database changed.
  ASSERT_TRUE(KeyRing::CreateKeyFile(dir_ / "keys/master.key.new").ok());
  ASSERT_TRUE(KeyRing::RotationInterrupted(dir_ / "keys/master.key"));
  ASSERT_TRUE(KeyRing::FinishInterruptedRotation(dir_ / "keys/master.key", *store_).ok());
  EXPECT_FALSE(KeyRing::RotationInterrupted(dir_ / "keys/master.key"));
  auto ring = KeyRing::Open(dir_ / "keys/master.key");
  ASSERT_TRUE(ring.ok());
  EXPECT_TRUE(store_->Read([&](store::Tx& tx) { return (*ring)->CheckOrganisationKeys(tx); }).ok());
}

TEST_F(KeyRingTest, IdentityVaultRoundTripsEveryField) {
  SealedIdentityVault vault(*ring_);
  Identity id{
      "Мухаммад Ахмед", {"محمد أحمد", "Mukhammad"}, "+000 555", "Street 1", {"passport: X1"}};
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return vault.Put(tx, KeyScope::Organisation("org_a"), "per_1", 1, id);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(
                        auto back, vault.Get(tx, KeyScope::Organisation("org_a"), "per_1", 1));
                    EXPECT_TRUE(back.has_value());
                    if (back) {
                      EXPECT_EQ(back->full_name, id.full_name);
                      EXPECT_EQ(back->other_names, id.other_names);
                      EXPECT_EQ(back->id_numbers, id.id_numbers);
                    }
                    return Status::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace giai::protect

// Compartment keys: master → organisation key → compartment key → data key (key_ring.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "access/principal.h"
#include "crypto/random.h"
#include "protect/identity_vault.h"
#include "protect/key_ring.h"
#include "store/sqlite/sqlite_store.h"

namespace giai::protect {
namespace {

// The plaintext, or the error as text (so a failure shows which).
std::string Text(const Result<std::string>& r) {
  return r.ok() ? *r : "<" + r.status().ToString() + ">";
}

class CompartmentKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    dir_ = std::filesystem::temp_directory_path() / ("giai-cmpkeys-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ring_ = KeyRing::FromKeyForTesting(master_);
    auto store = store::sqlite::SqliteStore::Create((dir_ / "giai.db").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    // The organisation key wrapped exactly as giai has always done it (written out here, not
    // through KeyRing, so that the legacy test below builds its data independently).
    ASSERT_TRUE(store_
                    ->Write([&](store::Tx& tx) {
                      return tx.InsertOrganisation(
                          {"org_a", "A", "member", "t",
                           crypto::Seal(master_, org_key_.Reveal(), "giai/v1|org-key|org_a")});
                    })
                    .ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Status Seal(const KeyScope& scope, const std::string& object, const std::string& text) {
    return store_->Write(
        [&](store::Tx& tx) { return ring_->SealField(tx, scope, object, "narrative", 1, text); });
  }
  Result<std::string> Open(const KeyScope& scope, const std::string& object) {
    std::string out;
    Status st = store_->Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(auto plain, ring_->OpenField(tx, scope, object, "narrative", 1));
      out = plain.value_or("<none>");
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }
  store::SealedRow Row(const std::string& object, const std::string& field) {
    store::SealedRow row;
    EXPECT_TRUE(store_
                    ->Read([&](store::Tx& tx) -> Status {
                      GIAI_ASSIGN_OR_RETURN(row, tx.GetSealed(object, field));
                      return Status::Ok();
                    })
                    .ok());
    return row;
  }
  void Put(const store::SealedRow& row) {
    ASSERT_TRUE(store_->Write([&](store::Tx& tx) { return tx.PutSealed(row); }).ok());
  }

  crypto::SecretKey master_ = crypto::SecretKey::Generate();
  crypto::SecretKey org_key_ = crypto::SecretKey::Generate();
  std::filesystem::path dir_;
  std::unique_ptr<KeyRing> ring_;
  std::unique_ptr<store::Store> store_;
};

const KeyScope kSgbv = KeyScope::ForServer("org_a", "cmp_sgbv");
const KeyScope kLegal = KeyScope::ForServer("org_a", "cmp_legal");
const KeyScope kWholeOrg = KeyScope::Organisation("org_a");

TEST_F(CompartmentKeyTest, ObjectsOfACompartmentAreSealedUnderItsOwnKey) {
  ASSERT_TRUE(Seal(kSgbv, "tst_1", "Показания شهادة").ok());
  EXPECT_EQ(Text(Open(kSgbv, "tst_1")), "Показания شهادة");

  // The compartment key exists, wrapped under the organisation key and bound to its compartment.
  store::SealedRow key_row = Row("cmp_sgbv", KeyRing::kCompartmentKeyField);
  ASSERT_FALSE(key_row.wrapped_key.empty());
  Result<std::string> raw =
      crypto::Open(org_key_, key_row.wrapped_key, "giai/v1|compartment-key|org_a|cmp_sgbv");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->size(), crypto::SecretKey::kSize);

  // The data key is wrapped under the compartment key, not the organisation key.
  store::SealedRow data = Row("tst_1", "narrative");
  ASSERT_EQ(data.wrapped_key.rfind("gk2|cmp_sgbv|", 0), 0u);
  std::string box = data.wrapped_key.substr(std::string("gk2|cmp_sgbv|").size());
  const std::string ad = "giai/v2|data-key|org_a|cmp_sgbv|tst_1|narrative";
  EXPECT_FALSE(crypto::Open(org_key_, box, ad).ok());
  auto cmp_key = crypto::SecretKey::FromBytes(*raw);
  ASSERT_TRUE(cmp_key.ok());
  EXPECT_TRUE(crypto::Open(*cmp_key, box, ad).ok());
}

TEST_F(CompartmentKeyTest, AnotherScopeCannotOpenACompartmentsObjects) {
  ASSERT_TRUE(Seal(kSgbv, "tst_1", "secret").ok());
  ASSERT_TRUE(Seal(kLegal, "tst_2", "other").ok());
  EXPECT_EQ(Open(kWholeOrg, "tst_1").status().code(), Code::kIntegrity);
  EXPECT_EQ(Open(kLegal, "tst_1").status().code(), Code::kIntegrity);
  EXPECT_EQ(Open(KeyScope::ForServer("org_b", "cmp_sgbv"), "tst_1").status().code(),
            Code::kNotFound);  // org_b does not exist: no key to start from
  // Two compartments have two different keys.
  EXPECT_NE(Row("cmp_sgbv", KeyRing::kCompartmentKeyField).wrapped_key,
            Row("cmp_legal", KeyRing::kCompartmentKeyField).wrapped_key);
}

TEST_F(CompartmentKeyTest, AssociatedDataBindsTheKeyReferenceAndTheCompartment) {
  ASSERT_TRUE(Seal(kSgbv, "tst_1", "secret").ok());
  ASSERT_TRUE(Seal(kLegal, "tst_2", "other").ok());
  // An envelope edited to name another compartment does not open, even for that compartment.
  store::SealedRow data = Row("tst_1", "narrative");
  store::SealedRow edited = data;
  edited.wrapped_key.replace(0, std::string("gk2|cmp_sgbv|").size(), "gk2|cmp_legal|");
  Put(edited);
  EXPECT_EQ(Open(kLegal, "tst_1").status().code(), Code::kIntegrity);
  Put(data);
  EXPECT_EQ(Text(Open(kSgbv, "tst_1")), "secret");
  // A compartment key copied to another compartment does not open there.
  store::SealedRow sgbv_key = Row("cmp_sgbv", KeyRing::kCompartmentKeyField);
  store::SealedRow moved = sgbv_key;
  moved.object_id = "cmp_legal";
  Put(moved);
  EXPECT_EQ(Open(kLegal, "tst_2").status().code(), Code::kIntegrity);
  // The payload stays bound to its object as before.
  store::SealedRow copy = data;
  copy.object_id = "tst_9";
  Put(copy);
  EXPECT_EQ(Open(kSgbv, "tst_9").status().code(), Code::kIntegrity);
}

TEST_F(CompartmentKeyTest, DataSealedBeforeCompartmentKeysStillOpens) {
  // A v1 envelope, byte for byte as giai wrote it before compartment keys: the data key bare
  // under the organisation key, whatever the record's compartment.
  crypto::SecretKey data_key = crypto::SecretKey::Generate();
  for (const char* object : {"per_old", "per_old_in_cmp"}) {
    Put({object, "narrative", 1,
         crypto::Seal(org_key_, data_key.Reveal(),
                      std::string("giai/v1|data-key|") + object + "|narrative"),
         crypto::Seal(data_key, "Мухаммад before",
                      std::string("giai/v1|") + object + "|narrative|1")});
  }
  EXPECT_EQ(Text(Open(kWholeOrg, "per_old")), "Мухаммад before");
  EXPECT_EQ(Text(Open(kSgbv, "per_old_in_cmp")), "Мухаммад before");
  // Moving the old record into a compartment upgrades it to the compartment's key.
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return ring_->RewrapField(tx, kWholeOrg, kSgbv, "per_old", "narrative");
                  })
                  .ok());
  EXPECT_EQ(Row("per_old", "narrative").wrapped_key.rfind("gk2|cmp_sgbv|", 0), 0u);
  EXPECT_EQ(Text(Open(kSgbv, "per_old")), "Мухаммад before");
  EXPECT_EQ(Open(kWholeOrg, "per_old").status().code(), Code::kIntegrity);
}

TEST_F(CompartmentKeyTest, RewrapMovesTheDataKeyWithoutTouchingThePayload) {
  ASSERT_TRUE(Seal(kSgbv, "tst_1", "moving").ok());
  const std::string ciphertext = Row("tst_1", "narrative").ciphertext;
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return ring_->RewrapField(tx, kSgbv, kLegal, "tst_1", "narrative");
                  })
                  .ok());
  EXPECT_EQ(Row("tst_1", "narrative").ciphertext, ciphertext);
  EXPECT_EQ(Text(Open(kLegal, "tst_1")), "moving");
  EXPECT_EQ(Open(kSgbv, "tst_1").status().code(), Code::kIntegrity);
  // Nothing to move is no error (a field never set).
  EXPECT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return ring_->RewrapField(tx, kSgbv, kLegal, "tst_1", "identity");
                  })
                  .ok());
}

TEST_F(CompartmentKeyTest, ShreddingACompartmentMakesItsObjectsUnreadableAndRefusesNewOnes) {
  ASSERT_TRUE(Seal(kSgbv, "tst_1", "to be shredded").ok());
  ASSERT_TRUE(Seal(kWholeOrg, "inc_1", "stays").ok());
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return ring_->ShredCompartmentKey(tx, "org_a", "cmp_sgbv");
                  })
                  .ok());
  EXPECT_TRUE(Row("cmp_sgbv", KeyRing::kCompartmentKeyField).wrapped_key.empty());
  EXPECT_EQ(Open(kSgbv, "tst_1").status().code(), Code::kNotFound);
  EXPECT_EQ(Text(Open(kWholeOrg, "inc_1")), "stays");
  EXPECT_EQ(Seal(kSgbv, "tst_2", "new").code(), Code::kConflict);
  EXPECT_EQ(store_
                ->Write([&](store::Tx& tx) {
                  return ring_->ShredCompartmentKey(tx, "org_a", "cmp_sgbv");
                })
                .code(),
            Code::kConflict);
  // A compartment that never held anything is closed for good as well.
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return ring_->ShredCompartmentKey(tx, "org_a", "cmp_legal");
                  })
                  .ok());
  EXPECT_EQ(Seal(kLegal, "tst_3", "new").code(), Code::kConflict);
}

TEST_F(CompartmentKeyTest, OnlyMembersGetAScopeForACompartment) {
  access::Principal member{"usr_1", "org_a", "", access::Role::kDocumenter, {"cmp_sgbv"}};
  access::Principal outsider{"usr_2", "org_a", "", access::Role::kDocumenter, {"cmp_legal"}};
  access::Principal other_org{"usr_3", "org_b", "", access::Role::kDocumenter, {"cmp_sgbv"}};
  EXPECT_TRUE(KeyScope::ForUser(member, "org_a", "cmp_sgbv").ok());
  EXPECT_EQ(KeyScope::ForUser(outsider, "org_a", "cmp_sgbv").status().code(), Code::kNotFound);
  EXPECT_EQ(KeyScope::ForUser(other_org, "org_a", "cmp_sgbv").status().code(), Code::kNotFound);
  EXPECT_EQ(KeyScope::ForUser(other_org, "org_a", "").status().code(), Code::kNotFound);
  EXPECT_TRUE(KeyScope::ForUser(outsider, "org_a", "").ok());
}

TEST_F(CompartmentKeyTest, MasterKeyRotationLeavesCompartmentKeysAsTheyAre) {
  // A data directory of its own, whose master key is a real key file.
  const std::filesystem::path d = dir_ / "rotated";
  ASSERT_TRUE(KeyRing::CreateKeyFile(d / "keys/master.key").ok());
  auto opened = KeyRing::Open(d / "keys/master.key");
  ASSERT_TRUE(opened.ok());
  ring_ = std::move(opened).value();
  auto store = store::sqlite::SqliteStore::Create((d / "giai.db").string());
  ASSERT_TRUE(store.ok());
  store_ = std::move(store).value();
  ASSERT_TRUE(store_
                  ->Write([&](store::Tx& tx) {
                    return tx.InsertOrganisation(
                        {"org_a", "A", "member", "t", ring_->NewWrappedOrganisationKey("org_a")});
                  })
                  .ok());
  ASSERT_TRUE(Seal(kSgbv, "tst_1", "survives rotation").ok());
  const store::SealedRow key_row = Row("cmp_sgbv", KeyRing::kCompartmentKeyField);
  const store::SealedRow data_row = Row("tst_1", "narrative");

  ASSERT_TRUE(KeyRing::Rotate(d / "keys/master.key", *store_).ok());
  auto rotated = KeyRing::Open(d / "keys/master.key");
  ASSERT_TRUE(rotated.ok());
  ring_ = std::move(rotated).value();
  EXPECT_EQ(Text(Open(kSgbv, "tst_1")), "survives rotation");
  // Only the organisation key was re-wrapped: the compartment key and the data key are
  // byte-for-byte what they were.
  EXPECT_EQ(Row("cmp_sgbv", KeyRing::kCompartmentKeyField).wrapped_key, key_row.wrapped_key);
  EXPECT_EQ(Row("tst_1", "narrative").wrapped_key, data_row.wrapped_key);
}

}  // namespace
}  // namespace giai::protect

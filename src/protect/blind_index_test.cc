// Blind index: normalisation across scripts, keyed terms per organisation, no plaintext.
#include "protect/blind_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "crypto/random.h"
#include "store/sqlite/sqlite_store.h"

namespace giai::protect {
namespace {

class BlindIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    dir_ = std::filesystem::temp_directory_path() / ("giai-blind-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ring_ = KeyRing::FromKeyForTesting(crypto::SecretKey::Generate());
    auto store = store::sqlite::SqliteStore::Create((dir_ / "giai.db").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    ASSERT_TRUE(store_
                    ->Write([&](store::Tx& tx) -> Status {
                      for (const char* org : {"org_a", "org_b"}) {
                        GIAI_RETURN_IF_ERROR(tx.InsertOrganisation(
                            {org, org, "member", "t", ring_->NewWrappedOrganisationKey(org)}));
                      }
                      return Status::Ok();
                    })
                    .ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Query(const std::string& org, const std::string& q) {
    BlindIndex index(*ring_);
    std::vector<std::string> out;
    Status st = store_->Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(out, index.QueryTerms(tx, org, q));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<KeyRing> ring_;
  std::unique_ptr<store::Store> store_;
};

TEST(BlindIndexTokens, NormaliseScriptsCaseDiacriticsAndParticles) {
  ASSERT_TRUE(crypto::Init());
  EXPECT_EQ(BlindIndex::Tokens("Мухаммад аль-Хасан").value(),
            (std::vector<std::string>{"mukhammad", "khasan"}));
  EXPECT_EQ(BlindIndex::Tokens("MUKHAMMAD  Khasan").value(),
            (std::vector<std::string>{"mukhammad", "khasan"}));
  EXPECT_EQ(BlindIndex::Tokens("Zoë Ðorđević").value(),
            (std::vector<std::string>{"zoe", "dordevic"}));
  EXPECT_EQ(BlindIndex::Tokens("ＭＡＲＩＡ").value(), (std::vector<std::string>{"maria"}));  // NFKC
  auto arabic = BlindIndex::Tokens("محمد");
  ASSERT_TRUE(arabic.ok());
  ASSERT_EQ(arabic->size(), 1u);
  EXPECT_EQ(arabic->front().find_first_not_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos);
  EXPECT_TRUE(BlindIndex::Tokens("- . ,").value().empty());
}

TEST_F(BlindIndexTest, SpellingsThatTransliterateAlikeShareTermsWithinOneOrganisationOnly) {
  std::vector<std::string> cyrillic = Query("org_a", "Мухаммад");
  std::vector<std::string> latin = Query("org_a", "mukhammad");
  ASSERT_EQ(cyrillic.size(), 1u);
  EXPECT_EQ(cyrillic, latin);
  EXPECT_TRUE(BlindIndex::IsIndexTerm(cyrillic[0]));
  EXPECT_EQ(cyrillic[0].size(), std::string("name:").size() + 32);
  // The term reveals nothing readable, and another organisation's index key differs.
  EXPECT_EQ(cyrillic[0].find("mukh"), std::string::npos);
  EXPECT_NE(Query("org_b", "Мухаммад"), cyrillic);
  EXPECT_NE(Query("org_a", "Khasan"), cyrillic);
}

TEST_F(BlindIndexTest, IdentityTermsCoverEveryNameAndQueriesNeedAToken) {
  BlindIndex index(*ring_);
  Identity id{"Мухаммад Хасан", {"Abu Ali", "محمد"}, "+000 555", "Street 1", {"passport: X1"}};
  std::vector<std::string> terms;
  ASSERT_TRUE(store_
                  ->Read([&](store::Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(terms, index.IdentityTerms(tx, "org_a", id));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(terms.size(), 4u);  // mukhammad, khasan, ali, and the Arabic spelling ("abu" dropped)
  for (const char* q : {"Mukhammad", "Khasan", "ali"}) {
    auto t = Query("org_a", q);
    ASSERT_EQ(t.size(), 1u);
    EXPECT_NE(std::find(terms.begin(), terms.end(), t[0]), terms.end()) << q;
  }
  // Contact, address and id numbers are not indexed.
  auto phone = Query("org_a", "Street");
  EXPECT_EQ(std::find(terms.begin(), terms.end(), phone[0]), terms.end());
  Status empty =
      store_->Read([&](store::Tx& tx) { return index.QueryTerms(tx, "org_a", " - ").status(); });
  EXPECT_EQ(empty.code(), Code::kInvalidInput);
  EXPECT_EQ(empty.field(), "name");
}

}  // namespace
}  // namespace giai::protect

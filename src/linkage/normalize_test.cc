#include "linkage/normalize.h"

#include <gtest/gtest.h>

#include "linkage/metrics.h"

namespace giai::linkage {
namespace {

class NormalizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = Normalizer::Create();
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    normalizer_ = std::move(created).value();
  }
  std::string Text(std::string_view s) {
    auto r = normalizer_->Text(s);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::string();
  }
  std::string Name(std::string_view s, NameOptions o = {}) {
    auto r = normalizer_->Name(s, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::string();
  }
  std::unique_ptr<Normalizer> normalizer_;
};

TEST_F(NormalizerTest, FoldsCaseDiacriticsAndPunctuation) {
  EXPECT_EQ(Text("  José-María  ÇELİK "), "jose maria celik");
  EXPECT_EQ(Text("Ｆｕｌｌｗｉｄｔｈ"), "fullwidth");  // NFKC
  EXPECT_EQ(Text("Straße Øre"), "strasse ore");
}

TEST_F(NormalizerTest, CyrillicAndLatinTransliterationsReachCloseTokens) {
  const std::string cyrillic = Name("Мухаммад");
  EXPECT_EQ(cyrillic.find_first_not_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos)
      << cyrillic;
  EXPECT_GE(JaroWinkler(cyrillic, Name("Mukhammad")), 0.9) << cyrillic;
  EXPECT_EQ(PhoneticKey(cyrillic), PhoneticKey(Name("Muhammad")));
  EXPECT_EQ(PhoneticKey(Name("Mukhammad")), PhoneticKey(Name("Mohammed")));
}

TEST_F(NormalizerTest, ArabicReachesTheSamePhoneticKeyAsLatinSpellings) {
  const std::string arabic = Name("محمد");
  ASSERT_FALSE(arabic.empty());
  EXPECT_EQ(arabic.find_first_not_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << arabic;
  EXPECT_EQ(PhoneticKey(arabic), PhoneticKey(Name("Muhammad"))) << arabic;
  EXPECT_EQ(PhoneticKey(Name("حسن")), PhoneticKey(Name("Hassan")));
}

TEST_F(NormalizerTest, DropsParticlesAndSortsTokens) {
  NameOptions sorted;
  sorted.sort_tokens = true;
  EXPECT_EQ(Name("Abu Bakr al-Baghdadi"), "bakr baghdadi");
  EXPECT_EQ(Name("Ludwig van Beethoven"), "ludwig beethoven");
  EXPECT_EQ(Name("Hassan, Ali", sorted), Name("Ali El Hassan", sorted));
  EXPECT_EQ(Name("Abu"), "abu");  // a name made only of a particle is kept
}

TEST_F(NormalizerTest, AppliesNicknameTable) {
  const std::unordered_map<std::string, std::string> nicknames = {{"bob", "robert"}};
  NameOptions o;
  o.nicknames = &nicknames;
  EXPECT_EQ(Name("Bob Smith", o), "robert smith");
}

TEST_F(NormalizerTest, RejectsInvalidUtf8) {
  EXPECT_FALSE(normalizer_->Text("ab\xC3").ok());
  EXPECT_FALSE(normalizer_->Text("\xC0\xAF").ok());          // overlong "/"
  EXPECT_FALSE(normalizer_->Name("\xED\xA0\x80", {}).ok());  // surrogate
  EXPECT_EQ(normalizer_->Text("\xFF").status().code(), Code::kInvalidInput);
}

}  // namespace
}  // namespace giai::linkage

#include "linkage/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace giai::linkage {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("GIAI_SOURCE_DIR");
  return dir ? dir : ".";
}

constexpr const char* kMinimal = R"({
  "mode": "link",
  "fields": [{"name": "name", "type": "name"}, {"name": "dob", "type": "date"}],
  "comparisons": [{"field": "name", "method": "jaro_winkler", "thresholds": [0.9]},
                  {"field": "dob", "method": "date", "typo_level": true}],
  "blocking": {"rules": [{"keys": [{"field": "name", "transform": "phonetic"}]},
                         {"keys": [{"field": "name"}], "window": 5}]}
})";

TEST(LinkageConfig, ParsesMinimalConfiguration) {
  auto c = ParseLinkageConfig(kMinimal);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->link_mode);
  EXPECT_TRUE(c->blocking_options.cross_source_only);
  ASSERT_EQ(c->comparisons.size(), 2u);
  EXPECT_EQ(c->comparisons[0].method, Method::kJaroWinkler);
  EXPECT_TRUE(c->comparisons[1].date_typo_level);
  EXPECT_EQ(c->blocking[1].window, 5u);
  EXPECT_EQ(c->fields[0].column, "name");  // column defaults to the field name
}

TEST(LinkageConfig, ShippedConfigurationsParse) {
  for (const char* name :
       {"febrl.json", "febrl3.json", "febrl4.json", "febrl4_lsh.json", "victims.json"}) {
    auto c = LoadLinkageConfig(SourceDir() + "/config/linkage/" + name);
    EXPECT_TRUE(c.ok()) << name << ": " << c.status().ToString() << " at " << c.status().field();
  }
}

void ExpectRejected(std::string text, std::string_view from, std::string_view to,
                    std::string_view expected_field) {
  const std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  auto c = ParseLinkageConfig(text);
  ASSERT_FALSE(c.ok()) << "accepted: " << to;
  EXPECT_EQ(c.status().code(), Code::kInvalidInput);
  EXPECT_EQ(c.status().field(), expected_field) << c.status().message();
}

TEST(LinkageConfig, RejectsUnknownFieldNamesInComparisonsAndBlocking) {
  ExpectRejected(kMinimal, R"({"field": "name", "method")", R"({"field": "nmae", "method")",
                 "/comparisons/0/field");
  ExpectRejected(kMinimal, R"({"field": "name", "transform")",
                 R"({"field": "surname", "transform")", "/blocking/rules/0/keys/0/field");
}

TEST(LinkageConfig, RejectsUnknownKeysMethodsTransformsAndTypes) {
  ExpectRejected(kMinimal, R"("mode": "link",)", R"("mode": "link", "treshold": 3,)", "/treshold");
  ExpectRejected(kMinimal, "jaro_winkler", "jaro", "/comparisons/0/method");
  ExpectRejected(kMinimal, "phonetic", "soundex", "/blocking/rules/0/keys/0/transform");
  ExpectRejected(kMinimal, R"("type": "date")", R"("type": "datetime")", "/fields/1/type");
  ExpectRejected(kMinimal, R"("thresholds": [0.9])", R"("thresholds": "high")",
                 "/comparisons/0/thresholds");
  ExpectRejected(kMinimal, R"("mode": "link")", R"("mode": "merge")", "/mode");
}

TEST(LinkageConfig, ParsesLshRulesAndRejectsBadOnes) {
  std::string text = kMinimal;
  const std::string window = R"("window": 5)";
  text.replace(text.find(window), window.size(), R"("lsh": {"bands": 8, "bits": 30})");
  auto c = ParseLinkageConfig(text);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->blocking[1].lsh_bands, 8u);
  EXPECT_EQ(c->blocking[1].lsh_bits, 30u);
  ExpectRejected(text, R"("bits": 30)", R"("bits": 99)", "/blocking/rules/1/lsh");
  ExpectRejected(text, R"("bands": 8)", R"("bands": 8, "rows": 2)", "/blocking/rules/1/lsh/rows");
}

TEST(LinkageConfig, ParsesNicknamesAndRejectsUnnormalisedOnes) {
  std::string text = kMinimal;
  text.replace(text.find(R"("mode": "link",)"), 15,
               R"("mode": "link", "nicknames": {"bob": "robert"},)");
  auto c = ParseLinkageConfig(text);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->nicknames.at("bob"), "robert");
  ExpectRejected(text, R"("bob")", R"("Bob")", "/nicknames/Bob");
  ExpectRejected(text, R"({"bob": "robert"})", R"(["bob"])", "/nicknames");
}

TEST(LinkageConfig, RejectsInvalidJsonAndMissingSections) {
  EXPECT_EQ(ParseLinkageConfig("{").status().code(), Code::kInvalidInput);
  EXPECT_FALSE(ParseLinkageConfig(R"({"fields": []})").ok());
  EXPECT_EQ(LoadLinkageConfig("/nonexistent.json").status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace giai::linkage

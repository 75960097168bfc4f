#include "core/vocabulary.h"

#include <gtest/gtest.h>

namespace giai {
namespace {

TEST(VocabularyTest, BuiltinVocabularyIsValidAndComplete) {
  const Vocabulary& v = Vocabulary::Builtin();
  EXPECT_GE(v.crimes().size(), 100u);
  EXPECT_GE(v.modes().size(), 10u);
  const Crime* rape = v.FindCrime("ICC-7-1-g-1");
  ASSERT_NE(rape, nullptr);
  EXPECT_EQ(rape->category, "crime_against_humanity");
  EXPECT_FALSE(rape->title_fr.empty());
  EXPECT_GE(rape->elements.size(), 3u);
  EXPECT_NE(v.FindActType("01010101000004"), nullptr);  // summary execution
  EXPECT_NE(v.FindInvolvement("01010000000018"), nullptr);
  EXPECT_EQ(v.FindCrime("ICC-99"), nullptr);
}

TEST(VocabularyTest, RejectsDuplicateCrimeIds) {
  const char* crimes = R"({"crimes":[
    {"id":"X-1","title":{"en":"a","fr":"a"},"category":"c","status":"in_force","elements":[{"id":"X-1.E1","n":1,"text":"t","kind":"conduct"}]},
    {"id":"X-1","title":{"en":"b","fr":"b"},"category":"c","status":"in_force","elements":[{"id":"X-1.E1","n":1,"text":"t","kind":"conduct"}]}],
    "modes_of_liability":[{"id":"M","title":{"en":"m","fr":"m"},"elements":[{"id":"M.E1","n":1,"text":"t","kind":"conduct"}]}]})";
  const char* acts = R"({"act_types":[{"code":"1","en":"a","fr":"a","level":0,"parent":null}],
    "degrees_of_involvement":[{"code":"2","en":"b","fr":"b","level":0,"parent":null}]})";
  Result<Vocabulary> v = Vocabulary::Load(crimes, acts);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("duplicate crime X-1"), std::string::npos);
}

TEST(VocabularyTest, RejectsElementsThatBelongToAnotherCrime) {
  const char* crimes = R"({"crimes":[
    {"id":"X-1","title":{"en":"a","fr":"a"},"category":"c","status":"in_force","elements":[{"id":"Y-1.E1","n":1,"text":"t","kind":"conduct"}]}],
    "modes_of_liability":[]})";
  EXPECT_FALSE(Vocabulary::Load(crimes, "{}").ok());
  EXPECT_FALSE(Vocabulary::Load("not json", "{}").ok());
}

}  // namespace
}  // namespace giai

#include "linkage/compare.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "core/edtf.h"
#include "linkage/blocking.h"

namespace giai::linkage {
namespace {

Table MakeTable(const std::vector<FieldSpec>& fields, const std::string& csv) {
  auto parsed = ParseCsv(csv);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto table = BuildTable(fields, {&*parsed}, BuildOptions{"id", "", nullptr, 1});
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return std::move(table).value();
}

FieldSpec Field(std::string name, FieldType type) {
  FieldSpec f;
  f.name = name;
  f.column = name;
  f.type = type;
  return f;
}

TEST(DateComparison, UsesExactTypoOverlapAndDistanceLevels) {
  Table t = MakeTable({Field("dob", FieldType::kDate)},
                      "id,dob\n"
                      "a,1985-03-12\n"
                      "b,1985-03-12\n"
                      "c,1985-03-21\n"  // typo: swapped digits
                      "d,1985\n"        // approximate: overlaps a
                      "e,1985-06-30\n"  // 110 days from a
                      "f,1970-01-01\n"
                      "g,\n"
                      "h,1985-03-XX\n");
  ComparisonSpec spec{"dob", Method::kDate, {0, 365}, true, false, {}};
  auto c = Comparator::Create(t, {spec});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  // Levels: 0 missing, 1 exact, 2 typo, 3 overlap (0 days), 4 <= 365 days, 5 else.
  EXPECT_EQ(LevelCount(spec), 6u);
  EXPECT_EQ(c->CompareOne(0, 0, 1), 1);
  EXPECT_EQ(c->CompareOne(0, 0, 2), 2);
  EXPECT_EQ(c->CompareOne(0, 0, 3), 3);
  EXPECT_EQ(c->CompareOne(0, 0, 7), 3);
  EXPECT_EQ(c->CompareOne(0, 0, 4), 4);
  EXPECT_EQ(c->CompareOne(0, 0, 5), 5);
  EXPECT_EQ(c->CompareOne(0, 0, 6), 0);
  EXPECT_EQ(LevelLabel(spec, 2), "typo");
  EXPECT_EQ(LevelLabel(spec, 4), "date<=365");
}

TEST(DateComparison, AgeBecomesBirthRangeThatOverlapsTheDate) {
  FieldSpec dob = Field("dob", FieldType::kDate);
  dob.age_column = "age";
  dob.reference_date = "2015-06-01";
  Table t = MakeTable({dob}, "id,dob,age\na,1980-03-02,\nb,,35\nc,,20\n");
  auto c =
      Comparator::Create(t, {ComparisonSpec{"dob", Method::kDate, {0, 365}, false, false, {}}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->CompareOne(0, 0, 1), 2);  // overlap
  EXPECT_EQ(c->CompareOne(0, 0, 2), 4);  // 15 years apart
}

TEST(PlaceComparison, RecognisesHierarchy) {
  Table t = MakeTable({Field("place", FieldType::kPlace)},
                      "id,place\n"
                      "a,Syria>Homs>Qusayr\n"
                      "b,syria > homs\n"
                      "c,Syria>Homs>Rastan\n"
                      "d,Syria>Aleppo>Azaz\n"
                      "e,Iraq>Nineveh>Mosul\n"
                      "f,SYRIA>HOMS>QUSAYR\n");
  auto c = Comparator::Create(t, {ComparisonSpec{"place", Method::kPlace, {}, false, false, {}}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->CompareOne(0, 0, 5), 1);  // exact after normalisation
  EXPECT_EQ(c->CompareOne(0, 0, 1), 2);  // contains
  EXPECT_EQ(c->CompareOne(0, 0, 2), 3);  // same parent
  EXPECT_EQ(c->CompareOne(0, 0, 3), 4);  // same country
  EXPECT_EQ(c->CompareOne(0, 0, 4), 5);  // else
}

TEST(NameComparison, JaroWinklerLevelsAndPhoneticAcrossScripts) {
  Table t = MakeTable({Field("name", FieldType::kName)},
                      "id,name\na,Mohammed\nb,Muhammad\nc,Мухаммад\nd,Zainab\ne,\n");
  ComparisonSpec jw{"name", Method::kName, {0.9, 0.8}, false, false, {}};
  ComparisonSpec ph{"name", Method::kPhonetic, {}, false, false, {}};
  auto c = Comparator::Create(t, {jw, ph});
  ASSERT_TRUE(c.ok());
  std::uint8_t levels[2];
  c->Compare(1, 2, levels);
  EXPECT_EQ(levels[0], 2);  // BGN romanisation "mukhammad": same phonetic key as "muhammad"
  c->Compare(0, 2, levels);
  EXPECT_EQ(levels[1], 2);  // same phonetic key across scripts
  c->Compare(0, 3, levels);
  EXPECT_EQ(levels[0], 5);
  EXPECT_EQ(levels[1], 3);
  c->Compare(0, 4, levels);
  EXPECT_EQ(levels[0], 0);
}

TEST(Comparator, RejectsUnknownFieldAndIncompatibleMethod) {
  Table t = MakeTable({Field("name", FieldType::kName)}, "id,name\na,x\n");
  EXPECT_FALSE(
      Comparator::Create(t, {ComparisonSpec{"nope", Method::kExact, {}, false, false, {}}}).ok());
  EXPECT_FALSE(
      Comparator::Create(t, {ComparisonSpec{"name", Method::kDate, {}, false, false, {}}}).ok());
  EXPECT_FALSE(Comparator::Create(t, {}).ok());
}

TEST(BuildTable, ReportsMissingColumnAndInvalidUtf8WithField) {
  auto csv = ParseCsv("id,name\na,\xC3\x28\n");
  ASSERT_TRUE(csv.ok());
  auto bad_utf8 = BuildTable({Field("name", FieldType::kName)}, {&*csv}, {});
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_EQ(bad_utf8.status().field(), "name");
  EXPECT_NE(bad_utf8.status().message().find("row 2"), std::string::npos);
  auto missing = BuildTable({Field("surname", FieldType::kName)}, {&*csv}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "surname");
}

// BuildTable reads valid FEBRL dates without ParseEdtf; every day from 1599 to 2101 and the
// impossible ones (month 00/13, day 00/31 of short months, 29 February of common years, year
// 0000) must get the same range as the EDTF parser gives (or none).
TEST(BuildTable, YyyymmddDatesMatchTheEdtfParser) {
  std::string text = "id,dob\n";
  std::vector<std::string> dates;
  for (int y : {0, 1, 1599, 1600, 1700, 1900, 1915, 1999, 2000, 2004, 2100, 2101}) {
    for (int m = 0; m <= 13; ++m) {
      for (int d = 0; d <= 32; ++d) {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", y, m, d);
        dates.push_back(buffer);
      }
    }
  }
  for (std::size_t i = 0; i < dates.size(); ++i) {
    text += "r" + std::to_string(i) + "," + dates[i] + "\n";
  }
  auto csv = ParseCsv(text);
  ASSERT_TRUE(csv.ok());
  FieldSpec dob = Field("dob", FieldType::kDate);
  dob.date_format = "yyyymmdd";
  auto t = BuildTable({dob}, {&*csv}, BuildOptions{"id", "", nullptr, 2});
  ASSERT_TRUE(t.ok());
  std::size_t valid = 0;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const std::string& d = dates[i];
    const std::string iso = d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2);
    Result<Edtf> parsed = ParseEdtf(iso);
    const bool expect = parsed.ok() && parsed->earliest && DayToIso(*parsed->earliest) == iso;
    const Column& col = t->columns[0];
    EXPECT_EQ(col.text.Get(i), d);
    if (expect) {
      ++valid;
      EXPECT_EQ(col.earliest[i], *parsed->earliest) << d;
      EXPECT_EQ(col.latest[i], *parsed->latest) << d;
    } else {
      EXPECT_EQ(col.earliest[i], kNoDay) << d;
    }
  }
  EXPECT_GT(valid, 12u * 365);
}

TEST(Blocking, UnionOfRulesHasEachPairOnceAndLinkModeSkipsSameSource) {
  auto a = ParseCsv("id,name,city\na1,ali,homs\na2,ali,aleppo\n");
  auto b = ParseCsv("id,name,city\nb1,ali,homs\nb2,omar,homs\n");
  ASSERT_TRUE(a.ok() && b.ok());
  auto t = BuildTable({Field("name", FieldType::kName), Field("city", FieldType::kText)},
                      {&*a, &*b}, BuildOptions{"id", "", nullptr, 1});
  ASSERT_TRUE(t.ok());
  std::vector<BlockingRule> rules = {{{KeyPart{"name", KeyTransform::kValue, 0}}, 0},
                                     {{KeyPart{"city", KeyTransform::kValue, 0}}, 0}};
  auto keys = HashBlockingKeys(*t, rules, Fnv1a64);
  ASSERT_TRUE(keys.ok());
  BlockingOptions dedup;
  auto all = GenerateCandidates(*t, rules, *keys, dedup);
  ASSERT_TRUE(all.ok());
  // name=ali: (0,1),(0,2),(1,2); city=homs: (0,2),(0,3),(2,3) -> 5 distinct pairs.
  EXPECT_EQ(all->pairs.size(), 5u);
  BlockingOptions link;
  link.cross_source_only = true;
  auto cross = GenerateCandidates(*t, rules, *keys, link);
  ASSERT_TRUE(cross.ok());
  EXPECT_EQ(cross->pairs,
            (std::vector<std::uint64_t>{MakePair(0, 2), MakePair(0, 3), MakePair(1, 2)}));
  std::vector<BlockingRule> unknown = {{{KeyPart{"surname", KeyTransform::kValue, 0}}, 0}};
  EXPECT_FALSE(HashBlockingKeys(*t, unknown, Fnv1a64).ok());
}

}  // namespace
}  // namespace giai::linkage

namespace giai::linkage {
namespace {

// The one-edit fast path must agree with the full distances it replaces.
TEST(CodeComparison, OneEditFastPathAgreesWithFullDistance) {
  FieldSpec f;
  f.name = f.column = "code";
  f.type = FieldType::kCode;
  std::string csv = "id,code\n";
  const char* codes[] = {"4223", "4232", "423", "42235", "5223", "2243", "4223", "", "12", "21"};
  for (std::size_t i = 0; i < std::size(codes); ++i)
    csv += "r" + std::to_string(i) + "," + codes[i] + "\n";
  auto parsed = ParseCsv(csv);
  ASSERT_TRUE(parsed.ok());
  auto t = BuildTable({f}, {&*parsed}, BuildOptions{"id", "", nullptr, 1});
  ASSERT_TRUE(t.ok());
  auto c =
      Comparator::Create(*t, {ComparisonSpec{"code", Method::kDamerau, {1}, false, false, {}},
                              ComparisonSpec{"code", Method::kLevenshtein, {1}, false, false, {}}});
  ASSERT_TRUE(c.ok());
  for (std::uint32_t a = 0; a < std::size(codes); ++a) {
    for (std::uint32_t b = 0; b < std::size(codes); ++b) {
      const std::string_view x = codes[a], y = codes[b];
      if (x.empty() || y.empty() || x == y) continue;
      EXPECT_EQ(c->CompareOne(0, a, b), DamerauOsa(x, y) <= 1 ? 2 : 3) << x << " " << y;
      EXPECT_EQ(c->CompareOne(1, a, b), Levenshtein(x, y) <= 1 ? 2 : 3) << x << " " << y;
    }
  }
}

}  // namespace
}  // namespace giai::linkage

namespace giai::linkage {
namespace {

TEST(AgeAndSexComparison, AgesCompareByYearsAndSexWordsAreCanonical) {
  FieldSpec age;
  age.name = age.column = "age";
  age.type = FieldType::kAge;
  FieldSpec sex;
  sex.name = sex.column = "sex";
  sex.type = FieldType::kSex;
  auto csv = ParseCsv("id,age,sex\na,34,M\nb,34,male\nc,36,F\nd,unknown,Female\ne,,\n");
  ASSERT_TRUE(csv.ok());
  auto t = BuildTable({age, sex}, {&*csv}, BuildOptions{"id", "", nullptr, 1});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto c = Comparator::Create(*t, {ComparisonSpec{"age", Method::kAge, {2, 5}, false, false, {}},
                                   ComparisonSpec{"sex", Method::kExact, {}, false, false, {}}});
  ASSERT_TRUE(c.ok());
  std::uint8_t levels[2];
  c->Compare(0, 1, levels);
  EXPECT_EQ(levels[0], 1);  // same age
  EXPECT_EQ(levels[1], 1);  // "M" and "male"
  c->Compare(0, 2, levels);
  EXPECT_EQ(levels[0], 2);  // two years apart
  EXPECT_EQ(levels[1], 2);  // different sex
  c->Compare(2, 3, levels);
  EXPECT_EQ(levels[0], 0);  // "unknown" is not an age
  EXPECT_EQ(levels[1], 1);  // "F" and "Female"
  c->Compare(0, 4, levels);
  EXPECT_EQ(levels[0], 0);
  EXPECT_EQ(levels[1], 0);
}

}  // namespace
}  // namespace giai::linkage

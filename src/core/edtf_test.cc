#include "core/edtf.h"

#include <gtest/gtest.h>

namespace giai {
namespace {

std::pair<std::string, std::string> Range(std::string_view text) {
  Result<Edtf> d = ParseEdtf(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().ToString();
  if (!d.ok()) return {};
  return {d->earliest ? DayToIso(*d->earliest) : "..", d->latest ? DayToIso(*d->latest) : ".."};
}

using P = std::pair<std::string, std::string>;

TEST(EdtfTest, DerivesBoundsOfLevel0Dates) {
  EXPECT_EQ(Range("1999"), P("1999-01-01", "1999-12-31"));
  EXPECT_EQ(Range("1999-04"), P("1999-04-01", "1999-04-30"));
  EXPECT_EQ(Range("2000-02"), P("2000-02-01", "2000-02-29"));
  EXPECT_EQ(Range("1900-02"), P("1900-02-01", "1900-02-28"));
  EXPECT_EQ(Range("1999-04-12"), P("1999-04-12", "1999-04-12"));
  EXPECT_EQ(Range("1999-04-12T23:20:30Z"), P("1999-04-12", "1999-04-12"));
  EXPECT_EQ(Range("1999-03/1999-06"), P("1999-03-01", "1999-06-30"));
}

TEST(EdtfTest, DerivesBoundsOfLevel1Dates) {
  EXPECT_EQ(Range("199X"), P("1990-01-01", "1999-12-31"));
  EXPECT_EQ(Range("19XX"), P("1900-01-01", "1999-12-31"));
  EXPECT_EQ(Range("1999-XX"), P("1999-01-01", "1999-12-31"));
  EXPECT_EQ(Range("1999-04-XX"), P("1999-04-01", "1999-04-30"));
  EXPECT_EQ(Range("1999-21"), P("1999-03-01", "1999-05-31"));
  EXPECT_EQ(Range("1999-24"), P("1999-12-01", "2000-02-29"));
  EXPECT_EQ(Range("1999/.."), P("1999-01-01", ".."));
  EXPECT_EQ(Range("../1999-06"), P("..", "1999-06-30"));
  EXPECT_EQ(Range("/1999"), P("..", "1999-12-31"));
  EXPECT_EQ(Range("-0044-03-15"), P("-0044-03-15", "-0044-03-15"));
  EXPECT_EQ(Range("Y10000"), P("10000-01-01", "10000-12-31"));
}

TEST(EdtfTest, RecordsUncertaintyAndApproximationWithoutWideningBounds) {
  Result<Edtf> q = ParseEdtf("1999-04-12?");
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->uncertain);
  EXPECT_FALSE(q->approximate);
  EXPECT_EQ(DayToIso(*q->earliest), "1999-04-12");
  Result<Edtf> a = ParseEdtf("1999-~04");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->approximate);
  EXPECT_EQ(Range("1999-~04"), P("1999-04-01", "1999-04-30"));
  Result<Edtf> both = ParseEdtf("1999%");
  ASSERT_TRUE(both.ok());
  EXPECT_TRUE(both->uncertain && both->approximate);
  EXPECT_EQ(ParseEdtf("1999-04~")->text, "1999-04~");
}

TEST(EdtfTest, RejectsMalformedDates) {
  for (const char* bad :
       {"", "99", "1999-13", "1999-02-30", "1999-04-31", "2001-02-29", "1999-4", "1999-04-1",
        "1999/1998", "../..", "/", "1999//2000", "abcd", "1999-04-12T25:00:00", "199X-04",
        "1999-25", "1999-04-12 ", "1999-04-12x", "Y999"}) {
    Result<Edtf> d = ParseEdtf(bad);
    EXPECT_FALSE(d.ok()) << bad;
    if (!d.ok()) {
      EXPECT_EQ(d.status().code(), Code::kInvalidInput);
    }
  }
}

TEST(EdtfTest, OverlapTreatsOpenEndsAsUnbounded) {
  Edtf spring = *ParseEdtf("1999-03/1999-06");
  EXPECT_TRUE(spring.Overlaps(DayFromCivil(1999, 6, 30), std::nullopt));
  EXPECT_FALSE(spring.Overlaps(DayFromCivil(1999, 7, 1), std::nullopt));
  EXPECT_FALSE(spring.Overlaps(std::nullopt, DayFromCivil(1999, 2, 28)));
  EXPECT_TRUE(ParseEdtf("1999/..")->Overlaps(DayFromCivil(2020, 1, 1), DayFromCivil(2020, 1, 2)));
}

TEST(EdtfTest, DayNumbersRoundTripThroughIso) {
  for (std::int64_t day = -800000; day < 800000; day += 997) {
    Result<std::int64_t> back = ParseIsoDay(DayToIso(day));
    if (day >= DayFromCivil(0, 1, 1)) {
      ASSERT_TRUE(back.ok()) << DayToIso(day);
      EXPECT_EQ(*back, day);
    }
  }
  EXPECT_EQ(DayFromCivil(1970, 1, 1), 0);
}

}  // namespace
}  // namespace giai

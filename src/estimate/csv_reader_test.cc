#include "estimate/csv_reader.h"

#include <gtest/gtest.h>

#include <sstream>

namespace giai::estimate {
namespace {

Result<StratifiedTables> Read(const std::string& text, const std::string& strata = {}) {
  std::istringstream in(text);
  return ReadCaptureCsv(in, {strata});
}

TEST(CsvReaderTest, ReadsAggregatedCountsAndSumsRepeatedPatterns) {
  Result<StratifiedTables> t = Read("A,B,C,count\r\n1,0,0,5\n0,1,1,2\n1,0,0,3\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->tables.size(), 1u);
  EXPECT_EQ(t->tables[0].list_names, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_DOUBLE_EQ(t->tables[0].counts[0b001], 8);
  EXPECT_DOUBLE_EQ(t->tables[0].counts[0b110], 2);
}

TEST(CsvReaderTest, ReadsOneRowPerEntityAndSplitsStrata) {
  Result<StratifiedTables> t =
      Read("region,A,B,C\nnorth,1,0,0\nsouth,1,1,0\nnorth,0,0,1\nnorth,1,0,0\n", "region");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->stratum_names, (std::vector<std::string>{"north", "south"}));
  EXPECT_DOUBLE_EQ(t->tables[0].counts[0b001], 2);
  EXPECT_DOUBLE_EQ(t->tables[0].counts[0b100], 1);
  EXPECT_DOUBLE_EQ(t->tables[1].counts[0b011], 1);
}

TEST(CsvReaderTest, RejectsMalformedInput) {
  EXPECT_FALSE(Read("").ok());
  EXPECT_FALSE(Read("A,B,count\n1,0,3\n").ok());                // two lists
  EXPECT_FALSE(Read("A,B,C,count\n1,2,0,3\n").ok());            // not 0/1
  EXPECT_FALSE(Read("A,B,C,count\n1,0,0,-3\n").ok());           // negative
  EXPECT_FALSE(Read("A,B,C,count\n1,0,0,x\n").ok());            // not a number
  EXPECT_FALSE(Read("A,B,C,count\n1,0,0\n").ok());              // ragged
  EXPECT_FALSE(Read("A,B,C,count\n0,0,0,4\n").ok());            // seen on no list
  EXPECT_FALSE(Read("A,B,C,count\n").ok());                     // no rows
  EXPECT_FALSE(Read("A,B,C,count\n1,0,0,1\n", "region").ok());  // unknown strata column
  Result<StratifiedTables> bad = Read("A,B,C,count\n1,0,0,1\n1,2,0,1\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInvalidInput);
  EXPECT_EQ(bad.status().field(), "B");
}

}  // namespace
}  // namespace giai::estimate

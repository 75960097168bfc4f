#include "linkage/csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace giai::linkage {
namespace {

TEST(Csv, ParsesQuotedFieldsWithCommasQuotesAndNewlines) {
  auto t = ParseCsv("id,name\r\n1,\"Hassan, Ali\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0][1], "Hassan, Ali");
  EXPECT_EQ(t->rows[1][1], "say \"hi\"");
  EXPECT_EQ(t->rows[2][1], "two\nlines");
  EXPECT_EQ(t->ColumnIndex("name"), 1);
  EXPECT_EQ(t->ColumnIndex("missing"), -1);
}

TEST(Csv, SkipsByteOrderMarkAndBlankLinesAndAcceptsMissingFinalNewline) {
  auto t = ParseCsv("\xEF\xBB\xBFid,name\n\n1,a\n2,");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->header[0], "id");
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1][1], "");
}

TEST(Csv, RejectsRaggedRowWithLineNumber) {
  auto t = ParseCsv("a,b\n1,2\n3\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), Code::kInvalidInput);
  EXPECT_NE(t.status().message().find("line 3"), std::string::npos) << t.status().message();
}

TEST(Csv, RejectsUnterminatedQuoteAndStrayQuotes) {
  EXPECT_FALSE(ParseCsv("a,b\n1,\"open\n").ok());
  EXPECT_FALSE(ParseCsv("a,b\n1,ab\"c\n").ok());
  EXPECT_FALSE(ParseCsv("a,b\n1,\"ab\"c\n").ok());
  EXPECT_FALSE(ParseCsv("").ok());
}

TEST(Csv, MissingFileIsNotFound) {
  EXPECT_EQ(ReadCsvFile("/nonexistent/list.csv").status().code(), Code::kNotFound);
}

TEST(Csv, WriterRoundTripsThroughParser) {
  std::ostringstream out;
  WriteCsvRow(out, {"id", "value"});
  WriteCsvRow(out, {"1", "a,\"b\"\nc"});
  auto t = ParseCsv(out.str());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0][1], "a,\"b\"\nc");
}

}  // namespace
}  // namespace giai::linkage

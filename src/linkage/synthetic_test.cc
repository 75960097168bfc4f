#include "linkage/synthetic.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "linkage/pipeline.h"

namespace giai::linkage {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("GIAI_SOURCE_DIR");
  return dir ? dir : ".";
}

TEST(SyntheticLists, SameSeedGivesSameListsAndOtherSeedDiffers) {
  SyntheticOptions o;
  o.entities = 300;
  o.seed = 11;
  const auto first = GenerateVictimLists(o);
  const auto again = GenerateVictimLists(o);
  ASSERT_EQ(first.size(), 3u);
  for (std::size_t l = 0; l < first.size(); ++l) EXPECT_EQ(first[l].rows, again[l].rows);
  o.seed = 12;
  EXPECT_NE(GenerateVictimLists(o)[0].rows, first[0].rows);
}

TEST(SyntheticLists, ListsOverlapAndUseSeveralScriptsAndMissingValues) {
  SyntheticOptions o;
  o.entities = 500;
  o.seed = 3;
  const auto lists = GenerateVictimLists(o);
  const CsvTable all = ConcatenateLists(lists);
  bool arabic = false, cyrillic = false, missing_date = false, age = false;
  for (const auto& row : all.rows) {
    arabic |= row[3].find("\xD9") != std::string::npos || row[3].find("\xD8") != std::string::npos;
    cyrillic |=
        row[3].find("\xD0") != std::string::npos || row[3].find("\xD1") != std::string::npos;
    missing_date |= row[8].empty();
    age |= !row[9].empty();
  }
  EXPECT_TRUE(arabic);
  EXPECT_TRUE(cyrillic);
  EXPECT_TRUE(missing_date);
  EXPECT_TRUE(age);
  // Capture probability 0.6 in three lists: most entities appear in more than one list.
  EXPECT_GT(all.rows.size(), 500u * 3 * 0.5);
}

// End to end over three lists written in Latin, Arabic and Cyrillic script.
TEST(SyntheticLists, DeduplicationAcrossScriptsFindsMostDuplicates) {
  SyntheticOptions o;
  o.entities = 1500;
  o.seed = 5;
  const CsvTable all = ConcatenateLists(GenerateVictimLists(o));
  auto config = LoadLinkageConfig(SourceDir() + "/config/linkage/victims.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  RunOptions options;
  options.truth_column = "entity_id";
  auto run = RunLinkage(*config, {&all}, options);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const PairMetrics& m = *(*run)->metrics;
  std::printf(
      "synthetic seed 5: %zu records, pairs completeness %.4f, precision %.4f recall %.4f F1 "
      "%.4f\n",
      (*run)->table.size(), (*run)->blocking_metrics->pairs_completeness, m.precision, m.recall,
      m.f1);
  EXPECT_GE(m.f1, 0.85);
  EXPECT_GE(m.precision, 0.9);
}

}  // namespace
}  // namespace giai::linkage

// Accuracy on the public FEBRL data sets (../shared/data/linkage), without soc_sec_id.
// Baselines measured with Python recordlinkage + ECM: F1 0.991 (FEBRL4), 0.979 (FEBRL3).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "linkage/pipeline.h"
#include "linkage/review.h"

namespace giai::linkage {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("GIAI_SOURCE_DIR");
  return dir ? dir : ".";
}

std::string DataDir() { return SourceDir() + "/../shared/data/linkage"; }

CsvTable Load(const std::string& relative) {
  auto t = ReadCsvFile(DataDir() + "/" + relative);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(t).value() : CsvTable{};
}

LinkageConfig Config(const std::string& name) {
  auto c = LoadLinkageConfig(SourceDir() + "/config/linkage/" + name);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c).value() : LinkageConfig{};
}

void Print(const char* label, const LinkageRun& run) {
  std::printf(
      "%s: PC %.4f RR %.5f | pairs P %.4f R %.4f F1 %.4f | clusters P %.4f R %.4f F1 %.4f | %.2f "
      "s\n",
      label, run.blocking_metrics->pairs_completeness, run.blocking_metrics->reduction_ratio,
      run.pair_metrics->precision, run.pair_metrics->recall, run.pair_metrics->f1,
      run.metrics->precision, run.metrics->recall, run.metrics->f1, run.times.total);
}

class Febrl4 : public ::testing::Test {
 protected:
  // The clear-text run is shared by the tests (it takes seconds under the sanitizers).
  static void SetUpTestSuite() {
    a_ = new CsvTable(Load("febrl4/dataset4a.csv"));
    b_ = new CsvTable(Load("febrl4/dataset4b.csv"));
    RunOptions options;
    options.truth_column = "entity_id";
    auto run = RunLinkage(Config("febrl4.json"), {a_, b_}, options);
    if (run.ok()) clear_ = std::move(run).value().release();
  }
  static void TearDownTestSuite() {
    delete clear_;
    delete a_;
    delete b_;
  }
  static CsvTable* a_;
  static CsvTable* b_;
  static LinkageRun* clear_;
};
CsvTable* Febrl4::a_ = nullptr;
CsvTable* Febrl4::b_ = nullptr;
LinkageRun* Febrl4::clear_ = nullptr;

TEST_F(Febrl4, LinksListsWithF1AboveBaseline) {
  ASSERT_NE(clear_, nullptr);
  Print("febrl4", *clear_);
  EXPECT_GE(clear_->blocking_metrics->pairs_completeness, 0.99);
  EXPECT_GE(clear_->metrics->f1, 0.995);
  EXPECT_GE(clear_->metrics->precision, 0.998);
}

TEST_F(Febrl4, PrivacyModeStaysWithinTwoPointsOfClearText) {
  ASSERT_NE(clear_, nullptr);
  RunOptions options;
  options.truth_column = "entity_id";
  options.privacy_secret = "consortium-secret-for-tests-only";
  auto run = RunLinkage(Config("febrl4.json"), {a_, b_}, options);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Print("febrl4 privacy", **run);
  EXPECT_GE((*run)->metrics->f1, clear_->metrics->f1 - 0.02);
  // No clear value survives encoding.
  for (const Column& col : (*run)->table.columns) {
    EXPECT_GT(col.bloom_words, 0u);
    EXPECT_TRUE(col.earliest.empty());
  }
  EXPECT_NE((*run)->table.columns[1].text.Get(0), clear_->table.columns[1].text.Get(0));
}

TEST_F(Febrl4, PrivacyModeRejectsShortKeysAndSortedNeighbourhood) {
  RunOptions options;
  options.privacy_secret = "short";
  EXPECT_EQ(RunLinkage(Config("febrl4.json"), {a_, b_}, options).status().code(),
            Code::kInvalidInput);
  LinkageConfig config = Config("febrl4.json");
  config.blocking.push_back({{KeyPart{"surname", KeyTransform::kValue, 0}}, 4});
  options.privacy_secret = "a-long-enough-consortium-secret";
  EXPECT_EQ(RunLinkage(config, {a_, b_}, options).status().code(), Code::kInvalidInput);
}

TEST_F(Febrl4, LaterRunsRespectReviewDecisions) {
  ASSERT_NE(clear_, nullptr);
  RunOptions options;
  options.truth_column = "entity_id";
  const LinkageRun& r = *clear_;
  // Pick the strongest linked pair and a pair that was not linked; reverse both by decision.
  std::size_t linked = 0;
  for (std::size_t p = 0; p < r.weights.size(); ++p) {
    if (r.weights[p] > r.weights[linked]) linked = p;
  }
  const std::uint32_t la = PairFirst(r.candidates.pairs[linked]);
  const std::uint32_t lb = PairSecond(r.candidates.pairs[linked]);
  ASSERT_EQ(r.clustering.labels[la], r.clustering.labels[lb]);
  const std::string path = ::testing::TempDir() + "febrl4_decisions.csv";
  {
    std::ofstream out(path);
    out << "id_a,id_b,decision\n" << r.table.ids[la] << "," << r.table.ids[lb] << ",different\n";
  }
  options.decisions_path = path;
  auto second = RunLinkage(Config("febrl4.json"), {a_, b_}, options);
  ASSERT_TRUE(second.ok());
  EXPECT_NE((*second)->clustering.labels[la], (*second)->clustering.labels[lb]);
  for (const ReviewItem& item : (*second)->review) {
    EXPECT_FALSE(item.a == std::min(la, lb) && item.b == std::max(la, lb));  // not asked again
  }
}

TEST(Febrl3, DeduplicatesWithF1AboveBaseline) {
  CsvTable list = Load("febrl3/dataset3.csv");
  RunOptions options;
  options.truth_column = "entity_id";
  auto run = RunLinkage(Config("febrl3.json"), {&list}, options);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Print("febrl3", **run);
  EXPECT_GE((*run)->metrics->f1, 0.99);
  EXPECT_GE((*run)->blocking_metrics->pairs_completeness, 0.98);
}

TEST_F(Febrl4, LshBlockingOnEncodingsFindsMostTruePairs) {
  RunOptions options;
  options.truth_column = "entity_id";
  options.privacy_secret = "consortium-secret-for-tests-only";
  // A fifth of the entities keeps the test short under the sanitizers (LSH on names alone
  // yields many candidates).
  auto subset = [](const CsvTable& t) {
    CsvTable out;
    out.header = t.header;
    const int entity = t.ColumnIndex("entity_id");
    for (const auto& row : t.rows) {
      if (std::stoi(row[static_cast<std::size_t>(entity)]) % 5 == 0) out.rows.push_back(row);
    }
    return out;
  };
  const CsvTable a = subset(*a_);
  const CsvTable b = subset(*b_);
  auto run = RunLinkage(Config("febrl4_lsh.json"), {&a, &b}, options);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Print("febrl4 privacy lsh (1/5 of entities)", **run);
  EXPECT_GE((*run)->blocking_metrics->pairs_completeness, 0.8);
  EXPECT_GE((*run)->blocking_metrics->reduction_ratio, 0.95);
  EXPECT_GE((*run)->metrics->precision, 0.995);
}

TEST_F(Febrl4, DecisionsNamingUnknownRecordsAreRejected) {
  const std::string path = ::testing::TempDir() + "febrl4_bad_decisions.csv";
  std::ofstream(path) << "id_a,id_b,decision\nrec-1-org,rec-nope,same\n";
  RunOptions options;
  options.decisions_path = path;
  EXPECT_EQ(RunLinkage(Config("febrl4.json"), {a_, b_}, options).status().code(),
            Code::kInvalidInput);
}

TEST(Febrl, MalformedInputsAreRejected) {
  auto ragged = ParseCsv("rec_id,given_name\nrec-1,anna,extra\n");
  EXPECT_FALSE(ragged.ok());
  auto no_columns = ParseCsv("rec_id,name\nr1,x\n");
  ASSERT_TRUE(no_columns.ok());
  auto run = RunLinkage(Config("febrl3.json"), {&*no_columns}, {});
  EXPECT_EQ(run.status().code(), Code::kInvalidInput);
  auto link_one = RunLinkage(Config("febrl4.json"), {&*no_columns}, {});
  EXPECT_EQ(link_one.status().code(), Code::kInvalidInput);
}

}  // namespace
}  // namespace giai::linkage

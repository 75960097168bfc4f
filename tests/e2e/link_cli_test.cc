// `giai link` end to end: files in, files and exit codes out, review decisions across two runs.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "linkage/csv.h"

namespace giai {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("GIAI_SOURCE_DIR");
  return dir ? dir : ".";
}

std::string Temp(const std::string& name) { return ::testing::TempDir() + "link_cli_" + name; }

int RunLink(const std::string& args, std::string* out = nullptr) {
  const std::string stdout_path = Temp("stdout.txt");
  const int status = std::system(
      (std::string(GIAI_BINARY) + " link " + args + " >" + stdout_path + " 2>&1").c_str());
  if (out != nullptr) {
    std::ifstream in(stdout_path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    *out = buffer.str();
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Febrl4Args() {
  const std::string data = SourceDir() + "/../shared/data/linkage/febrl4/";
  return "--config " + SourceDir() + "/config/linkage/febrl4.json --input " + data +
         "dataset4a.csv --input " + data + "dataset4b.csv --output " + Temp("pairs.csv") +
         " --clusters " + Temp("clusters.csv") + " --truth entity_id --threads 2";
}

TEST(LinkCli, LinksFebrl4AndWritesPairsClustersAndMetrics) {
  std::string out;
  ASSERT_EQ(RunLink(Febrl4Args() + " --review-queue " + Temp("queue.csv"), &out), 0) << out;
  EXPECT_NE(out.find("clusters: precision"), std::string::npos) << out;
  auto clusters = linkage::ReadCsvFile(Temp("clusters.csv"));
  ASSERT_TRUE(clusters.ok());
  EXPECT_EQ(clusters->header, (std::vector<std::string>{"id", "cluster", "source"}));
  EXPECT_EQ(clusters->rows.size(), 10000u);
  EXPECT_EQ(clusters->rows[0][0], "rec-1070-org");  // input order is kept
  auto pairs = linkage::ReadCsvFile(Temp("pairs.csv"));
  ASSERT_TRUE(pairs.ok());
  EXPECT_GE(pairs->rows.size(), 4900u);
  EXPECT_EQ(pairs->ColumnIndex("level_surname"),
            6);  // after id_a,id_b,weight,probability,match,level_given_name
  auto queue = linkage::ReadCsvFile(Temp("queue.csv"));
  ASSERT_TRUE(queue.ok());
  EXPECT_EQ(queue->header[2], "decision");
}

TEST(LinkCli, LaterRunRespectsDecisionsFromTheQueue) {
  ASSERT_EQ(RunLink(Febrl4Args() + " --review-queue " + Temp("queue2.csv")), 0);
  auto queue = linkage::ReadCsvFile(Temp("queue2.csv"));
  ASSERT_TRUE(queue.ok());
  ASSERT_FALSE(queue->rows.empty());
  // The reviewer rejects every queued pair.
  {
    std::ofstream decisions(Temp("decisions.csv"));
    decisions << "id_a,id_b,decision\n";
    for (const auto& row : queue->rows) decisions << row[0] << "," << row[1] << ",different\n";
  }
  ASSERT_EQ(RunLink(Febrl4Args() + " --decisions " + Temp("decisions.csv") + " --review-queue " +
                    Temp("queue3.csv")),
            0);
  auto clusters = linkage::ReadCsvFile(Temp("clusters.csv"));
  ASSERT_TRUE(clusters.ok());
  std::map<std::string, std::string> cluster_of;
  for (const auto& row : clusters->rows) cluster_of[row[0]] = row[1];
  for (const auto& row : queue->rows) EXPECT_NE(cluster_of[row[0]], cluster_of[row[1]]) << row[0];
  auto again = linkage::ReadCsvFile(Temp("queue3.csv"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->rows.empty());  // decided pairs are not asked again
}

TEST(LinkCli, ExitsWithInvalidInputOnBadConfigCsvOrKey) {
  const std::string bad_config = Temp("bad.json");
  std::ofstream(bad_config) << R"({"fields": [{"name": "x"}], "comparisons": [{"field": "y",
      "method": "exact"}], "blocking": {"rules": [{"keys": [{"field": "x"}]}]}})";
  std::string out;
  EXPECT_EQ(RunLink("--config " + bad_config + " --input a.csv --output o --clusters c", &out), 2);
  EXPECT_NE(out.find("/comparisons/0/field"), std::string::npos) << out;
  const std::string bad_csv = Temp("bad.csv");
  std::ofstream(bad_csv) << "rec_id,given_name\nr1,\"open\n";
  EXPECT_EQ(RunLink("--config " + SourceDir() + "/config/linkage/febrl3.json --input " + bad_csv +
                    " --output " + Temp("o") + " --clusters " + Temp("c")),
            2);
  const std::string short_key = Temp("short.key");
  std::ofstream(short_key) << "short";
  EXPECT_EQ(RunLink(Febrl4Args() + " --privacy-key " + short_key), 2);
  EXPECT_EQ(RunLink("--config /nonexistent.json --input a.csv --output o --clusters c"), 3);
}

}  // namespace
}  // namespace giai

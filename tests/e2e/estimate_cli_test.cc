// End-to-end: runs the real `giai estimate` binary on the shared MSE tables and checks its JSON,
// its exit codes and the SVG it writes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
};

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

CliRun Giai(const std::string& args) {
  const std::string command = Env("GIAI_BINARY_DIR") + "/src/cli/giai " + args + " 2>/dev/null";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer{};
  std::size_t got = 0;
  while ((got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    run.out.append(buffer.data(), got);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string Data(const std::string& relative) {
  return Env("GIAI_SOURCE_DIR") + "/../shared/data/mse/" + relative;
}

TEST(EstimateCliTest, PrintsUk2013StepwiseEstimateAsJson) {
  const CliRun run = Giai("estimate --json --input " + Data("uk_modern_slavery/UKdat_5.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const nlohmann::json j = nlohmann::json::parse(run.out);
  const nlohmann::json& ll = j["strata"][0]["loglinear"];
  EXPECT_NEAR(ll["estimate"].get<double>(), 11313, 1);
  EXPECT_NEAR(ll["interval"]["lower"].get<double>(), 9884, 1);
  EXPECT_NEAR(ll["interval"]["upper"].get<double>(), 13027, 1);
  EXPECT_EQ(ll["terms"].size(), 6u);
  EXPECT_DOUBLE_EQ(j["strata"][0]["observed"].get<double>(), 2744);
}

TEST(EstimateCliTest, WritesSvgWithObservedTotalMarked) {
  const std::string svg_path = Env("GIAI_BINARY_DIR") + "/estimate_cli_test.svg";
  std::remove(svg_path.c_str());
  const CliRun run =
      Giai("estimate --input " + Data("sparsemse_trafficking/Western.csv") + " --plot " + svg_path);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("main effects + A:E"), std::string::npos) << run.out;
  std::ifstream in(svg_path);
  std::stringstream svg;
  svg << in.rdbuf();
  EXPECT_NE(svg.str().find("<svg"), std::string::npos);
  EXPECT_NE(svg.str().find("observed 345"), std::string::npos);
  EXPECT_NE(svg.str().find("Total population N"), std::string::npos);
}

TEST(EstimateCliTest, ExitsWithInvalidInputOnBadFilesAndOptions) {
  const std::string bad = Env("GIAI_BINARY_DIR") + "/estimate_cli_bad.csv";
  std::ofstream(bad) << "A,B,count\n1,0,3\n";
  EXPECT_EQ(Giai("estimate --input " + bad).exit_code, 2);
  EXPECT_EQ(Giai("estimate --input " + Data("rcapture_epi/HIV.csv") + " --method magic").exit_code,
            2);
  EXPECT_NE(Giai("estimate --input /nonexistent.csv").exit_code, 0);
}

TEST(EstimateCliTest, ReportsUnboundedModelAveragingInsteadOfANumber) {
  const CliRun run =
      Giai("estimate --json --method bma --input " + Data("sparsemse_trafficking/Western.csv"));
  EXPECT_EQ(run.exit_code, 2);
  const nlohmann::json j = nlohmann::json::parse(run.out);
  EXPECT_TRUE(j["strata"][0]["model_averaging"].contains("error"));
}

}  // namespace

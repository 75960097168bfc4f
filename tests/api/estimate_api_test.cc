// Multiple systems estimation over real HTTP: the published UK 2013 estimate from a posted table
// (CSV and JSON cells give the same number as `giai estimate`), strata, the latent-class sampler
// with a bounded run, the overlap plot data, non-identifiable tables reported instead of a
// number, and stable error codes for bad tables and roles.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

std::string SharedData(const std::string& relative) {
  const char* source = std::getenv("GIAI_SOURCE_DIR");
  std::ifstream in(std::string(source ? source : ".") + "/../shared/data/mse/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A CSV of 0/1 list columns and a count column as JSON cells.
json CellsOf(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  json lists = json::array();
  std::stringstream header(line);
  for (std::string name; std::getline(header, name, ',');) lists.push_back(name);
  lists.erase(lists.end() - 1);  // the count column
  json cells = json::array();
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::string pattern;
    std::stringstream row(line);
    std::string value;
    for (std::size_t j = 0; j < lists.size(); ++j) {
      std::getline(row, value, ',');
      pattern += value;
    }
    std::getline(row, value, ',');
    if (pattern.find('1') == std::string::npos) continue;
    cells.push_back({{"pattern", pattern}, {"count", std::stoi(value)}});
  }
  return {{"lists", lists}, {"cells", cells}};
}

class EstimateApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    analyst_ = server_->Token("analyst@org1.demo.example");
    admin_ = server_->Token("admin@org1.demo.example");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static httplib::Result Post(const json& body, const std::string& token = analyst_) {
    auto client = server_->Client();
    return client.Post("/api/v1/estimates", Bearer(token), body.dump(), "application/json");
  }
  static void ExpectInvalid(const json& body, const std::string& field) {
    auto r = Post(body);
    ASSERT_EQ(r->status, 400) << body.dump() << "\n" << r->body;
    json problem = json::parse(r->body);
    EXPECT_EQ(problem["code"], "invalid_input");
    EXPECT_EQ(problem.value("field", ""), field) << r->body;
  }
  static inline TestServer* server_ = nullptr;
  static inline std::string analyst_, admin_;
};

TEST_F(EstimateApiTest, ReproducesThePublishedUk2013EstimateFromCsvAndCells) {
  const std::string csv = SharedData("uk_modern_slavery/UKdat_5.csv");
  ASSERT_FALSE(csv.empty());
  for (const json& body : {json{{"csv", csv}}, CellsOf(csv)}) {
    auto r = Post(body);
    ASSERT_EQ(r->status, 200) << r->body;
    json out = json::parse(r->body);
    EXPECT_NEAR(out["estimate"]["value"].get<double>(), 11313, 1);
    EXPECT_NEAR(out["estimate"]["lower"].get<double>(), 9884, 1);
    EXPECT_NEAR(out["estimate"]["upper"].get<double>(), 13027, 1);
    EXPECT_EQ(out["estimate"]["method"], "loglinear");
    EXPECT_DOUBLE_EQ(out["observed"].get<double>(), 2744);
    const json& ll = out["strata"][0]["loglinear"];
    EXPECT_EQ(ll["terms"].size(), 6u);
    EXPECT_TRUE(ll.contains("profile_interval"));
    EXPECT_EQ(out["lists"].size(), 5u);
    double overlap_total = 0;
    for (const json& cell : out["overlap"]) {
      EXPECT_EQ(cell["pattern"].get<std::string>().size(), 5u);
      EXPECT_FALSE(cell["lists"].empty());
      overlap_total += cell["count"].get<double>();
    }
    EXPECT_DOUBLE_EQ(overlap_total, 2744);
  }
}

TEST_F(EstimateApiTest, StrataAreSummedAndBootstrapIsBounded) {
  json body = CellsOf(SharedData("uk_modern_slavery/UKdat_5.csv"));
  json doubled = body;
  json cells = json::array();  // a new array: appending while iterating would invalidate
  for (const json& cell : body["cells"]) {
    for (const char* stratum : {"a", "b"}) {
      json copy = cell;
      copy["stratum"] = stratum;
      cells.push_back(copy);
    }
  }
  doubled["cells"] = cells;
  auto r = Post(doubled);
  ASSERT_EQ(r->status, 200) << r->body;
  json out = json::parse(r->body);
  EXPECT_EQ(out["strata"].size(), 2u);
  EXPECT_EQ(out["estimate"]["strata"], 2);
  EXPECT_NEAR(out["estimate"]["value"].get<double>(), 2 * 11313, 3);
  EXPECT_DOUBLE_EQ(out["observed"].get<double>(), 2 * 2744);

  body["bootstrap"] = 20;
  body["seed"] = 7;
  auto b = Post(body);
  ASSERT_EQ(b->status, 200) << b->body;
  json boot = json::parse(b->body)["strata"][0]["loglinear"]["bootstrap"];
  EXPECT_EQ(boot["replicates"], 20);
  EXPECT_LT(boot["percentile"][0].get<double>(), boot["percentile"][1].get<double>());
  body["bootstrap"] = 5000;
  ExpectInvalid(body, "bootstrap");
}

TEST_F(EstimateApiTest, LatentClassRunsWithABoundedSampler) {
  json body = {{"csv", SharedData("uk_modern_slavery/UKdat_5.csv")},
               {"method", "latent-class"},
               {"latent_class",
                {{"classes", 5}, {"chains", 2}, {"burn_in", 2000}, {"samples", 500}, {"thin", 5}}}};
  auto r = Post(body);
  ASSERT_EQ(r->status, 200) << r->body;
  json out = json::parse(r->body);
  const json& lc = out["strata"][0]["latent_class"];
  EXPECT_GT(lc["median"].get<double>(), 2744);
  EXPECT_LT(lc["lower"].get<double>(), lc["upper"].get<double>());
  EXPECT_EQ(out["estimate"]["method"], "latent-class");
  body["latent_class"]["burn_in"] = 400000;
  ExpectInvalid(body, "latent_class");
}

TEST_F(EstimateApiTest, ReportsANonIdentifiableTableInsteadOfANumber) {
  // Nobody is on two lists: the overlaps carry no information about the unseen.
  json body = {{"lists", {"A", "B", "C"}},
               {"cells",
                {{{"pattern", "100"}, {"count", 10}},
                 {{"pattern", "010"}, {"count", 12}},
                 {{"pattern", "001"}, {"count", 9}}}}};
  auto r = Post(body);
  ASSERT_EQ(r->status, 200) << r->body;
  json out = json::parse(r->body);
  EXPECT_TRUE(out["estimate"].is_null()) << out.dump();
  EXPECT_FALSE(out["warnings"].empty());
  EXPECT_TRUE(out["strata"][0]["loglinear"].contains("error"));
  // Each warning is a stable code with an English message; the model's own reason rides along.
  std::set<std::string> codes;
  for (const json& w : out["warnings"]) {
    ASSERT_TRUE(w.is_object()) << w;
    codes.insert(w["code"].get<std::string>());
    EXPECT_FALSE(w["message"].get<std::string>().empty()) << w;
    EXPECT_FALSE(w.contains("stratum")) << w;  // not stratified
  }
  EXPECT_TRUE(codes.contains("loglinear_not_estimable")) << out["warnings"];
  EXPECT_TRUE(codes.contains("no_estimate")) << out["warnings"];
  // In a stratified table the warning names its stratum, and the message says it in English.
  for (json& cell : body["cells"]) cell["stratum"] = "north";
  r = Post(body);
  ASSERT_EQ(r->status, 200) << r->body;
  const json first = json::parse(r->body)["warnings"][0];
  EXPECT_EQ(first["code"], "loglinear_not_estimable") << first;
  EXPECT_EQ(first["stratum"], "north") << first;
  EXPECT_EQ(first["message"].get<std::string>().rfind("stratum 'north': log-linear", 0), 0u)
      << first;
  EXPECT_DOUBLE_EQ(out["observed"].get<double>(), 31);
}

TEST_F(EstimateApiTest, BadTablesGiveStableErrorCodes) {
  const json cells = {{{"pattern", "100"}, {"count", 10}}, {{"pattern", "110"}, {"count", 3}}};
  ExpectInvalid({{"lists", {"A", "B"}}, {"cells", {{{"pattern", "10"}, {"count", 1}}}}}, "lists");
  ExpectInvalid({{"lists", {"A", "B", "B"}}, {"cells", cells}}, "lists");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", {{{"pattern", "10"}, {"count", 1}}}}},
                "cells[0].pattern");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", {{{"pattern", "000"}, {"count", 1}}}}},
                "cells[0].pattern");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", {{{"pattern", "100"}, {"count", -1}}}}},
                "cells[0].count");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", {{{"pattern", "100"}, {"count", 1.5}}}}},
                "cells[0].count");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", {{{"pattern", "100"}, {"count", 0}}}}},
                "cells");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", cells}, {"csv", "A,B,C,count\n"}}, "cells");
  ExpectInvalid(json::object(), "cells");
  ExpectInvalid({{"csv", "A,B,count\n1,0,3\n"}}, "csv");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", cells}, {"method", "magic"}}, "method");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", cells}, {"level", 2}}, "level");
  ExpectInvalid({{"lists", {"A", "B", "C"}}, {"cells", cells}, {"colour", "red"}}, "colour");
  auto client = server_->Client();
  auto malformed = client.Post("/api/v1/estimates", Bearer(analyst_), "{", "application/json");
  EXPECT_EQ(malformed->status, 400);
  auto forbidden = Post({{"lists", {"A", "B", "C"}}, {"cells", cells}}, admin_);
  EXPECT_EQ(forbidden->status, 403);
  EXPECT_EQ(json::parse(forbidden->body)["code"], "forbidden");
  EXPECT_EQ(client.Post("/api/v1/estimates", httplib::Headers{}, "{}", "application/json")->status,
            401);
}

}  // namespace
}  // namespace giai::testing

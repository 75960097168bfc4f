#include "cases/matrix.h"

#include <gtest/gtest.h>

namespace giai::cases {
namespace {

const Vocabulary& V() { return Vocabulary::Builtin(); }

Assessment Link(const std::string& element, Relation r, int weight, const std::string& item) {
  Assessment a;
  a.id = "asm_" + item + element;
  a.element_id = element;
  a.item_id = item;
  a.item_kind = "testimony";
  a.relation = r;
  a.weight = weight;
  return a;
}

TEST(ChargeElementsTest, CrimeAgainstHumanityIncludesContextAndModeElements) {
  const Crime* murder = V().FindCrime("ICC-7-1-a");
  const ModeOfLiability* command = V().FindMode("ICC-28-a");
  ASSERT_NE(murder, nullptr);
  ASSERT_NE(command, nullptr);
  std::vector<ChargeElement> els = ChargeElements(*murder, *command);
  ASSERT_EQ(els.size(), murder->elements.size() + command->elements.size());
  EXPECT_EQ(els.front().id, "ICC-7-1-a.E1");
  EXPECT_EQ(els.front().from, "crime");
  EXPECT_EQ(els.back().id, "ICC-28-a.E6");
  EXPECT_EQ(els.back().from, "mode");
  EXPECT_TRUE(std::any_of(els.begin(), els.end(),
                          [](const ChargeElement& e) { return e.kind == "contextual"; }));
}

TEST(ChargeElementsTest, EveryWarCrimeAndCrimeAgainstHumanityInForceHasAContextualElement) {
  for (const Crime& c : V().crimes()) {
    if (!c.InForce() || (c.category != "war_crime" && c.category != "crime_against_humanity")) {
      continue;
    }
    EXPECT_TRUE(std::any_of(c.elements.begin(), c.elements.end(), [](const Element& e) {
      return e.kind == "contextual";
    })) << c.id;
  }
  // Art. 25(3)(a)-(f) and 28(a)/(b) are all available as modes.
  for (const char* id : {"ICC-25-3-a-direct", "ICC-25-3-a-co", "ICC-25-3-a-indirect",
                         "ICC-25-3-b-order", "ICC-25-3-b-solicit-induce", "ICC-25-3-c",
                         "ICC-25-3-d", "ICC-25-3-e", "ICC-25-3-f", "ICC-28-a", "ICC-28-b"}) {
    EXPECT_NE(V().FindMode(id), nullptr) << id;
  }
}

TEST(ComputeMatrixTest, CoverageFollowsWeightsAndContradictions) {
  std::vector<ChargeElement> els = {{"X.E1", "a", "conduct", "crime"},
                                    {"X.E2", "b", "contextual", "crime"},
                                    {"X.E3", "c", "mental", "crime"},
                                    {"X.E4", "d", "circumstance", "mode"}};
  std::vector<Assessment> links = {
      Link("X.E1", Relation::kSupports, 4, "t1"),     // covered
      Link("X.E2", Relation::kSupports, 2, "t2"),     // partly: too weak
      Link("X.E2", Relation::kContext, 5, "t3"),      // context never counts
      Link("X.E3", Relation::kSupports, 4, "t4"),     // partly: outweighed
      Link("X.E3", Relation::kContradicts, 4, "t5"),  //
      Link("X.E4", Relation::kContradicts, 1, "t6"),  // not covered, contradiction shown
      Link("Y.E9", Relation::kSupports, 5, "t7"),     // not an element of this charge
  };
  Matrix m = ComputeMatrix(els, links);
  ASSERT_EQ(m.rows.size(), 4u);
  EXPECT_EQ(m.rows[0].coverage, Coverage::kCovered);
  EXPECT_EQ(m.rows[1].coverage, Coverage::kPartly);
  EXPECT_EQ(m.rows[1].context.size(), 1u);
  EXPECT_EQ(m.rows[2].coverage, Coverage::kPartly);
  EXPECT_EQ(m.rows[2].contradicting.size(), 1u);
  EXPECT_EQ(m.rows[3].coverage, Coverage::kNotCovered);
  ASSERT_EQ(m.rows[3].contradicting.size(), 1u);
  EXPECT_EQ(m.rows[3].contradicting[0].item_id, "t6");
  EXPECT_EQ(m.covered, 1);
  EXPECT_EQ(m.partly, 2);
  EXPECT_EQ(m.not_covered, 1);
  EXPECT_FALSE(m.complete());

  nlohmann::json j = ToJson(m);
  EXPECT_EQ(j["summary"]["covered"], 1);
  EXPECT_EQ(j["elements"][3]["contradicting"][0]["item_id"], "t6");
  EXPECT_EQ(j["elements"][2]["coverage"], "partly");
}

TEST(ComputeMatrixTest, SeveralWeakItemsAddUpAndAllCoveredIsComplete) {
  std::vector<ChargeElement> els = {{"X.E1", "a", "conduct", "crime"}};
  Matrix m = ComputeMatrix(
      els, {Link("X.E1", Relation::kSupports, 2, "a"), Link("X.E1", Relation::kSupports, 2, "b")});
  EXPECT_EQ(m.rows[0].coverage, Coverage::kCovered);
  EXPECT_TRUE(m.complete());
  EXPECT_TRUE(Gaps(m).empty());
  EXPECT_FALSE(ComputeMatrix({}, {}).complete());
}

TEST(ComputeMatrixTest, WithdrawnLinksStopCountingButStayVisible) {
  std::vector<ChargeElement> els = {{"X.E1", "a", "conduct", "crime"},
                                    {"X.E2", "b", "mental", "crime"}};
  Assessment support = Link("X.E1", Relation::kSupports, 5, "s");
  Assessment contradiction = Link("X.E2", Relation::kContradicts, 5, "c");
  std::vector<Assessment> links = {support, Link("X.E2", Relation::kSupports, 4, "t"),
                                   contradiction};
  Matrix before = ComputeMatrix(els, links);
  EXPECT_EQ(before.rows[0].coverage, Coverage::kCovered);
  EXPECT_EQ(before.rows[1].coverage, Coverage::kPartly);  // outweighed

  links[0].withdrawal = Assessment::Withdrawal{"awd_1", "misread", "usr_1", "2026-12-06T00:00:00Z"};
  links[2].withdrawal =
      Assessment::Withdrawal{"awd_2", "recanted", "usr_1", "2026-12-06T00:00:00Z"};
  Matrix after = ComputeMatrix(els, links);
  EXPECT_EQ(after.rows[0].coverage, Coverage::kNotCovered);
  EXPECT_TRUE(after.rows[0].supporting.empty());
  ASSERT_EQ(after.rows[0].withdrawn.size(), 1u);  // history
  EXPECT_EQ(after.rows[0].withdrawn[0].item_id, "s");
  // The withdrawn contradiction no longer weighs, and is still listed where it was.
  EXPECT_EQ(after.rows[1].coverage, Coverage::kCovered);
  EXPECT_EQ(after.rows[1].contradicting_weight, 0);
  ASSERT_EQ(after.rows[1].contradicting.size(), 1u);
  nlohmann::json j = ToJson(after);
  EXPECT_TRUE(j["elements"][1]["contradicting"][0]["withdrawn"]);
  EXPECT_EQ(j["elements"][1]["contradicting"][0]["withdrawal"]["reason"], "recanted");
  EXPECT_EQ(j["elements"][0]["withdrawn"][0]["withdrawal"]["id"], "awd_1");
  EXPECT_FALSE(j["elements"][1]["supporting"][0]["withdrawn"]);
}

TEST(GapsTest, ListUncoveredElementsWithMeansOfProofByKind) {
  const Crime* murder = V().FindCrime("ICC-7-1-a");
  const ModeOfLiability* command = V().FindMode("ICC-28-a");
  std::vector<ChargeElement> els = ChargeElements(*murder, *command);
  Matrix m = ComputeMatrix(els, {Link("ICC-7-1-a.E1", Relation::kSupports, 5, "act")});
  std::vector<Gap> gaps = Gaps(m);
  ASSERT_EQ(gaps.size(), els.size() - 1);
  for (const Gap& g : gaps) {
    EXPECT_NE(g.element.id, "ICC-7-1-a.E1");
    EXPECT_FALSE(g.means_of_proof.empty()) << g.element.id;
  }
  // The widespread-or-systematic context and effective control get their specific checklists.
  auto proof_of = [&](const std::string& id) {
    for (const Gap& g : gaps) {
      if (g.element.id == id) return g.means_of_proof.front();
    }
    return std::string();
  };
  EXPECT_NE(proof_of("ICC-7-1-a.E2").find("pattern"), std::string::npos);
  EXPECT_NE(proof_of("ICC-28-a.E3").find("organigrams"), std::string::npos);
  const Crime* wilful = V().FindCrime("ICC-8-2-a-i");
  std::vector<ChargeElement> war = ChargeElements(*wilful, *command);
  EXPECT_NE(MeansOfProof(war[3]).front().find("hostilities"), std::string::npos);
}

TEST(RelationTest, ParsesOnlyKnownNames) {
  Relation r;
  EXPECT_TRUE(ParseRelation("contradicts", r));
  EXPECT_EQ(r, Relation::kContradicts);
  EXPECT_FALSE(ParseRelation("refutes", r));
  EXPECT_FALSE(IsConductElement({"X.E1", "a", "conduct", "mode"}));
  EXPECT_TRUE(IsConductElement({"X.E1", "a", "conduct", "crime"}));
}

}  // namespace
}  // namespace giai::cases

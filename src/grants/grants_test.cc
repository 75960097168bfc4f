#include <gtest/gtest.h>

#include "grants/money.h"
#include "grants/rules.h"
#include "grants/workflow.h"

namespace giai::grants {
namespace {

Money M(const char* amount, const char* currency) {
  Result<Money> m = ParseMoney(amount, currency);
  EXPECT_TRUE(m.ok()) << amount << " " << currency;
  return m.ok() ? *m : Money{};
}

TEST(MoneyTest, ParsesDecimalStringsIntoMinorUnitsPerCurrency) {
  EXPECT_EQ(M("1500", "EUR").minor, 150000);
  EXPECT_EQ(M("1500.5", "EUR").minor, 150050);
  EXPECT_EQ(M("0.01", "USD").minor, 1);
  EXPECT_EQ(M("1200", "JPY").minor, 1200);
  EXPECT_EQ(M("1.234", "KWD").minor, 1234);
  EXPECT_EQ(FormatAmount(M("1500.5", "EUR")), "1500.50");
  EXPECT_EQ(FormatAmount(M("7", "XOF")), "7");
  EXPECT_EQ(FormatAmount({5, "EUR"}), "0.05");
}

TEST(MoneyTest, RejectsMalformedAmountsAndUnknownCurrencies) {
  for (const char* bad : {"", "-1", "+1", "1e3", "1,000", "1.", ".5", "1.001", "abc", "1 000",
                          "99999999999999999999"}) {
    Result<Money> m = ParseMoney(bad, "EUR");
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.status().code(), Code::kInvalidInput);
    EXPECT_EQ(m.status().field(), "amount");
  }
  EXPECT_FALSE(ParseMoney("1.5", "JPY").ok());  // JPY has no minor unit
  for (const char* bad : {"EURO", "eur", "XXX", "", "EU"}) {
    Result<Money> m = ParseMoney("1", bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.status().field(), "currency");
  }
  EXPECT_TRUE(IsCurrencyCode("UAH"));
  EXPECT_FALSE(IsCurrencyCode("ABC"));
}

TEST(MoneyTest, ConvertsAtRecordedRatesWithOneRoundingAtTheEnd) {
  Result<std::int64_t> rate = ParseRate("1.085");
  ASSERT_TRUE(rate.ok());
  EXPECT_EQ(*rate, 1085000);
  Result<Money> usd = Convert(M("1500.50", "EUR"), "USD", *rate);
  ASSERT_TRUE(usd.ok());
  EXPECT_EQ(FormatAmount(*usd), "1628.04");  // 1628.0425 -> 1628.04
  // Across minor-unit sizes: 1000 JPY at 0.0062 EUR/JPY = 6.20 EUR.
  Result<Money> eur = Convert(M("1000", "JPY"), "EUR", *ParseRate("0.0062"));
  ASSERT_TRUE(eur.ok());
  EXPECT_EQ(FormatAmount(*eur), "6.20");
  // Half away from zero: 0.05 EUR at 0.5 = 0.025 -> 0.03.
  EXPECT_EQ(Convert({5, "EUR"}, "USD", 500000)->minor, 3);
  EXPECT_FALSE(Convert(M("1", "EUR"), "EUR", 1085000).ok());
  EXPECT_TRUE(Convert(M("1", "EUR"), "EUR", 1000000).ok());
  for (const char* bad : {"0", "0.0000001", "-1", "x"}) EXPECT_FALSE(ParseRate(bad).ok()) << bad;
  EXPECT_EQ(FormatRate(1085000), "1.085000");
}

TEST(WorkflowTest, AllowsOnlyTheTransitionsInTheTable) {
  EXPECT_TRUE(CheckTransition(Machine::kApplication, "draft", "submitted").ok());
  EXPECT_TRUE(CheckTransition(Machine::kApplication, "more_info", "submitted").ok());
  EXPECT_TRUE(CheckTransition(Machine::kApplication, "reserve", "awarded").ok());
  EXPECT_TRUE(CheckTransition(Machine::kApplication, "awarded", "declined").ok());
  EXPECT_TRUE(CheckTransition(Machine::kApplication, "contracted", "lapsed").ok());
  EXPECT_EQ(CheckTransition(Machine::kApplication, "closed", "lapsed").code(), Code::kConflict);
  EXPECT_EQ(CheckTransition(Machine::kApplication, "declined", "awarded").code(), Code::kConflict);
  EXPECT_EQ(CheckTransition(Machine::kAgreement, "closed", "cancelled").code(), Code::kConflict);
  Status s = CheckTransition(Machine::kApplication, "draft", "awarded");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_NE(s.message().find("draft"), std::string::npos);
  EXPECT_EQ(CheckTransition(Machine::kApplication, "draft", "flying").code(), Code::kInvalidInput);
  EXPECT_EQ(CheckTransition(Machine::kAssignment, "recused", "submitted").code(), Code::kConflict);
  EXPECT_EQ(CheckTransition(Machine::kAssignment, "declared", "submitted").code(), Code::kConflict);
  EXPECT_EQ(CheckTransition(Machine::kTranche, "paid", "paid").code(), Code::kConflict);
  EXPECT_EQ(CheckTransition(Machine::kCall, "closed", "open").code(), Code::kConflict);
  // A report sent back for changes is resubmitted; nothing else returns to its initial state
  // from its last one.
  EXPECT_TRUE(CheckTransition(Machine::kReport, "changes_requested", "submitted").ok());
  for (Machine m : {Machine::kCall, Machine::kApplication, Machine::kAssignment,
                    Machine::kAgreement, Machine::kTranche}) {
    EXPECT_FALSE(States(m).empty());
    EXPECT_EQ(CheckTransition(m, States(m).back(), States(m).front()).code(), Code::kConflict)
        << MachineName(m);
  }
}

TEST(RulesTest, BudgetLinesMustAddUpInOneCurrency) {
  std::vector<BudgetLine> lines = {{"staff", M("6000", "UAH")}, {"travel", M("4000.50", "UAH")}};
  EXPECT_TRUE(CheckBudget(lines, M("10000.50", "UAH")).ok());
  Status off = CheckBudget(lines, M("10000", "UAH"));
  EXPECT_EQ(off.code(), Code::kInvalidInput);
  EXPECT_EQ(off.field(), "budget.total");
  lines[1].amount.currency = "EUR";
  EXPECT_EQ(CheckBudget(lines, M("10000.50", "UAH")).field(), "budget.lines[1].currency");
  EXPECT_EQ(CheckBudget({}, M("1", "UAH")).field(), "budget.lines");
  EXPECT_EQ(CheckBudget({{"x", M("0", "UAH")}}, M("0", "UAH")).field(), "budget.lines[0].amount");
}

TEST(RulesTest, WeightedScoresAndConsolidation) {
  std::vector<Criterion> c = {{"relevance", 40}, {"capacity", 35}, {"value", 25}};
  EXPECT_TRUE(CheckCriteria(c).ok());
  EXPECT_EQ(*WeightedScore(c, {{"relevance", 5}, {"capacity", 3}, {"value", 4}}), 405);
  EXPECT_FALSE(WeightedScore(c, {{"relevance", 5}, {"capacity", 3}}).ok());
  EXPECT_FALSE(WeightedScore(c, {{"relevance", 5}, {"capacity", 3}, {"other", 4}}).ok());
  EXPECT_EQ(WeightedScore(c, {{"relevance", 6}, {"capacity", 3}, {"value", 4}}).status().field(),
            "scores.relevance");
  EXPECT_FALSE(CheckCriteria({{"a", 50}, {"b", 40}}).ok());
  EXPECT_FALSE(CheckCriteria({{"a", 50}, {"a", 50}}).ok());
  EXPECT_FALSE(Consolidate({}).has_value());
  EXPECT_EQ(*Consolidate({405, 300}), 353);  // 352.5 rounds half up
}

TEST(RulesTest, RanksByScoreWithSharedRanksAndUnscoredLast) {
  std::vector<Ranked> r = Rank({{"gap_c", 300, 2, 0},
                                {"gap_a", std::nullopt, 0, 0},
                                {"gap_b", 420, 2, 0},
                                {"gap_d", 300, 1, 0}});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].application_id, "gap_b");
  EXPECT_EQ(r[0].rank, 1);
  EXPECT_EQ(r[1].application_id, "gap_c");
  EXPECT_EQ(r[1].rank, 2);
  EXPECT_EQ(r[2].rank, 2);
  EXPECT_EQ(r[3].application_id, "gap_a");
  EXPECT_EQ(r[3].rank, 0);
}

TEST(RulesTest, CapIsCheckedAcrossCurrenciesInTheFundCurrency) {
  Money cap = M("60000", "EUR");
  // 30 000 EUR + 1 000 000 UAH at 0.0225 EUR/UAH (= 22 500 EUR) = 52 500 EUR: under the cap.
  std::vector<Award> awards = {{"a1", M("30000", "EUR"), 1000000},
                               {"a2", M("1000000", "UAH"), 22500}};
  Result<CapCheck> under = CheckCap(awards, cap);
  ASSERT_TRUE(under.ok());
  EXPECT_EQ(FormatAmount(under->total), "52500.00");
  EXPECT_FALSE(under->exceeds);
  // + 8 200 USD at 0.92 = 7 544 EUR -> 60 044 EUR: over.
  awards.push_back({"a3", M("8200", "USD"), 920000});
  Result<CapCheck> over = CheckCap(awards, cap);
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(FormatAmount(over->total), "60044.00");
  EXPECT_TRUE(over->exceeds);
  // Exactly at the cap is allowed.
  EXPECT_FALSE(CheckCap({{"a", M("60000", "EUR"), 1000000}}, cap)->exceeds);
}

}  // namespace
}  // namespace giai::grants

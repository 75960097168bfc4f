// The sub-granting rules that involve arithmetic: budget tables, weighted scoring and
// consolidation, ranking, and the cap per recipient across currencies (EU FR 2018/1046 Art. 204:
// a maximum per third party, EUR 60 000 by default, higher only with a recorded justification).
// Money is integer minor units (money.h); scores are integers in hundredths, so that results are
// exact and identical on every machine.
//
// Example:
//   std::vector<Criterion> criteria = {{"relevance", 40}, {"capacity", 60}};
//   GIAI_ASSIGN_OR_RETURN(int s, WeightedScore(criteria, {{"relevance", 4}, {"capacity", 3}}));
//   // s == 340 (3.40 out of 5)
// Pure functions; thread safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "grants/money.h"

namespace giai::grants {

constexpr int kMaxScore = 5;  // per criterion, 0 (not addressed) .. 5 (excellent)

struct BudgetLine {
  std::string label;
  Money amount;
};

// Every line in `total`'s currency, positive, and the lines add up to `total` exactly.
Status CheckBudget(const std::vector<BudgetLine>& lines, const Money& total);

struct Criterion {
  std::string id;
  int weight = 0;  // percent; a fund's weights add up to 100
};

Status CheckCriteria(const std::vector<Criterion>& criteria);
// Weighted average of per-criterion scores, in hundredths of a point (0..500). Every criterion
// must be scored, with an integer 0..kMaxScore, and nothing else.
Result<int> WeightedScore(const std::vector<Criterion>& criteria,
                          const std::map<std::string, int>& scores);

// The consolidated score of an application: the mean of the submitted reviews' weighted scores,
// in hundredths, rounded half up; nullopt if no review counts. Abstentions and recusals are not
// passed in: they count for nothing.
std::optional<int> Consolidate(const std::vector<int>& weighted_scores);

struct Ranked {
  std::string application_id;
  std::optional<int> score;  // hundredths
  int reviews = 0;
  int rank = 0;  // 1-based; applications without a score come last, unranked (0)
};
// Highest score first; ties share a rank (1, 2, 2, 4); ties and unscored keep id order.
std::vector<Ranked> Rank(std::vector<Ranked> items);

// An award to one recipient, as recorded: its amount, and the FX rate (millionths) from its
// currency to the fund's.
struct Award {
  std::string id;
  Money amount;
  std::int64_t fx_rate_micro = 1'000'000;
};

struct CapCheck {
  Money total;  // all awards to the recipient, in the fund currency
  bool exceeds = false;
};
// Sums `awards` (existing ones and the new one) in `cap.currency` at their recorded rates and
// compares with the cap.
Result<CapCheck> CheckCap(const std::vector<Award>& awards, const Money& cap);

}  // namespace giai::grants

#include "grants/rules.h"

#include <algorithm>
#include <set>

namespace giai::grants {

Status CheckBudget(const std::vector<BudgetLine>& lines, const Money& total) {
  if (lines.empty()) return InvalidInput("needs at least one line", "budget.lines");
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string field = "budget.lines[" + std::to_string(i) + "]";
    if (lines[i].amount.currency != total.currency) {
      return InvalidInput("must be in the budget currency " + total.currency, field + ".currency");
    }
    if (lines[i].amount.minor <= 0) return InvalidInput("must be positive", field + ".amount");
    sum += lines[i].amount.minor;  // each line <= 10^15, at most 200 lines: no overflow
  }
  if (sum != total.minor) {
    return InvalidInput("the lines add up to " + FormatAmount({sum, total.currency}) +
                            ", not the total " + FormatAmount(total),
                        "budget.total");
  }
  return Status::Ok();
}

Status CheckCriteria(const std::vector<Criterion>& criteria) {
  if (criteria.empty()) return InvalidInput("needs at least one criterion", "criteria");
  int sum = 0;
  std::set<std::string> ids;
  for (const Criterion& c : criteria) {
    if (c.id.empty() || !ids.insert(c.id).second) {
      return InvalidInput("criterion ids must be unique and not empty", "criteria");
    }
    if (c.weight <= 0 || c.weight > 100) {
      return InvalidInput("weights must be 1 to 100", "criteria");
    }
    sum += c.weight;
  }
  if (sum != 100) return InvalidInput("weights must add up to 100", "criteria");
  return Status::Ok();
}

Result<int> WeightedScore(const std::vector<Criterion>& criteria,
                          const std::map<std::string, int>& scores) {
  if (scores.size() != criteria.size()) {
    return InvalidInput("must score every criterion of the fund, and only those", "scores");
  }
  int total = 0;  // sum of score * weight, out of 5 * 100
  for (const Criterion& c : criteria) {
    auto it = scores.find(c.id);
    if (it == scores.end()) return InvalidInput("misses criterion " + c.id, "scores");
    if (it->second < 0 || it->second > kMaxScore) {
      return InvalidInput("must be 0 to " + std::to_string(kMaxScore), "scores." + c.id);
    }
    total += it->second * c.weight;
  }
  return total;  // weights add up to 100: this is the weighted mean in hundredths
}

std::optional<int> Consolidate(const std::vector<int>& weighted_scores) {
  if (weighted_scores.empty()) return std::nullopt;
  long long sum = 0;
  for (int s : weighted_scores) sum += s;
  const long long n = static_cast<long long>(weighted_scores.size());
  return static_cast<int>((2 * sum + n) / (2 * n));
}

std::vector<Ranked> Rank(std::vector<Ranked> items) {
  std::sort(items.begin(), items.end(), [](const Ranked& a, const Ranked& b) {
    if (a.score.has_value() != b.score.has_value()) return a.score.has_value();
    if (a.score && *a.score != *b.score) return *a.score > *b.score;
    return a.application_id < b.application_id;
  });
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].score) {
      items[i].rank = 0;
    } else if (i > 0 && items[i - 1].score == items[i].score) {
      items[i].rank = items[i - 1].rank;
    } else {
      items[i].rank = static_cast<int>(i) + 1;
    }
  }
  return items;
}

Result<CapCheck> CheckCap(const std::vector<Award>& awards, const Money& cap) {
  CapCheck out{{0, cap.currency}, false};
  for (const Award& a : awards) {
    GIAI_ASSIGN_OR_RETURN(Money converted, Convert(a.amount, cap.currency, a.fx_rate_micro));
    out.total.minor += converted.minor;
  }
  out.exceeds = out.total.minor > cap.minor;
  return out;
}

}  // namespace giai::grants

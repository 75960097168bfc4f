// The arithmetic of awards shared by the committee decision (grants_decision.cc) and the awards
// from the reserve list (grants_reserve.cc), private to service/: the awards already made in a
// fund (per recipient and in total, at their recorded FX rates), the pricing of a new award
// against the request, the cap per recipient and its justification, the envelope, and the
// consolidated scores that rank applications (only submitted, not recused reviews count).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "grants/rules.h"
#include "store/store.h"

namespace giai::service::internal {

// Application states whose award binds the cap and the envelope.
bool HoldsAward(const std::string& state);

struct FundAwards {
  std::map<std::string, std::vector<grants::Award>> by_recipient;  // applicant org -> awards
  std::vector<grants::Award> all;
};
// Every award held in `fund_id` (all its calls).
Result<FundAwards> LoadFundAwards(store::Tx& tx, const std::string& org_id,
                                  const std::string& fund_id);

// Prices the award `entry` ({amount, fx_rate, cap_justification?}; fields reported under
// `prefix`, e.g. "awards[0]", or at the top level if empty) to the application `app` (id `app_id`):
// in the application's currency, positive, at most the request; converted to the fund currency; the
// recipient's awards in the fund checked against `cap` (a breach needs its justification). Adds the
// award to `awards` and returns the stored "award" object (without the deviation justification).
Result<nlohmann::json> PriceAward(const nlohmann::json& entry, const std::string& prefix,
                                  const nlohmann::json& app, const std::string& app_id,
                                  const grants::Money& cap, FundAwards& awards);

// Conflict (field `field`) if the awards held exceed the fund's envelope.
Status CheckEnvelope(const FundAwards& awards, const grants::Money& envelope,
                     const std::string& field);

// Each application of `apps` with its consolidated score (from its submitted reviews; nullopt
// without one), the number of reviews counted, and its rank (grants::Rank). The one place a
// ranking is computed: the ranking route, decisions and reserve awards all use it.
Result<std::vector<grants::Ranked>> RankApplications(store::Tx& tx,
                                                     const std::vector<store::RecordRow>& apps);

// The consolidated score of each application (nullopt without a counting review) and the ranking
// as the API shows it ([{application_id, rank, score_hundredths}]).
struct Scored {
  std::map<std::string, std::optional<int>> score;
  nlohmann::json ranking = nlohmann::json::array();
};
Result<Scored> ScoreApplications(store::Tx& tx, const std::vector<store::RecordRow>& apps);

// True if score `a` ranks strictly above `b` (a scored application above an unscored one).
inline bool RanksAbove(std::optional<int> a, std::optional<int> b) {
  return a.has_value() && (!b.has_value() || *a > *b);
}

}  // namespace giai::service::internal

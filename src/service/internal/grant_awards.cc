#include "service/internal/grant_awards.h"

#include "service/internal/grant_records.h"

namespace giai::service::internal {

using nlohmann::json;

bool HoldsAward(const std::string& state) {
  return state == "awarded" || state == "contracted" || state == "closed";
}

Result<FundAwards> LoadFundAwards(store::Tx& tx, const std::string& org_id,
                                  const std::string& fund_id) {
  FundAwards out;
  GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> in_fund,
                        ListGrants(tx, kApplication, org_id, "", {"fund:" + fund_id}));
  for (const store::RecordRow& a : in_fund) {
    json b = BodyOf(a);
    if (!HoldsAward(StateOf(b)) || !b.contains("award")) continue;
    GIAI_ASSIGN_OR_RETURN(grants::Money m, MoneyField(b["award"], "amount", "award.amount"));
    GIAI_ASSIGN_OR_RETURN(std::int64_t rate,
                          grants::ParseRate(b["award"]["fx_rate"].get<std::string>()));
    grants::Award award{a.id, m, rate};
    out.by_recipient[b["applicant_org_id"]].push_back(award);
    out.all.push_back(award);
  }
  return out;
}

Result<json> PriceAward(const json& entry, const std::string& prefix, const json& app,
                        const std::string& app_id, const grants::Money& cap, FundAwards& awards) {
  const std::string field = prefix.empty() ? "" : prefix + ".";
  GIAI_ASSIGN_OR_RETURN(grants::Money amount, MoneyField(entry, "amount", field + "amount"));
  GIAI_ASSIGN_OR_RETURN(grants::Money requested,
                        MoneyField(app["budget"], "total", "budget.total"));
  if (amount.currency != requested.currency) {
    return InvalidInput("must be the application's budget currency " + requested.currency,
                        field + "amount.currency");
  }
  if (amount.minor <= 0 || amount.minor > requested.minor) {
    return InvalidInput(
        "must be positive and at most the requested " + grants::FormatAmount(requested),
        field + "amount.amount");
  }
  GIAI_ASSIGN_OR_RETURN(std::string rate_text, Str(entry, "fx_rate", true, 30, field + "fx_rate"));
  GIAI_ASSIGN_OR_RETURN(std::int64_t rate, grants::ParseRate(rate_text, field + "fx_rate"));
  GIAI_ASSIGN_OR_RETURN(grants::Money in_fund_currency,
                        grants::Convert(amount, cap.currency, rate));
  // The cap per recipient, across all its awards in the fund, at their recorded rates.
  const std::string recipient = app["applicant_org_id"];
  grants::Award award{app_id, amount, rate};
  awards.by_recipient[recipient].push_back(award);
  awards.all.push_back(award);
  GIAI_ASSIGN_OR_RETURN(grants::CapCheck check,
                        grants::CheckCap(awards.by_recipient[recipient], cap));
  GIAI_ASSIGN_OR_RETURN(std::string cap_justification,
                        Str(entry, "cap_justification", false, 8000, field + "cap_justification"));
  if (check.exceeds && cap_justification.empty()) {
    return Status(Code::kConflict,
                  "the awards to this recipient would total " + grants::FormatAmount(check.total) +
                      " " + cap.currency + ", above the cap of " + grants::FormatAmount(cap) +
                      ": a breach needs its recorded justification",
                  field + "cap_justification");
  }
  return json{{"amount", MoneyJson(amount)},
              {"fx_rate", grants::FormatRate(rate)},
              {"amount_in_fund_currency", MoneyJson(in_fund_currency)},
              {"cap_check",
               {{"recipient_total", MoneyJson(check.total)},
                {"cap", MoneyJson(cap)},
                {"exceeds", check.exceeds},
                {"justification", cap_justification}}}};
}

Status CheckEnvelope(const FundAwards& awards, const grants::Money& envelope,
                     const std::string& field) {
  GIAI_ASSIGN_OR_RETURN(grants::CapCheck total, grants::CheckCap(awards.all, envelope));
  if (total.exceeds) {
    return Status(Code::kConflict,
                  "the awards would total " + grants::FormatAmount(total.total) +
                      ", above the fund's envelope of " + grants::FormatAmount(envelope),
                  field);
  }
  return Status::Ok();
}

Result<std::vector<grants::Ranked>> RankApplications(store::Tx& tx,
                                                     const std::vector<store::RecordRow>& apps) {
  std::vector<grants::Ranked> items;
  for (const store::RecordRow& row : apps) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> assignments,
                          ListGrants(tx, kAssignment, row.org_id, row.id));
    std::vector<int> scores;
    for (const store::RecordRow& a : assignments) {
      json b = BodyOf(a);
      if (StateOf(b) == "submitted") scores.push_back(b["review"]["weighted_score"]);
    }
    items.push_back({row.id, grants::Consolidate(scores), static_cast<int>(scores.size()), 0});
  }
  return grants::Rank(items);
}

Result<Scored> ScoreApplications(store::Tx& tx, const std::vector<store::RecordRow>& apps) {
  Scored out;
  GIAI_ASSIGN_OR_RETURN(std::vector<grants::Ranked> ranked, RankApplications(tx, apps));
  for (const grants::Ranked& r : ranked) {
    out.score[r.application_id] = r.score;
    out.ranking.push_back({{"application_id", r.application_id},
                           {"rank", r.rank == 0 ? json() : json(r.rank)},
                           {"score_hundredths", r.score ? json(*r.score) : json()}});
  }
  return out;
}

}  // namespace giai::service::internal

#include "service/estimate_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "access/policy.h"
#include "estimate/bootstrap.h"
#include "estimate/csv_reader.h"
#include "estimate/latent_class.h"
#include "estimate/model_selection.h"
#include "estimate/profile_likelihood.h"
#include "estimate/strata.h"
#include "service/internal/estimate_warning.h"

namespace giai::service {

namespace {

using estimate::CaptureTable;
using estimate::ModelFit;
using internal::EstimateWarning;
using nlohmann::json;

struct Settings {
  std::string method = "loglinear";
  std::string selection = "stepwise";
  int max_order = 2;
  int bootstrap = 0;
  std::uint64_t seed = 1;
  double level = 0.95;
  estimate::LatentClassOptions latent;
};

Result<double> Number(const json& body, const char* name, double fallback, double low, double high,
                      const std::string& prefix = "") {
  if (!body.contains(name)) return fallback;
  const json& v = body[name];
  if (!v.is_number() || !(v.get<double>() >= low) || !(v.get<double>() <= high)) {
    std::ostringstream range;
    range << "must be a number from " << low << " to " << high;
    return InvalidInput(range.str(), prefix + name);
  }
  return v.get<double>();
}

Result<std::int64_t> Integer(const json& body, const char* name, std::int64_t fallback,
                             std::int64_t low, std::int64_t high, const std::string& prefix = "") {
  if (!body.contains(name)) return fallback;
  const json& v = body[name];
  if (!v.is_number_integer() || v.get<std::int64_t>() < low || v.get<std::int64_t>() > high) {
    return InvalidInput(
        "must be an integer from " + std::to_string(low) + " to " + std::to_string(high),
        prefix + name);
  }
  return v.get<std::int64_t>();
}

Result<std::string> Choice(const json& body, const char* name, std::string fallback,
                           std::initializer_list<std::string_view> values) {
  if (!body.contains(name)) return fallback;
  const json& v = body[name];
  if (v.is_string()) {
    for (std::string_view allowed : values) {
      if (v.get<std::string>() == allowed) return std::string(allowed);
    }
  }
  std::string list;
  for (std::string_view allowed : values) list += (list.empty() ? "" : ", ") + std::string(allowed);
  return InvalidInput("must be one of " + list, name);
}

Result<Settings> ParseSettings(const json& body) {
  Settings s;
  GIAI_ASSIGN_OR_RETURN(s.method,
                        Choice(body, "method", s.method, {"loglinear", "latent-class", "all"}));
  GIAI_ASSIGN_OR_RETURN(s.selection,
                        Choice(body, "selection", s.selection, {"stepwise", "aic", "bic"}));
  GIAI_ASSIGN_OR_RETURN(std::int64_t order, Integer(body, "max_order", 2, 2, 14));
  s.max_order = static_cast<int>(order);
  GIAI_ASSIGN_OR_RETURN(std::int64_t replicates,
                        Integer(body, "bootstrap", 0, 0, EstimateService::kMaxBootstrap));
  s.bootstrap = static_cast<int>(replicates);
  GIAI_ASSIGN_OR_RETURN(std::int64_t seed, Integer(body, "seed", 1, 0, 1ll << 53));
  s.seed = static_cast<std::uint64_t>(seed);
  GIAI_ASSIGN_OR_RETURN(s.level, Number(body, "level", 0.95, 0.5, 0.999));
  const json lc = body.value("latent_class", json::object());
  if (!lc.is_object()) return InvalidInput("must be an object", "latent_class");
  for (const auto& [key, value] : lc.items()) {
    if (key != "classes" && key != "chains" && key != "burn_in" && key != "samples" &&
        key != "thin") {
      return InvalidInput("unknown field", "latent_class." + key);
    }
  }
  const std::string p = "latent_class.";
  GIAI_ASSIGN_OR_RETURN(std::int64_t classes, Integer(lc, "classes", 10, 1, 50, p));
  GIAI_ASSIGN_OR_RETURN(std::int64_t chains, Integer(lc, "chains", 2, 1, 4, p));
  GIAI_ASSIGN_OR_RETURN(s.latent.burn_in, Integer(lc, "burn_in", 10000, 0, 400000, p));
  GIAI_ASSIGN_OR_RETURN(s.latent.samples, Integer(lc, "samples", 2000, 4, 100000, p));
  GIAI_ASSIGN_OR_RETURN(std::int64_t thin, Integer(lc, "thin", 10, 1, 1000, p));
  s.latent.max_classes = static_cast<int>(classes);
  s.latent.chains = static_cast<int>(chains);
  s.latent.thin = static_cast<int>(thin);
  s.latent.seed = s.seed;
  s.latent.level = s.level;
  s.latent.threads = 1;  // one request, one thread: the HTTP pool stays available
  if (s.latent.burn_in + s.latent.samples * s.latent.thin >
      EstimateService::kMaxSamplerIterations) {
    return InvalidInput("burn_in + samples x thin must not exceed " +
                            std::to_string(EstimateService::kMaxSamplerIterations) +
                            " iterations per chain; run longer samplers with `giai estimate`",
                        "latent_class");
  }
  return s;
}

// The posted table: JSON cells or the CLI's CSV.
Result<estimate::StratifiedTables> ParseTables(const json& body) {
  const bool has_cells = body.contains("cells"), has_csv = body.contains("csv");
  if (has_cells == has_csv) return InvalidInput("post either cells (with lists) or csv", "cells");
  estimate::StratifiedTables out;
  if (has_csv) {
    if (!body["csv"].is_string()) return InvalidInput("must be a string", "csv");
    std::string strata;
    if (body.contains("strata_column")) {
      if (!body["strata_column"].is_string()) {
        return InvalidInput("must be a string", "strata_column");
      }
      strata = body["strata_column"].get<std::string>();
    }
    std::istringstream in(body["csv"].get<std::string>());
    Result<estimate::StratifiedTables> read = estimate::ReadCaptureCsv(in, {strata});
    if (!read.ok()) return InvalidInput(read.status().message(), "csv");
    out = std::move(read).value();
  } else {
    if (body.contains("strata_column")) {
      return InvalidInput("only with csv; cells carry their stratum", "strata_column");
    }
    const json& lists = body.value("lists", json());
    if (!lists.is_array() || lists.size() < static_cast<std::size_t>(estimate::kMinLists) ||
        lists.size() > static_cast<std::size_t>(estimate::kMaxLists)) {
      return InvalidInput("must name from 3 to 15 lists", "lists");
    }
    std::vector<std::string> names;
    std::set<std::string> unique;
    for (const json& name : lists) {
      if (!name.is_string() || name.get<std::string>().empty() ||
          name.get<std::string>().size() > 64 || !unique.insert(name.get<std::string>()).second) {
        return InvalidInput("list names must be distinct non-empty strings of at most 64 bytes",
                            "lists");
      }
      names.push_back(name.get<std::string>());
    }
    const json& cells = body["cells"];
    if (!cells.is_array() || cells.empty() || cells.size() > 100000) {
      return InvalidInput("must be a non-empty list of {pattern, count}", "cells");
    }
    std::map<std::string, std::size_t> strata;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string where = "cells[" + std::to_string(i) + "]";
      const json& c = cells[i];
      if (!c.is_object()) return InvalidInput("must be an object", where);
      for (const auto& [key, value] : c.items()) {
        if (key != "pattern" && key != "count" && key != "stratum") {
          return InvalidInput("unknown field", where + "." + key);
        }
      }
      const json pattern = c.value("pattern", json());
      std::uint32_t mask = 0;
      bool ok = pattern.is_string() && pattern.get<std::string>().size() == names.size();
      for (std::size_t j = 0; ok && j < names.size(); ++j) {
        const char bit = pattern.get<std::string>()[j];
        ok = bit == '0' || bit == '1';
        if (bit == '1') mask |= 1u << j;
      }
      if (!ok) {
        return InvalidInput(
            "must be a string of " + std::to_string(names.size()) + " digits 0/1, one per list",
            where + ".pattern");
      }
      if (mask == 0) {
        return InvalidInput("nobody is observed on no list: drop the all-zero pattern",
                            where + ".pattern");
      }
      const json count = c.value("count", json());
      if (!count.is_number() || !(count.get<double>() >= 0) ||
          !std::isfinite(count.get<double>()) ||
          count.get<double>() != std::floor(count.get<double>())) {
        return InvalidInput("must be a non-negative whole number", where + ".count");
      }
      std::string stratum;
      if (c.contains("stratum")) {
        if (!c["stratum"].is_string() || c["stratum"].get<std::string>().size() > 100) {
          return InvalidInput("must be a string of at most 100 bytes", where + ".stratum");
        }
        stratum = c["stratum"].get<std::string>();
      }
      auto [it, added] = strata.emplace(stratum, out.tables.size());
      if (added) {
        out.stratum_names.push_back(stratum);
        out.tables.push_back(CaptureTable::Empty(names));
      }
      out.tables[it->second].counts[mask] += count.get<double>();
    }
  }
  for (std::size_t s = 0; s < out.tables.size(); ++s) {
    Status valid = out.tables[s].Validate();
    if (!valid.ok()) {
      return InvalidInput(
          (out.stratum_names[s].empty() ? std::string()
                                        : "stratum '" + out.stratum_names[s] + "': ") +
              valid.message(),
          has_csv ? "csv" : "cells");
    }
  }
  return out;
}

Result<ModelFit> Select(const CaptureTable& table, const Settings& s) {
  if (s.selection == "stepwise") return estimate::StepwiseSelect(table, {0.02, s.level});
  estimate::CriterionOptions options;
  options.criterion = s.selection == "bic" ? estimate::Criterion::kBic : estimate::Criterion::kAic;
  options.max_order = std::min(s.max_order, table.NumLists() - 1);
  options.level = s.level;
  return estimate::CriterionSelect(table, options);
}

double Rounded(double v, double unit = 0.01) { return std::round(v / unit) * unit; }

struct StratumResult {
  json report;
  std::optional<ModelFit> fit;
  std::optional<estimate::BootstrapResult> bootstrap;
  std::optional<estimate::LatentClassResult> latent;
};

StratumResult EstimateOne(const std::string& name, const CaptureTable& table, const Settings& s,
                          json& warnings) {
  StratumResult r;
  const double observed = table.ObservedTotal();
  r.report = {{"name", name}, {"observed", observed}};
  if (s.method != "latent-class") {
    Result<ModelFit> fit = Select(table, s);
    if (!fit.ok()) {
      r.report["loglinear"] = {{"error", fit.status().message()}};
      warnings.push_back(EstimateWarning("loglinear_not_estimable", name,
                                         {{"detail", fit.status().message()}},
                                         "log-linear: not estimable: " + fit.status().message()));
    } else {
      r.fit = *fit;
      json terms = json::array(), empty = json::array();
      for (auto t : fit->terms) terms.push_back(estimate::TermName(table, t));
      for (auto t : fit->empty_terms) {
        empty.push_back(estimate::TermName(table, t));
        warnings.push_back(
            EstimateWarning("empty_overlap", name, {{"lists", estimate::TermName(table, t)}},
                            "lists " + estimate::TermName(table, t) +
                                " share no case; their interaction is fitted at -infinity"));
      }
      if (fit->upper > 20 * observed) {
        warnings.push_back(EstimateWarning("extrapolation", name, {{"factor", 20}},
                                           "log-linear upper bound exceeds 20 times the observed "
                                           "count: the estimate is mostly extrapolation"));
      }
      json ll = {{"selection", s.selection},
                 {"model", estimate::ModelName(table, fit->terms)},
                 {"terms", terms},
                 {"empty_overlap_terms", empty},
                 {"estimate", Rounded(fit->estimate)},
                 {"standard_error", Rounded(fit->estimate_se)},
                 {"interval",
                  {{"method", "wald-log-dark-figure"},
                   {"level", s.level},
                   {"lower", Rounded(fit->lower)},
                   {"upper", Rounded(fit->upper)}}},
                 {"aic", fit->aic},
                 {"bic", fit->bic},
                 {"deviance", fit->deviance},
                 {"residual_df", fit->residual_df}};
      Result<estimate::ProfileInterval> profile =
          estimate::ProfileLikelihoodInterval(table, fit->terms, s.level);
      if (profile.ok()) {
        ll["profile_interval"] = {{"level", s.level},
                                  {"lower", Rounded(profile->lower)},
                                  {"upper", Rounded(profile->upper)}};
      } else {
        warnings.push_back(
            EstimateWarning("no_profile_interval", name, {{"detail", profile.status().message()}},
                            "no profile-likelihood interval: " + profile.status().message()));
      }
      if (s.bootstrap > 0) {
        estimate::BootstrapOptions options;
        options.replicates = s.bootstrap;
        options.seed = s.seed;
        options.level = s.level;
        options.threads = 1;
        const estimate::Estimator estimator = [&s](const CaptureTable& t) -> Result<double> {
          GIAI_ASSIGN_OR_RETURN(ModelFit f, Select(t, s));
          return f.estimate;
        };
        Result<estimate::BootstrapResult> b = estimate::Bootstrap(table, estimator, options);
        if (b.ok()) {
          r.bootstrap = *b;
          ll["bootstrap"] = {
              {"replicates", s.bootstrap},
              {"failures", b->failures},
              {"seed", s.seed},
              {"percentile", {Rounded(b->percentile_lower), Rounded(b->percentile_upper)}},
              {"bca", {Rounded(b->bca_lower), Rounded(b->bca_upper)}}};
          if (b->failures > 0) {
            warnings.push_back(EstimateWarning(
                "bootstrap_failures", name, {{"count", b->failures}},
                std::to_string(b->failures) +
                    " bootstrap replicates could not be estimated and were dropped"));
          }
        } else {
          warnings.push_back(EstimateWarning("bootstrap_failed", name,
                                             {{"detail", b.status().message()}},
                                             "bootstrap failed: " + b.status().message()));
        }
      }
      r.report["loglinear"] = ll;
    }
  }
  if (s.method != "loglinear") {
    Result<estimate::LatentClassResult> lc = estimate::SampleLatentClass(table, s.latent);
    if (!lc.ok()) {
      r.report["latent_class"] = {{"error", lc.status().message()}};
      warnings.push_back(EstimateWarning("latent_not_estimable", name,
                                         {{"detail", lc.status().message()}},
                                         "latent class: not estimable: " + lc.status().message()));
    } else {
      r.latent = *lc;
      r.report["latent_class"] = {{"median", Rounded(lc->median)},
                                  {"mean", Rounded(lc->mean)},
                                  {"lower", Rounded(lc->lower)},
                                  {"upper", Rounded(lc->upper)},
                                  {"level", s.level},
                                  {"ess", Rounded(lc->ess)},
                                  {"rhat", Rounded(lc->rhat, 0.001)},
                                  {"chains", s.latent.chains},
                                  {"classes", s.latent.max_classes},
                                  {"seed", s.seed}};
      if (!(lc->rhat < 1.1)) {
        warnings.push_back(
            EstimateWarning("latent_rhat", name, {{"rhat", Rounded(lc->rhat, 0.001)}, {"max", 1.1}},
                            "latent-class chains disagree (R-hat >= 1.1): run longer"));
      }
      if (lc->ess < 400) {
        warnings.push_back(EstimateWarning("latent_ess", name,
                                           {{"ess", Rounded(lc->ess)}, {"min", 400}},
                                           "latent-class effective sample size below 400: interval "
                                           "bounds are imprecise; run longer"));
      }
    }
  }
  return r;
}

}  // namespace

Result<json> EstimateService::Estimate(const access::Principal& who, const json& body) const {
  if (!access::AllowsLinkage(who, access::LinkageAction::kEstimate)) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                     std::string(access::LinkageActionName(access::LinkageAction::kEstimate)));
  }
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    static const std::set<std::string> kKnown = {
        "lists",     "cells",     "csv",  "strata_column", "method",      "selection",
        "max_order", "bootstrap", "seed", "level",         "latent_class"};
    if (!kKnown.count(key)) return InvalidInput("unknown field", key);
  }
  GIAI_ASSIGN_OR_RETURN(Settings settings, ParseSettings(body));
  GIAI_ASSIGN_OR_RETURN(estimate::StratifiedTables data, ParseTables(body));

  json warnings = json::array();
  std::vector<StratumResult> results;
  for (std::size_t s = 0; s < data.tables.size(); ++s) {
    results.push_back(EstimateOne(data.stratum_names[s], data.tables[s], settings, warnings));
  }
  const CaptureTable& first = data.tables.front();
  json out;
  out["lists"] = first.list_names;
  out["method"] = settings.method;
  json strata = json::array();
  double observed = 0;
  for (const StratumResult& r : results) {
    strata.push_back(r.report);
    observed += r.report["observed"].get<double>();
  }
  out["observed"] = observed;
  out["strata"] = strata;

  // The headline: the log-linear estimate when there is one, else the latent-class median;
  // strata are summed with honest uncertainty (estimate/strata.h).
  json headline = nullptr;
  bool all_fit = true, all_latent = true;
  for (const StratumResult& r : results) {
    all_fit = all_fit && r.fit.has_value();
    all_latent = all_latent && r.latent.has_value();
  }
  if (all_fit) {
    if (results.size() == 1) {
      const ModelFit& f = *results[0].fit;
      headline = {{"method", "loglinear"},
                  {"value", Rounded(f.estimate)},
                  {"lower", Rounded(f.lower)},
                  {"upper", Rounded(f.upper)}};
    } else {
      std::vector<ModelFit> fits;
      for (const StratumResult& r : results) fits.push_back(*r.fit);
      Result<estimate::SummedInterval> sum =
          estimate::SumLogLinearStrata(fits, settings.level, settings.seed);
      if (sum.ok()) {
        headline = {{"method", "loglinear"},
                    {"value", Rounded(sum->estimate)},
                    {"lower", Rounded(sum->lower)},
                    {"upper", Rounded(sum->upper)}};
      }
    }
  }
  if (headline.is_null() && all_latent) {
    if (results.size() == 1) {
      const estimate::LatentClassResult& l = *results[0].latent;
      headline = {{"method", "latent-class"},
                  {"value", Rounded(l.median)},
                  {"lower", Rounded(l.lower)},
                  {"upper", Rounded(l.upper)}};
    } else {
      std::vector<estimate::LatentClassResult> latents;
      for (const StratumResult& r : results) latents.push_back(*r.latent);
      Result<estimate::LatentClassResult> sum =
          estimate::SumLatentClassStrata(latents, settings.level);
      if (sum.ok()) {
        headline = {{"method", "latent-class"},
                    {"value", Rounded(sum->median)},
                    {"lower", Rounded(sum->lower)},
                    {"upper", Rounded(sum->upper)}};
      }
    }
  }
  if (!headline.is_null()) {
    headline["level"] = settings.level;
    headline["strata"] = results.size();
  } else {
    warnings.push_back(EstimateWarning("no_estimate", "", json::object(),
                                       "no method produced an estimate: report the observed count "
                                       "only"));
  }
  out["estimate"] = headline;
  out["warnings"] = warnings;

  // Overlap plot data: observed pattern counts summed over strata (UpSet-style bars).
  json overlap = json::array();
  for (int pattern = 1; pattern < first.NumCells(); ++pattern) {
    double count = 0;
    for (const CaptureTable& t : data.tables) count += t.counts[static_cast<std::size_t>(pattern)];
    if (count == 0) continue;
    json lists = json::array();
    std::string bits;
    for (int j = 0; j < first.NumLists(); ++j) {
      const bool on = (pattern >> j) & 1;
      bits.push_back(on ? '1' : '0');
      if (on) lists.push_back(first.list_names[static_cast<std::size_t>(j)]);
    }
    overlap.push_back({{"pattern", bits}, {"lists", lists}, {"count", count}});
  }
  out["overlap"] = overlap;
  return out;
}

}  // namespace giai::service

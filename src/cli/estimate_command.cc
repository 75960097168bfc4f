// `giai estimate`: multiple systems estimation from a CSV of linked lists (DESIGN.md §6).
//
//   giai estimate --input lists.csv [--method loglinear|latent-class|bma|all] [--strata COLUMN]
//                 [--selection stepwise|aic|bic] [--bootstrap N] [--seed N] [--json]
//                 [--plot out.svg]
//
// Prints, per stratum and in total, the estimate, its interval, the model(s) used and warnings.
// A method that cannot produce an honest number (non-identifiable model, MLE at infinity, flat
// likelihood) reports why instead; the exit code is 2 when no method produced an estimate.
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>

#include "cli/commands.h"
#include "cli/estimate_plot.h"
#include "cli/exit_codes.h"
#include "estimate/bootstrap.h"
#include "estimate/csv_reader.h"
#include "estimate/graphical_bma.h"
#include "estimate/latent_class.h"
#include "estimate/model_selection.h"
#include "estimate/profile_likelihood.h"
#include "estimate/strata.h"

namespace giai::cli {
namespace {

using estimate::CaptureTable;
using estimate::LatentClassResult;
using estimate::ModelFit;
using nlohmann::json;

struct EstimateArgs {
  std::string input;
  std::string method = "loglinear";
  std::string strata;
  std::string selection = "stepwise";
  int max_order = 2;
  double p_threshold = 0.02;
  int bootstrap = 0;
  std::uint64_t seed = 1;
  double level = 0.95;
  int classes = 10;
  int chains = 4;
  std::int64_t burn_in = 20000;
  std::int64_t samples = 5000;
  int thin = 20;
  bool json = false;
  std::string plot;
};

// Everything computed for one stratum (or the total).
struct StratumReport {
  std::string name;
  double observed = 0;
  std::optional<ModelFit> loglinear;
  std::string loglinear_error;
  std::optional<estimate::ProfileInterval> profile;
  std::optional<estimate::BootstrapResult> bootstrap;
  std::optional<LatentClassResult> latent;
  std::string latent_error;
  std::optional<estimate::BmaResult> bma;
  std::vector<double> bma_draws;  // draws of N, for strata sums and plots
  std::string bma_error;
};

bool Runs(const EstimateArgs& args, const std::string& method) {
  return args.method == method || args.method == "all";
}

std::string Round(double v) {
  std::ostringstream s;
  s.imbue(std::locale::classic());
  s << std::fixed << std::setprecision(0) << v;
  return s.str();
}

// Progress bar on stderr, only when a person is watching it.
std::function<void(std::int64_t, std::int64_t)> ProgressBar(const std::string& label) {
  if (!isatty(STDERR_FILENO)) return nullptr;
  return [label](std::int64_t done, std::int64_t total) {
    const int width = 30;
    const int filled = total > 0 ? static_cast<int>(width * done / total) : width;
    std::cerr << '\r' << label << " [" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(width - filled), '.') << "] "
              << (total > 0 ? 100 * done / total : 100) << '%' << (done >= total ? "\n" : "")
              << std::flush;
  };
}

Result<ModelFit> SelectModel(const CaptureTable& table, const EstimateArgs& args) {
  if (args.selection == "stepwise") {
    return estimate::StepwiseSelect(table, {args.p_threshold, args.level});
  }
  estimate::CriterionOptions options;
  options.criterion =
      args.selection == "bic" ? estimate::Criterion::kBic : estimate::Criterion::kAic;
  options.max_order = args.max_order;
  options.level = args.level;
  return estimate::CriterionSelect(table, options);
}

StratumReport EstimateStratum(const std::string& name, const CaptureTable& table,
                              const EstimateArgs& args, std::vector<std::string>& warnings) {
  StratumReport r;
  r.name = name;
  r.observed = table.ObservedTotal();
  const std::string where = name.empty() ? "" : "stratum '" + name + "': ";
  if (Runs(args, "loglinear")) {
    Result<ModelFit> fit = SelectModel(table, args);
    if (!fit.ok()) {
      r.loglinear_error = fit.status().message();
    } else {
      r.loglinear = *fit;
      if (fit->upper > 20 * r.observed) {
        warnings.push_back(where +
                           "log-linear upper bound exceeds 20 times the observed count: "
                           "the estimate is mostly extrapolation");
      }
      for (estimate::Term t : fit->empty_terms) {
        warnings.push_back(where + "lists " + estimate::TermName(table, t) +
                           " share no case; their interaction is fitted at -infinity "
                           "(Chan, Silverman & Vincent 2021)");
      }
      Result<estimate::ProfileInterval> profile =
          estimate::ProfileLikelihoodInterval(table, fit->terms, args.level);
      if (profile.ok()) {
        r.profile = *profile;
      } else {
        warnings.push_back(where + "no profile-likelihood interval: " + profile.status().message());
      }
      if (args.bootstrap > 0) {
        estimate::BootstrapOptions options;
        options.replicates = args.bootstrap;
        options.seed = args.seed;
        options.level = args.level;
        options.progress = ProgressBar(where + "bootstrap");
        const estimate::Estimator estimator = [&args](const CaptureTable& t) -> Result<double> {
          GIAI_ASSIGN_OR_RETURN(ModelFit f, SelectModel(t, args));
          return f.estimate;
        };
        Result<estimate::BootstrapResult> b = estimate::Bootstrap(table, estimator, options);
        if (b.ok()) {
          r.bootstrap = *b;
          if (b->failures > 0) {
            warnings.push_back(where + std::to_string(b->failures) +
                               " bootstrap replicates could not be estimated and were dropped");
          }
        } else {
          warnings.push_back(where + "bootstrap failed: " + b.status().message());
        }
      }
    }
  }
  if (Runs(args, "bma") && !(args.method == "all" && table.NumLists() > 5)) {
    estimate::BmaOptions options;
    options.level = args.level;
    Result<estimate::BmaResult> bma = estimate::AverageDecomposableModels(table, options);
    if (bma.ok()) {
      r.bma = *bma;
      std::mt19937_64 gen(args.seed);
      std::discrete_distribution<std::size_t> pick(bma->posterior.begin(), bma->posterior.end());
      r.bma_draws.resize(20000);
      for (double& d : r.bma_draws) d = bma->n_values[pick(gen)];
    } else {
      r.bma_error = bma.status().message();
    }
  }
  if (Runs(args, "latent-class")) {
    estimate::LatentClassOptions options;
    options.max_classes = args.classes;
    options.chains = args.chains;
    options.burn_in = args.burn_in;
    options.samples = args.samples;
    options.thin = args.thin;
    options.seed = args.seed;
    options.level = args.level;
    options.progress = ProgressBar(where + "sampling");
    Result<LatentClassResult> lc = estimate::SampleLatentClass(table, options);
    if (lc.ok()) {
      r.latent = *lc;
    } else {
      r.latent_error = lc.status().message();
    }
  }
  return r;
}

void LatentWarnings(const StratumReport& r, std::vector<std::string>& warnings) {
  if (!r.latent) return;
  const std::string where = r.name.empty() ? "" : "stratum '" + r.name + "': ";
  if (!(r.latent->rhat < 1.1)) {
    warnings.push_back(where + "latent-class chains disagree (R-hat " +
                       std::to_string(r.latent->rhat) +
                       " >= 1.1): run longer (--burn-in, --samples)");
  }
  if (r.latent->upper > 20 * r.observed) {
    warnings.push_back(where +
                       "latent-class upper bound exceeds 20 times the observed count: the "
                       "lists barely constrain N; do not report the point estimate alone");
  }
  if (r.latent->ess < 400) {
    warnings.push_back(where + "latent-class effective sample size is only " +
                       Round(r.latent->ess) + ": interval bounds are imprecise; run longer");
  }
}

json ToJson(const StratumReport& r, const CaptureTable* table, const EstimateArgs& args) {
  json j;
  j["name"] = r.name;
  j["observed"] = r.observed;
  if (r.loglinear) {
    const ModelFit& f = *r.loglinear;
    json ll = {{"selection", args.selection},
               {"estimate", f.estimate},
               {"standard_error", f.estimate_se},
               {"interval",
                {{"method", "wald-log-dark-figure"},
                 {"level", args.level},
                 {"lower", f.lower},
                 {"upper", f.upper}}},
               {"aic", f.aic},
               {"bic", f.bic},
               {"deviance", f.deviance},
               {"residual_df", f.residual_df}};
    if (table) {
      ll["model"] = estimate::ModelName(*table, f.terms);
      json terms = json::array(), empty = json::array();
      for (auto t : f.terms) terms.push_back(estimate::TermName(*table, t));
      for (auto t : f.empty_terms) empty.push_back(estimate::TermName(*table, t));
      ll["terms"] = terms;
      ll["empty_overlap_terms"] = empty;
    }
    if (r.profile) {
      ll["profile_interval"] = {{"level", args.level},
                                {"lower", r.profile->lower},
                                {"upper", r.profile->upper},
                                {"mode", r.profile->mode}};
    }
    if (r.bootstrap) {
      ll["bootstrap"] = {
          {"replicates", args.bootstrap},
          {"failures", r.bootstrap->failures},
          {"seed", args.seed},
          {"percentile", {r.bootstrap->percentile_lower, r.bootstrap->percentile_upper}},
          {"bca", {r.bootstrap->bca_lower, r.bootstrap->bca_upper}}};
    }
    j["loglinear"] = ll;
  } else if (!r.loglinear_error.empty()) {
    j["loglinear"] = {{"error", r.loglinear_error}};
  }
  if (r.latent) {
    const LatentClassResult& l = *r.latent;
    j["latent_class"] = {{"median", l.median},
                         {"mean", l.mean},
                         {"lower", l.lower},
                         {"upper", l.upper},
                         {"level", args.level},
                         {"ess", l.ess},
                         {"rhat", l.rhat},
                         {"chains", l.chains.size()},
                         {"draws_per_chain", l.chains.empty() ? 0 : l.chains[0].size()},
                         {"classes", args.classes},
                         {"seed", args.seed}};
  } else if (!r.latent_error.empty()) {
    j["latent_class"] = {{"error", r.latent_error}};
  }
  if (r.bma) {
    json graphs = json::array();
    for (std::size_t g = 0; g < r.bma->graphs.size() && g < 5; ++g) {
      graphs.push_back({{"graph", table ? estimate::GraphName(*table, r.bma->graphs[g].edges) : ""},
                        {"probability", r.bma->graphs[g].probability}});
    }
    j["model_averaging"] = {{"median", r.bma->median}, {"mean", r.bma->mean},
                            {"lower", r.bma->lower},   {"upper", r.bma->upper},
                            {"level", args.level},     {"top_graphs", graphs}};
  } else if (!r.bma_error.empty()) {
    j["model_averaging"] = {{"error", r.bma_error}};
  }
  return j;
}

void PrintText(const StratumReport& r, const CaptureTable* table, const EstimateArgs& args) {
  const std::string pct = Round(args.level * 100) + "%";
  std::cout << (r.name.empty() ? std::string("All data") : (table ? "Stratum " + r.name : r.name))
            << ": " << Round(r.observed) << " observed\n";
  if (r.loglinear) {
    const ModelFit& f = *r.loglinear;
    std::cout << "  Log-linear (" << args.selection << ")";
    if (table) std::cout << ": " << estimate::ModelName(*table, f.terms);
    std::cout << "\n    estimate " << Round(f.estimate) << ", " << pct << " interval "
              << Round(f.lower) << " - " << Round(f.upper)
              << (table ? " (Wald, log dark figure)" : " (sum of strata)") << '\n';
    if (r.profile) {
      std::cout << "    profile likelihood " << pct << " interval " << Round(r.profile->lower)
                << " - " << Round(r.profile->upper) << '\n';
    }
    if (r.bootstrap && table) {
      std::cout << "    bootstrap (" << args.bootstrap << " replicates, model reselected) " << pct
                << " BCa " << Round(r.bootstrap->bca_lower) << " - "
                << Round(r.bootstrap->bca_upper) << ", percentile "
                << Round(r.bootstrap->percentile_lower) << " - "
                << Round(r.bootstrap->percentile_upper) << '\n';
    } else if (r.bootstrap) {
      std::cout << "    bootstrap " << pct << " percentile " << Round(r.bootstrap->percentile_lower)
                << " - " << Round(r.bootstrap->percentile_upper)
                << " (replicates summed across strata)\n";
    }
    if (table) {
      std::cout << "    AIC " << std::setprecision(6) << f.aic << ", deviance " << f.deviance
                << " on " << f.residual_df << " df\n";
    }
  } else if (!r.loglinear_error.empty()) {
    std::cout << "  Log-linear: not estimable: " << r.loglinear_error << '\n';
  }
  if (r.latent) {
    const LatentClassResult& l = *r.latent;
    std::cout << "  Latent class (LCMCR, K=" << args.classes << ", " << l.chains.size()
              << " chains)\n    median " << Round(l.median) << ", " << pct << " credible interval "
              << Round(l.lower) << " - " << Round(l.upper) << " (ESS " << Round(l.ess) << ", R-hat "
              << std::setprecision(3) << l.rhat << ")\n";
  } else if (!r.latent_error.empty()) {
    std::cout << "  Latent class: not estimable: " << r.latent_error << '\n';
  }
  if (r.bma) {
    std::cout << "  Model averaging (decomposable graphs, Madigan & York)\n    median "
              << Round(r.bma->median) << ", " << pct << " credible interval " << Round(r.bma->lower)
              << " - " << Round(r.bma->upper) << '\n';
    if (table && !r.bma->graphs.empty()) {
      std::cout << "    most probable graph: "
                << estimate::GraphName(*table, r.bma->graphs[0].edges)
                << " (p = " << std::setprecision(2) << r.bma->graphs[0].probability << ")\n";
    }
  } else if (!r.bma_error.empty()) {
    std::cout << "  Model averaging: not estimable: " << r.bma_error << '\n';
  }
}

Status WritePlot(const std::string& path, const StratumReport& shown) {
  PlotMarks marks;
  marks.observed = shown.observed;
  std::string svg;
  if (shown.latent) {
    marks.title = "Posterior of N (latent-class model)";
    marks.estimate = shown.latent->median;
    marks.lower = shown.latent->lower;
    marks.upper = shown.latent->upper;
    svg = HistogramSvg(shown.latent->draws, marks);
  } else if (shown.bma) {
    marks.title = "Posterior of N (model averaging over decomposable graphs)";
    marks.estimate = shown.bma->median;
    marks.lower = shown.bma->lower;
    marks.upper = shown.bma->upper;
    svg = HistogramSvg(shown.bma_draws, marks);
  } else if (shown.bootstrap) {
    marks.title = "Bootstrap distribution of N (log-linear, model reselected)";
    marks.estimate = shown.loglinear->estimate;
    marks.lower = shown.bootstrap->bca_lower;
    marks.upper = shown.bootstrap->bca_upper;
    svg = HistogramSvg(shown.bootstrap->replicates, marks);
  } else if (shown.profile) {
    marks.title = "Profile likelihood of N (log-linear)";
    marks.estimate = shown.loglinear->estimate;
    marks.lower = shown.profile->lower;
    marks.upper = shown.profile->upper;
    svg = ProfileSvg(shown.profile->curve, shown.profile->threshold, marks);
  } else {
    return InvalidInput("nothing to plot: no posterior, bootstrap or profile likelihood", "plot");
  }
  std::ofstream out(path);
  out << svg;
  if (!out) return Unavailable("cannot write plot file");
  return Status::Ok();
}

int RunEstimate(const EstimateArgs& args) {
  std::ifstream in(args.input);
  if (!in) return Fail(NotFound("cannot open input file"));
  estimate::CsvOptions csv;
  csv.strata_column = args.strata;
  Result<estimate::StratifiedTables> data = estimate::ReadCaptureCsv(in, csv);
  if (!data.ok()) return Fail(data.status());
  if (!(args.level > 0 && args.level < 1))
    return Fail(InvalidInput("level must be in (0, 1)", "level"));

  std::vector<std::string> warnings;
  std::vector<StratumReport> reports;
  for (std::size_t s = 0; s < data->tables.size(); ++s) {
    reports.push_back(EstimateStratum(data->stratum_names[s], data->tables[s], args, warnings));
    LatentWarnings(reports.back(), warnings);
  }
  std::optional<StratumReport> total;
  if (reports.size() > 1) {
    total.emplace();
    total->name = "Total over " + std::to_string(reports.size()) + " strata";
    std::vector<ModelFit> fits;
    std::vector<std::vector<double>> reps;
    std::vector<double> points;
    std::vector<LatentClassResult> latents;
    std::vector<double> bma_sum(20000, 0.0);
    std::size_t bma_count = 0;
    for (const StratumReport& r : reports) {
      if (!r.bma_draws.empty()) {
        ++bma_count;
        for (std::size_t i = 0; i < bma_sum.size(); ++i) bma_sum[i] += r.bma_draws[i];
      }
      total->observed += r.observed;
      if (r.loglinear) fits.push_back(*r.loglinear);
      if (r.bootstrap) {
        reps.push_back(r.bootstrap->by_replicate);
        points.push_back(r.bootstrap->estimate);
      }
      if (r.latent) latents.push_back(*r.latent);
    }
    if (!fits.empty() && fits.size() == reports.size()) {
      Result<estimate::SummedInterval> sum =
          estimate::SumLogLinearStrata(fits, args.level, args.seed);
      if (sum.ok()) {
        ModelFit f;
        f.estimate = sum->estimate;
        f.lower = sum->lower;
        f.upper = sum->upper;
        total->loglinear = f;
      }
      if (reps.size() == reports.size()) {
        Result<estimate::SummedInterval> b = estimate::SumBootstrapStrata(reps, points, args.level);
        if (b.ok()) {
          estimate::BootstrapResult br;
          br.estimate = b->estimate;
          br.replicates = b->draws;
          br.percentile_lower = br.bca_lower = b->lower;
          br.percentile_upper = br.bca_upper = b->upper;
          total->bootstrap = br;
        }
      }
    } else if (Runs(args, "loglinear")) {
      total->loglinear_error = "not every stratum could be estimated";
    }
    if (bma_count == reports.size()) {
      // Independent strata: summing independent posterior draws gives draws of the total.
      estimate::BmaResult sum;
      std::vector<double> sorted = bma_sum;
      std::sort(sorted.begin(), sorted.end());
      const auto at = [&](double q) {
        return sorted[static_cast<std::size_t>(q * (sorted.size() - 1))];
      };
      sum.median = at(0.5);
      sum.lower = at((1 - args.level) / 2);
      sum.upper = at((1 + args.level) / 2);
      total->bma = sum;
      total->bma_draws = bma_sum;
    } else if (Runs(args, "bma")) {
      total->bma_error = "not every stratum could be estimated";
    }
    if (!latents.empty() && latents.size() == reports.size()) {
      Result<LatentClassResult> sum = estimate::SumLatentClassStrata(latents, args.level);
      if (sum.ok()) total->latent = *sum;
    } else if (Runs(args, "latent-class")) {
      total->latent_error = "not every stratum could be estimated";
    }
  }
  const StratumReport& headline = total ? *total : reports.front();
  const bool any =
      headline.loglinear.has_value() || headline.latent.has_value() || headline.bma.has_value();

  if (args.json) {
    json out;
    out["input"] = args.input;
    out["lists"] = data->tables.front().list_names;
    out["method"] = args.method;
    json strata = json::array();
    for (std::size_t s = 0; s < reports.size(); ++s) {
      strata.push_back(ToJson(reports[s], &data->tables[s], args));
    }
    out["strata"] = strata;
    if (total) out["total"] = ToJson(*total, nullptr, args);
    out["warnings"] = warnings;
    std::cout << out.dump(2) << '\n';
  } else {
    std::cout << "Multiple systems estimation: " << data->tables.front().NumLists() << " lists (";
    for (std::size_t j = 0; j < data->tables.front().list_names.size(); ++j) {
      std::cout << (j ? ", " : "") << data->tables.front().list_names[j];
    }
    std::cout << ")\n";
    for (std::size_t s = 0; s < reports.size(); ++s) PrintText(reports[s], &data->tables[s], args);
    if (total) PrintText(*total, nullptr, args);
    if (!warnings.empty()) {
      std::cout << "Warnings:\n";
      for (const std::string& w : warnings) std::cout << "  - " << w << '\n';
    }
    std::cout << "Assumes a closed population; see docs/ESTIMATION.md for how to read this.\n";
  }
  if (!args.plot.empty() && any) {
    Status st = WritePlot(args.plot, headline);
    if (!st.ok()) return Fail(st);
  }
  if (!any) {
    return Fail(InvalidInput("no method produced an estimate: " +
                                 (!headline.loglinear_error.empty() ? headline.loglinear_error
                                  : !headline.latent_error.empty()  ? headline.latent_error
                                                                    : headline.bma_error),
                             "model"));
  }
  return 0;
}

}  // namespace

void RegisterEstimateCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<EstimateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "estimate", "Estimate the total number of victims from overlapping lists (MSE)");
  cmd->add_option("--input", args->input, "CSV: 0/1 list columns [+ count column]")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--method", args->method,
                  "loglinear, latent-class, bma (3-5 lists) or all (bma only up to 5 lists)")
      ->check(CLI::IsMember({"loglinear", "latent-class", "bma", "all"}));
  cmd->add_option("--strata", args->strata, "Column to stratify by (estimated separately, summed)");
  cmd->add_option("--selection", args->selection, "Log-linear model selection: stepwise, aic, bic")
      ->check(CLI::IsMember({"stepwise", "aic", "bic"}));
  cmd->add_option("--max-order", args->max_order, "Highest interaction order for aic/bic")
      ->check(CLI::Range(2, 14));
  cmd->add_option("--threshold", args->p_threshold, "Stepwise p-value threshold")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--bootstrap", args->bootstrap, "Bootstrap replicates of the whole selection")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--seed", args->seed, "Random seed (bootstrap and sampler)");
  cmd->add_option("--level", args->level, "Interval level")->check(CLI::Range(0.5, 0.999));
  cmd->add_option("--classes", args->classes, "Latent classes K")->check(CLI::Range(1, 100));
  cmd->add_option("--chains", args->chains, "MCMC chains (run in parallel)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--burn-in", args->burn_in, "Burn-in iterations per chain")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--samples", args->samples, "Kept draws per chain")
      ->check(CLI::Range(4, 10000000));
  cmd->add_option("--thin", args->thin, "Iterations per kept draw")->check(CLI::Range(1, 100000));
  cmd->add_flag("--json", args->json, "Machine-readable output");
  cmd->add_option("--plot", args->plot, "Write an SVG chart of the headline result");
  cmd->callback([args, &ctx] { ctx.exit_code = RunEstimate(*args); });
}

}  // namespace giai::cli

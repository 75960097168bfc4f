#include "estimate/latent_class.h"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "estimate/internal/random.h"
#include "estimate/internal/stats.h"
#include "estimate/mcmc_diagnostics.h"

namespace giai::estimate {
namespace {

constexpr int kMaxClasses = 100;  // SampleLatentClass refuses more

// One chain's state. All buffers are sized once in the constructor; Step() allocates nothing.
class Chain {
 public:
  Chain(const std::vector<std::uint32_t>& patterns, const std::vector<std::int64_t>& counts,
        int num_lists, const LatentClassOptions& options, std::uint64_t seed)
      : patterns_(patterns),
        counts_(counts),
        j_(num_lists),
        k_(options.max_classes),
        a_shape_(options.alpha_shape),
        a_rate_(options.alpha_rate),
        rng_(seed),
        lambda_(static_cast<std::size_t>(j_ * k_)),
        one_minus_lambda_(lambda_.size()),
        pi_(static_cast<std::size_t>(k_), 1.0 / k_),
        weights_((patterns_.size() + 1) * static_cast<std::size_t>(k_)),
        masses_(patterns_.size() + 1),
        class_size_(static_cast<std::size_t>(k_)),
        class_hits_(static_cast<std::size_t>(j_ * k_)),
        alloc_(weights_.size()),
        suffix_(static_cast<std::size_t>(k_)) {
    for (std::int64_t c : counts_) observed_ += c;
    for (int j = 0; j < j_; ++j) {
      on_begin_.push_back(on_list_.size());
      for (std::size_t p = 0; p < patterns_.size(); ++p) {
        if ((patterns_[p] >> j) & 1u) on_list_.push_back(p);
      }
    }
    on_begin_.push_back(on_list_.size());
    for (std::size_t i = 0; i < lambda_.size(); ++i) {
      lambda_[i] = rng_.Beta(1, 1);
      one_minus_lambda_[i] = 1 - lambda_[i];
    }
  }

  double Step() {
    // Row p of weights_/alloc_ is patterns_[p]; the last row is the unobserved pattern 0.
    const std::size_t rows = patterns_.size() + 1;
    for (std::size_t p = 0; p < rows; ++p) {
      masses_[p] = ClassWeights(p + 1 < rows ? patterns_[p] : 0u, Row(weights_, p));
    }
    // 1. Classes of observed individuals, one multinomial per distinct pattern.
    for (std::size_t p = 0; p + 1 < rows; ++p) {
      Multinomial(counts_[p], masses_[p], Row(weights_, p), Row(alloc_, p));
    }
    // 2. Unobserved individuals: n0 ~ NegBin(n, 1 - pi0), then their classes.
    const double pi0 = masses_[rows - 1];
    const double p_seen = std::clamp(1 - pi0, 1e-300, 1.0);
    const std::int64_t n0 = rng_.NegativeBinomial(static_cast<double>(observed_), p_seen);
    Multinomial(n0, pi0, Row(weights_, rows - 1), Row(alloc_, rows - 1));
    // Sufficient statistics, summed after all draws (adding each pattern's allocation right after
    // its draw stalled on store forwarding): class sizes over every row, list hits over the
    // patterns on that list.
    std::fill(class_size_.begin(), class_size_.end(), 0);
    std::fill(class_hits_.begin(), class_hits_.end(), 0);
    std::int64_t* size = class_size_.data();
    for (std::size_t p = 0; p < rows; ++p) {
      const std::int64_t* a = Row(alloc_, p);
      for (int k = 0; k < k_; ++k) size[k] += a[k];
    }
    for (int j = 0; j < j_; ++j) {
      std::int64_t* hits = class_hits_.data() + static_cast<std::ptrdiff_t>(j) * k_;
      for (std::size_t i = on_begin_[static_cast<std::size_t>(j)];
           i < on_begin_[static_cast<std::size_t>(j) + 1]; ++i) {
        const std::int64_t* a = Row(alloc_, on_list_[i]);
        for (int k = 0; k < k_; ++k) hits[k] += a[k];
      }
    }
    // 3. Capture probabilities.
    for (int j = 0; j < j_; ++j) {
      for (int k = 0; k < k_; ++k) {
        const auto idx = static_cast<std::size_t>(j * k_ + k);
        const auto hits = static_cast<double>(class_hits_[idx]);
        lambda_[idx] = rng_.Beta(
            1 + hits, 1 + static_cast<double>(class_size_[static_cast<std::size_t>(k)]) - hits);
        one_minus_lambda_[idx] = 1 - lambda_[idx];
      }
    }
    // 4. Stick-breaking weights and 5. concentration.
    std::int64_t tail = 0;
    for (std::int64_t s : class_size_) tail += s;
    // log pi_K = sum_{k<K} log(1 - V_k), from a running product (one logarithm per iteration
    // instead of K - 1; folded into log_rest before it could underflow).
    double remaining = 1, product = 1, log_rest = 0;
    for (int k = 0; k < k_; ++k) {
      const std::int64_t size = class_size_[static_cast<std::size_t>(k)];
      tail -= size;
      double v = 1;
      if (k + 1 < k_) {
        v = std::min(rng_.Beta(1 + static_cast<double>(size), alpha_ + static_cast<double>(tail)),
                     1 - 1e-12);
        product *= 1 - v;
        if (product < 1e-200) {
          log_rest += std::log(product);
          product = 1;
        }
      }
      pi_[static_cast<std::size_t>(k)] = remaining * v;
      remaining *= 1 - v;
    }
    log_rest += std::log(product);
    alpha_ = rng_.Gamma(a_shape_ + k_ - 1) / (a_rate_ - log_rest);
    return static_cast<double>(observed_ + n0);
  }

 private:
  template <typename T>
  T* Row(std::vector<T>& matrix, std::size_t row) {
    return matrix.data() + row * static_cast<std::size_t>(k_);
  }

  // w[k] = pi_k P(pattern | class k); returns their sum.
  // Loops run over classes innermost so the products are independent and vectorise.
  double ClassWeights(std::uint32_t pattern, double* __restrict w) {
    const double* __restrict pi = pi_.data();
    for (int k = 0; k < k_; ++k) w[k] = pi[k];
    for (int j = 0; j < j_; ++j) {
      const double* __restrict factor =
          ((pattern >> j) & 1u ? lambda_.data() : one_minus_lambda_.data()) +
          static_cast<std::ptrdiff_t>(j) * k_;
      for (int k = 0; k < k_; ++k) w[k] *= factor[k];
    }
    double total[2] = {0, 0};  // two accumulators halve the dependency chain
    int k = 0;
    for (; k + 1 < k_; k += 2) {
      total[0] += w[k];
      total[1] += w[k + 1];
    }
    if (k < k_) total[0] += w[k];
    return total[0] + total[1];
  }

  // Splits `n` individuals over classes proportionally to weights_ (`mass` is their sum), exactly
  // as a multinomial draw, by conditional binomials. Two choices make it cheap without changing
  // the distribution (a multinomial's marginals aggregate, Johnson, Kotz & Balakrishnan 1997):
  // - classes whose expected share is below kTiny = 2 individuals (the empty classes of the
  //   stick-breaking prior, and the nearly empty ones) are pooled and drawn as one binomial,
  //   zero with a single uniform most of the time, then split among themselves person by
  //   person (one uniform and a short search each, up to kCategorical people; conditional
  //   binomials beyond). Pooling the nearly empty classes too replaced two or three inversion
  //   binomials per pattern (an exp and a log1p each) by one and a few uniforms: +6–15%
  //   (docs/ESTIMATION.md, Performance);
  // - among the others the heaviest class is drawn last and takes the remainder, so the rest
  //   have small conditional probabilities, whose binomials are cheap.
  void Multinomial(std::int64_t n, double mass, const double* weights, std::int64_t* alloc) {
    std::fill(alloc, alloc + k_, 0);
    if (n <= 0) return;
    constexpr double kTiny = 2;
    constexpr std::int64_t kCategorical = 8;
    const double cut = mass * kTiny / static_cast<double>(n);
    int small[kMaxClasses], big[kMaxClasses];
    int num_small = 0, num_big = 0, heaviest = 0;
    double small_mass = 0, top = -1;
    // Which classes are tiny barely changes from one pattern to the next (they are the empty
    // classes), so these branches predict well.
    for (int k = 0; k < k_; ++k) {
      const double w = weights[k];
      if (w < cut) {
        small[num_small++] = k;
        small_mass += w;
      } else {
        if (w > top) {
          top = w;
          heaviest = num_big;
        }
        big[num_big++] = k;
      }
    }
    if (num_small > 0 && small_mass > 0) {
      std::int64_t pooled = rng_.Binomial(n, std::min(1.0, small_mass / mass));
      n -= pooled;
      mass -= small_mass;
      if (pooled <= kCategorical) {  // the common case: one categorical draw per person
        for (; pooled > 0; --pooled) {
          double target = rng_.Uniform() * small_mass;
          int i = 0;
          while (i + 1 < num_small && (target -= weights[small[i]]) > 0) ++i;
          ++alloc[small[i]];
        }
      }
      for (int i = 0; i < num_small && pooled > 0; ++i) {
        const int kk = small[i];
        const std::int64_t m = i + 1 == num_small
                                   ? pooled
                                   : rng_.Binomial(pooled, std::min(1.0, weights[kk] / small_mass));
        alloc[kk] = m;
        pooled -= m;
        small_mass -= weights[kk];
      }
    }
    if (num_big == 0) return;  // only when every weight is zero: nobody to place
    std::swap(big[heaviest], big[num_big - 1]);
    // Conditional probabilities from suffix masses, computed before the draws: the divisions are
    // then independent of each other and off the chain of draws (each draw needs the previous
    // draw's remainder).
    double conditional[kMaxClasses];
    double rest = 0;
    for (int i = num_big - 1; i >= 0; --i) {
      const double w = weights[big[i]];
      rest += w;
      conditional[i] = w;
      suffix_[static_cast<std::size_t>(i)] = rest;
    }
    for (int i = 0; i + 1 < num_big; ++i) {
      const double s = suffix_[static_cast<std::size_t>(i)];
      conditional[i] = s > 0 ? std::min(1.0, conditional[i] / s) : 0.0;
    }
    for (int i = 0; i + 1 < num_big && n > 0; ++i) {
      const std::int64_t m = rng_.Binomial(n, conditional[i]);
      alloc[big[i]] = m;
      n -= m;
    }
    alloc[big[num_big - 1]] += n;
  }

  const std::vector<std::uint32_t>& patterns_;
  const std::vector<std::int64_t>& counts_;
  const int j_, k_;
  const double a_shape_, a_rate_;
  internal::Rng rng_;
  std::int64_t observed_ = 0;
  double alpha_ = 1;
  std::vector<double> lambda_;  // [j * K + k]
  std::vector<double> one_minus_lambda_;
  std::vector<double> pi_;
  std::vector<double> weights_;  // [row * K + k], see Step()
  std::vector<double> masses_;   // row sums of weights_
  std::vector<std::int64_t> class_size_;
  std::vector<std::int64_t> class_hits_;  // [j * K + k]
  std::vector<std::int64_t> alloc_;       // [row * K + k]
  std::vector<std::size_t> on_list_;      // rows of the patterns on list j, for each j in turn
  std::vector<std::size_t> on_begin_;  // list j's rows are on_list_[on_begin_[j], on_begin_[j+1])
  std::vector<double> suffix_;
};

// CPU time of the calling thread: the sampler's speed without the noise of a shared machine.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::uint64_t ChainSeed(std::uint64_t seed, int chain) {
  return seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(chain) * 0xd1b54a32d192ed03ULL +
         1;
}

}  // namespace

LatentClassResult SummariseDraws(std::vector<std::vector<double>> chains, double observed,
                                 double level) {
  LatentClassResult r;
  r.observed = observed;
  for (const auto& c : chains) r.draws.insert(r.draws.end(), c.begin(), c.end());
  r.chains = std::move(chains);
  if (r.draws.empty()) return r;
  double sum = 0;
  for (double d : r.draws) sum += d;
  r.mean = sum / static_cast<double>(r.draws.size());
  r.median = internal::Quantile(r.draws, 0.5);
  r.lower = internal::Quantile(r.draws, (1 - level) / 2);
  r.upper = internal::Quantile(r.draws, (1 + level) / 2);
  r.ess = EffectiveSampleSize(r.chains);
  r.rhat = SplitRhat(r.chains);
  return r;
}

Result<LatentClassResult> SampleLatentClass(const CaptureTable& table,
                                            const LatentClassOptions& options) {
  GIAI_RETURN_IF_ERROR(table.Validate());
  if (options.max_classes < 1 || options.max_classes > kMaxClasses) {
    return InvalidInput("number of latent classes must be between 1 and 100", "max_classes");
  }
  if (options.chains < 1 || options.samples < 4 || options.thin < 1 || options.burn_in < 0) {
    return InvalidInput("need >= 1 chain, >= 4 samples, thin >= 1, burn-in >= 0", "sampler");
  }
  std::vector<std::uint32_t> patterns;
  std::vector<std::int64_t> counts;
  for (std::uint32_t p = 1; p < static_cast<std::uint32_t>(table.NumCells()); ++p) {
    const double c = table.counts[p];
    if (c == 0) continue;
    if (c != std::floor(c))
      return InvalidInput("latent-class model needs integer counts", "counts");
    patterns.push_back(p);
    counts.push_back(static_cast<std::int64_t>(c));
  }
  const std::int64_t per_chain = options.burn_in + options.samples * options.thin;
  std::atomic<std::int64_t> done{0};
  std::vector<std::vector<double>> draws(static_cast<std::size_t>(options.chains));
  std::vector<double> seconds(draws.size());
  const auto run_chain = [&](int c) {
    const double start = ThreadCpuSeconds();
    Chain chain(patterns, counts, table.NumLists(), options, ChainSeed(options.seed, c));
    std::vector<double>& out = draws[static_cast<std::size_t>(c)];
    out.reserve(static_cast<std::size_t>(options.samples));
    for (std::int64_t it = 0; it < per_chain; ++it) {
      const double n = chain.Step();
      if (it >= options.burn_in && (it - options.burn_in + 1) % options.thin == 0) out.push_back(n);
      if ((it & 1023) == 1023) done.fetch_add(1024, std::memory_order_relaxed);
    }
    seconds[static_cast<std::size_t>(c)] = ThreadCpuSeconds() - start;
  };
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const int threads =
      std::min(options.chains, options.threads > 0 ? options.threads : static_cast<int>(hw));
  std::atomic<int> next_chain{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int c = next_chain++; c < options.chains; c = next_chain++) run_chain(c);
    });
  }
  std::atomic<bool> finished{false};
  std::thread waiter([&] {
    for (auto& w : workers) w.join();
    finished = true;
  });
  const std::int64_t total = per_chain * options.chains;
  while (!finished) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (options.progress) options.progress(std::min(done.load(), total), total);
  }
  waiter.join();
  if (options.progress) options.progress(total, total);

  LatentClassResult result = SummariseDraws(std::move(draws), table.ObservedTotal(), options.level);
  double chain_seconds = 0;
  for (double s : seconds) chain_seconds += s;
  result.iterations_per_second = chain_seconds > 0 ? static_cast<double>(total) / chain_seconds : 0;
  return result;
}

}  // namespace giai::estimate

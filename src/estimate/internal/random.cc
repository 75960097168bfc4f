#include "estimate/internal/random.h"

#include <algorithm>

namespace giai::estimate::internal {
namespace {

// log(k!) from a table below 4096 (32 KiB: the Gibbs sampler's binomials have n up to a few
// thousand, and each logarithm saved is ~10% of a rejection step) and Stirling's series above
// (error < 1e-16 relative there): lgamma dominated the binomial sampler's cost.
struct LogFactorialTable {
  static constexpr int kSize = 4096;
  double values[kSize];
  LogFactorialTable() {
    values[0] = 0;
    for (int k = 1; k < kSize; ++k) values[k] = values[k - 1] + std::log(static_cast<double>(k));
  }
};

double LogFactorial(double k) {
  static const LogFactorialTable table;
  if (k < LogFactorialTable::kSize) return table.values[static_cast<int>(k)];
  const double inv = 1 / k;
  const double inv2 = inv * inv;
  return (k + 0.5) * std::log(k) - k + 0.91893853320467274178 +
         inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260)));
}

struct ReciprocalTable {
  static constexpr int kSize = 64;
  double values[kSize];
  ReciprocalTable() {
    for (int x = 1; x < kSize; ++x) values[x] = 1.0 / x;
    values[0] = 0;
  }
};

// Layer i of the ziggurat spans |x| in [x[i+1], x[i]] and density heights [f[i], f[i+1]]; every
// layer (the base with its tail included) has area kV.
struct Ziggurat {
  static constexpr double kR = 3.442619855899;
  static constexpr double kV = 9.91256303526217e-3;
  double x[129];
  double f[129];
  Ziggurat() {
    x[0] = kV / std::exp(-0.5 * kR * kR);
    x[1] = kR;
    for (int i = 1; i < 127; ++i)
      x[i + 1] = std::sqrt(-2 * std::log(kV / x[i] + std::exp(-0.5 * x[i] * x[i])));
    x[128] = 0;
    for (int i = 0; i < 129; ++i) f[i] = std::exp(-0.5 * x[i] * x[i]);
  }
};

}  // namespace

Rng::Rng(std::uint64_t seed) {
  // SplitMix64 expands the seed so nearby seeds give unrelated streams.
  for (std::uint64_t& word : s_) {
    seed += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    word = z ^ (z >> 31);
  }
}

double Rng::Normal() {
  // Ziggurat (Marsaglia & Tsang 2000, 128 layers; layer index and abscissa from disjoint bits of
  // one 64-bit draw, as Doornik 2005 advises): ~99% of draws cost one random number and a
  // comparison, where the polar method needed a logarithm, a square root and a division per pair.
  // The Gamma variates of the Gibbs sampler (~50 per iteration) are built on it.
  static const Ziggurat z;
  while (true) {
    const std::uint64_t bits = Next();
    const int i = static_cast<int>(bits & 127u);
    const double u = static_cast<double>(bits >> 11) * 0x1.0p-52 - 1;  // [-1, 1)
    const double x = u * z.x[i];
    if (std::abs(x) < z.x[i + 1]) return x;
    if (i == 0) {  // the tail beyond r (Marsaglia 1964)
      double tail = 0, y = 0;
      do {
        tail = -std::log(Uniform()) / Ziggurat::kR;
        y = -std::log(Uniform());
      } while (y + y < tail * tail);
      return u > 0 ? Ziggurat::kR + tail : -(Ziggurat::kR + tail);
    }
    if (z.f[i] + Uniform() * (z.f[i + 1] - z.f[i]) < std::exp(-0.5 * x * x)) return x;
  }
}

double Rng::Gamma(double shape) {
  if (shape < 1) {  // boost: Gamma(a) = Gamma(a + 1) * U^(1/a)
    return Gamma(shape + 1) * std::pow(Uniform(), 1 / shape);
  }
  // Marsaglia & Tsang (2000).
  const double d = shape - 1.0 / 3;
  const double c = 1 / std::sqrt(9 * d);
  while (true) {
    double x = 0, v = 0;
    do {
      x = Normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = Uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

std::int64_t Rng::BinomialInversion(std::int64_t n, double p, double u) {
  // Sequential search of the CDF, used only when n p < 10. Each step multiplies by a reciprocal
  // from a table: a division there would sit on the loop's dependency chain.
  static const ReciprocalTable reciprocals;
  const double q = 1 - p;
  const double s = p / q;
  const double a = static_cast<double>(n + 1) * s;
  double r = std::exp(static_cast<double>(n) * std::log1p(-p));
  std::int64_t x = 0;
  while (u > r) {
    u -= r;
    ++x;
    if (x > n) return n;  // only reachable through rounding
    r *= (x < ReciprocalTable::kSize ? a * reciprocals.values[x] : a / static_cast<double>(x)) - s;
  }
  return x;
}

std::int64_t Rng::BinomialBtrs(std::int64_t n, double p) {
  // Hörmann (1993) transformed rejection with squeeze; valid for n p >= 10, p <= 0.5.
  const double nd = static_cast<double>(n);
  const double spq = std::sqrt(nd * p * (1 - p));
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = nd * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  // The exact test below needs three more logarithms; most draws are accepted by the squeeze
  // before it, so they are computed on first use.
  double lpq = 0, m = 0, h = 0;
  bool exact_ready = false;
  while (true) {
    const double u = Uniform() - 0.5;
    double v = Uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + c);
    if (k < 0 || k > nd) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<std::int64_t>(k);
    if (!exact_ready) {
      lpq = std::log(p / (1 - p));
      m = std::floor((nd + 1) * p);
      h = LogFactorial(m) + LogFactorial(nd - m);
      exact_ready = true;
    }
    v = std::log(v * alpha / (a / (us * us) + b));
    if (v <= h - LogFactorial(k) - LogFactorial(nd - k) + (k - m) * lpq) {
      return static_cast<std::int64_t>(k);
    }
  }
}

std::int64_t Rng::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean < 30) {  // inversion by multiplication of uniforms
    const double limit = std::exp(-mean);
    std::int64_t k = 0;
    double prod = Uniform();
    while (prod > limit) {
      ++k;
      prod *= Uniform();
    }
    return k;
  }
  // PTRS, Hörmann (1993), for large means.
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const double u = Uniform() - 0.5;
    const double v = Uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<std::int64_t>(k);
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - LogFactorial(k)) {
      return static_cast<std::int64_t>(k);
    }
  }
}

}  // namespace giai::estimate::internal

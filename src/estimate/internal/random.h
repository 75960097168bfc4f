// Private to estimate/: a small, fast, seedable generator (xoshiro256++, Blackman & Vigna) and
// the variates the samplers need. Not cryptographic (use crypto/random.h for secrets); chosen
// because Monte Carlo runs must be reproducible from a seed and the Gibbs hot loop must not
// allocate. One instance per thread; not thread safe.
#pragma once

#include <cmath>
#include <cstdint>

namespace giai::estimate::internal {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform on the open interval (0, 1).
  double Uniform() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }
  double Normal();
  double Gamma(double shape);  // scale 1
  double Beta(double a, double b) {
    // Beta(1, b) and Beta(a, 1) by inversion: one uniform instead of two gamma variates. The
    // Gibbs sampler hits them for every empty latent class.
    if (a == 1) return b == 1 ? Uniform() : -std::expm1(std::log(Uniform()) / b);
    if (b == 1) return std::exp(std::log(Uniform()) / a);
    const double x = Gamma(a);
    return x / (x + Gamma(b));
  }
  std::int64_t Binomial(std::int64_t n, double p) {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const bool flip = p > 0.5;
    const double pp = flip ? 1 - p : p;
    const double mean = static_cast<double>(n) * pp;
    std::int64_t x = 0;
    if (mean < 10) {
      // P(X = 0) = q^n >= 1 - n p: most draws for near-empty latent classes end here, inline.
      const double u = Uniform();
      x = u <= 1 - mean ? 0 : BinomialInversion(n, pp, u);
    } else {
      x = BinomialBtrs(n, pp);
    }
    return flip ? n - x : x;
  }
  std::int64_t Poisson(double mean);
  // Failures before `successes` successes, success probability p.
  std::int64_t NegativeBinomial(double successes, double p) {
    return Poisson(Gamma(successes) * (1 - p) / p);
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  // Inversion continuing from uniform `u` (> 1 - n p); expected cost O(n p).
  std::int64_t BinomialInversion(std::int64_t n, double p, double u);
  std::int64_t BinomialBtrs(std::int64_t n, double p);

  std::uint64_t s_[4];
};

}  // namespace giai::estimate::internal

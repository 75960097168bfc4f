#include "linkage/metrics.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace giai::linkage {
namespace {

std::string_view Clip(std::string_view s) {
  return s.substr(0, std::min(s.size(), kMaxMetricLength));
}

// Myers/Hyyro bit-vector edit distance; `pattern` must have 1..64 bytes.
int LevenshteinBitParallel(std::string_view pattern, std::string_view text) {
  std::array<std::uint64_t, 256> peq{};
  const std::size_t m = pattern.size();
  for (std::size_t i = 0; i < m; ++i) peq[static_cast<unsigned char>(pattern[i])] |= 1ULL << i;
  const std::uint64_t high = 1ULL << (m - 1);
  const std::uint64_t mask = m == 64 ? ~0ULL : (1ULL << m) - 1;
  std::uint64_t pv = mask;
  std::uint64_t mv = 0;
  int score = static_cast<int>(m);
  for (char ch : text) {
    const std::uint64_t eq = peq[static_cast<unsigned char>(ch)];
    const std::uint64_t xv = eq | mv;
    const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
    std::uint64_t ph = mv | ~(xh | pv);
    std::uint64_t mh = pv & xh;
    if (ph & high) ++score;
    if (mh & high) --score;
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = (mh | ~(xv | ph)) & mask;
    mv = ph & xv & mask;
  }
  return score;
}

int LevenshteinDp(std::string_view a, std::string_view b) {
  std::array<int, kMaxMetricLength + 1> row{};
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

namespace {

double JaroFromCounts(std::size_t matches, std::size_t transpositions, std::size_t la,
                      std::size_t lb) {
  if (matches == 0) return 0.0;
  const double m = static_cast<double>(matches);
  return (m / static_cast<double>(la) + m / static_cast<double>(lb) +
          (m - static_cast<double>(transpositions) / 2.0) / m) /
         3.0;
}

std::size_t CountTranspositions(std::string_view a, std::string_view b, std::uint64_t am,
                                std::uint64_t bm) {
  std::size_t transpositions = 0;
  while (am != 0) {
    const int i = std::countr_zero(am);
    const int j = std::countr_zero(bm);
    if (a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(j)]) ++transpositions;
    am &= am - 1;
    bm &= bm - 1;
  }
  return transpositions;
}

#if defined(__SSE2__)
// Jaro for |a| <= |b| <= 32 bytes: the positions of a[i] in b come from one SIMD byte compare
// against b held in two registers, so no table is filled or cleared per call.
double JaroSse2(std::string_view a, std::string_view b) {
  alignas(16) char buffer[32] = {};
  std::memcpy(buffer, b.data(), b.size());
  const __m128i low = _mm_load_si128(reinterpret_cast<const __m128i*>(buffer));
  const __m128i high = _mm_load_si128(reinterpret_cast<const __m128i*>(buffer + 16));
  const std::uint64_t valid = (1ULL << b.size()) - 1;
  const std::size_t window = std::max<std::size_t>(b.size() / 2, 1) - 1;
  std::uint64_t a_matched = 0;
  std::uint64_t b_matched = 0;
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const __m128i c = _mm_set1_epi8(a[i]);
    const auto eq = static_cast<std::uint64_t>(
        static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(low, c))) |
        (static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(high, c))) << 16));
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(b.size(), i + window + 1);
    const std::uint64_t range = ((1ULL << (hi - lo)) - 1) << lo;
    const std::uint64_t free = eq & valid & ~b_matched & range;
    if (free != 0) {
      b_matched |= free & (~free + 1);
      a_matched |= 1ULL << i;
      ++matches;
    }
  }
  return JaroFromCounts(matches, CountTranspositions(a, b, a_matched, b_matched), a.size(),
                        b.size());
}
#endif

// Jaro for strings of at most 64 bytes: match flags as bit masks, and for each byte of `a` the
// positions of that byte in `b` (a per-thread table kept zeroed between calls).
double JaroBitParallel(std::string_view a, std::string_view b) {
  thread_local std::array<std::uint64_t, 256> positions{};
  for (std::size_t j = 0; j < b.size(); ++j) {
    positions[static_cast<unsigned char>(b[j])] |= 1ULL << j;
  }
  const std::size_t window = std::max<std::size_t>(b.size() / 2, 1) - 1;
  std::uint64_t a_matched = 0;
  std::uint64_t b_matched = 0;
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(b.size(), i + window + 1);
    const std::uint64_t range = (hi - lo >= 64 ? ~0ULL : ((1ULL << (hi - lo)) - 1)) << lo;
    const std::uint64_t free = positions[static_cast<unsigned char>(a[i])] & ~b_matched & range;
    if (free != 0) {
      b_matched |= free & (~free + 1);  // lowest free position
      a_matched |= 1ULL << i;
      ++matches;
    }
  }
  for (char c : b) positions[static_cast<unsigned char>(c)] = 0;
  return JaroFromCounts(matches, CountTranspositions(a, b, a_matched, b_matched), a.size(),
                        b.size());
}

}  // namespace

double Jaro(std::string_view a, std::string_view b) {
  a = Clip(a);
  b = Clip(b);
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a.size() > b.size()) std::swap(a, b);
#if defined(__SSE2__)
  if (b.size() <= 32) return JaroSse2(a, b);
#endif
  if (b.size() <= 64) return JaroBitParallel(a, b);
  const std::size_t window = std::max<std::size_t>(b.size() / 2, 1) - 1;
  std::array<bool, kMaxMetricLength> a_matched{};
  std::array<bool, kMaxMetricLength> b_matched{};
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(b.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (!b_matched[j] && a[i] == b[j]) {
        a_matched[i] = b_matched[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[k]) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  const double m = static_cast<double>(matches);
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
          (m - static_cast<double>(transpositions) / 2.0) / m) /
         3.0;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  const double jaro = Jaro(a, b);
  std::size_t prefix = 0;
  const std::size_t limit = std::min({a.size(), b.size(), std::size_t{4}});
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

int Levenshtein(std::string_view a, std::string_view b) {
  a = Clip(a);
  b = Clip(b);
  if (a.size() > b.size()) std::swap(a, b);
  if (a.empty()) return static_cast<int>(b.size());
  if (a.size() <= 64) return LevenshteinBitParallel(a, b);
  return LevenshteinDp(a, b);
}

int DamerauOsa(std::string_view a, std::string_view b) {
  a = Clip(a);
  b = Clip(b);
  if (a.empty()) return static_cast<int>(b.size());
  if (b.empty()) return static_cast<int>(a.size());
  // Three rolling rows: two back is needed for the transposition case.
  std::array<int, kMaxMetricLength + 1> rows[3];
  int* prev2 = rows[0].data();
  int* prev = rows[1].data();
  int* cur = rows[2].data();
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, prev2[j - 2] + 1);
      }
      cur[j] = best;
    }
    int* recycled = prev2;
    prev2 = prev;
    prev = cur;
    cur = recycled;
  }
  return prev[b.size()];
}

double LevenshteinSimilarity(std::string_view a, std::string_view b) {
  const std::size_t longest = std::min(std::max(a.size(), b.size()), kMaxMetricLength);
  if (longest == 0) return 1.0;
  return 1.0 - static_cast<double>(Levenshtein(a, b)) / static_cast<double>(longest);
}

namespace {

// Calls fn(token) for each space-separated token without allocating.
template <typename Fn>
void ForEachToken(std::string_view s, Fn&& fn) {
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) fn(s.substr(start, end - start));
    start = end + 1;
  }
}

std::size_t CountTokens(std::string_view s) {
  std::size_t n = 0;
  ForEachToken(s, [&](std::string_view) { ++n; });
  return n;
}

}  // namespace

double TokenSetSimilarity(std::string_view a, std::string_view b) {
  std::size_t na = CountTokens(a);
  std::size_t nb = CountTokens(b);
  if (na == 0 && nb == 0) return 1.0;
  if (na == 0 || nb == 0) return 0.0;
  if (na > nb) {
    std::swap(a, b);
    std::swap(na, nb);
  }
  double total = 0.0;
  ForEachToken(a, [&](std::string_view ta) {
    double best = 0.0;
    ForEachToken(b, [&](std::string_view tb) { best = std::max(best, JaroWinkler(ta, tb)); });
    total += best;
  });
  return total / static_cast<double>(na);
}

namespace {

// w/v and y are glides that romanisations write as vowels ("Mahmoud"/"Mahmud", "Walid"/
// Cyrillic "Valid", "Husayn"/"Hussein"), so they are dropped like vowels.
bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'w' ||
         c == 'v';
}

void AppendSkeleton(std::string_view token, std::string& out) {
  std::string folded;
  folded.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    const char next = i + 1 < token.size() ? token[i + 1] : '\0';
    if (c == 'd' && next == 'z') {  // Cyrillic "dzh"/"dz" for Arabic "j"
      folded.push_back('j');
      i += (i + 2 < token.size() && token[i + 2] == 'h') ? 2 : 1;
      continue;
    }
    if (next == 'h' && (c == 'k' || c == 'g' || c == 'c' || c == 's' || c == 'p' || c == 't' ||
                        c == 'd' || c == 'z')) {
      // Digraphs of transliteration: kh -> h, gh -> j, sh/ch -> s, ph -> f, th -> s (Levantine
      // "Osman"/"Othman"), dh -> d, zh -> j.
      static constexpr std::string_view kFrom = "kgcsptdz";
      static constexpr std::string_view kTo = "hjssfsdj";
      folded.push_back(kTo[kFrom.find(c)]);
      ++i;
      continue;
    }
    switch (c) {
      case 'q': folded.push_back('k'); break;
      case 'c': folded.push_back('k'); break;
      case 'g': folded.push_back('j'); break;  // Egyptian "Gamal" for "Jamal"
      case 'z': folded.push_back('s'); break;
      case 'x': folded.push_back('h'); break;  // Cyrillic "х" is transliterated "x" by some
      default: folded.push_back(c);
    }
  }
  // A final "h" is silent in romanisations ("Fatimah", "Abdullah", "Saleh"/"Salih").
  if (folded.size() > 2 && folded.back() == 'h') folded.pop_back();
  char last = '\0';
  const std::size_t before = out.size();
  for (const char c : folded) {
    if (IsVowel(c)) {
      last = c;
      continue;
    }
    if (c == last) continue;
    out.push_back(c);
    last = c;
  }
  if (out.size() == before && !folded.empty()) out.push_back(folded[0]);
}

}  // namespace

CharHistogram MakeCharHistogram(std::string_view s) {
  CharHistogram h{};
  for (char ch : Clip(s)) {
    const auto c = static_cast<unsigned char>(ch);
    const std::size_t slot = (c >= 'a' && c <= 'z') ? c - 'a' : 26 + c % 6;
    if (h[slot] < 255) ++h[slot];
  }
  return h;
}

namespace {

// Characters two histograms have in common (bucket by bucket minimum): a bound on Jaro's matches.
unsigned CommonSlots(const CharHistogram& ha, const CharHistogram& hb) {
  unsigned common = 0;
#if defined(__SSE2__)
  for (std::size_t half = 0; half < 32; half += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(ha.data() + half));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hb.data() + half));
    const __m128i sums = _mm_sad_epu8(_mm_min_epu8(x, y), _mm_setzero_si128());
    common += static_cast<unsigned>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
  }
#else
  for (std::size_t i = 0; i < 32; ++i) common += std::min(ha[i], hb[i]);
#endif
  return common;
}

}  // namespace

double JaroWinklerUpperBound(std::string_view a, const CharHistogram& ha, std::string_view b,
                             const CharHistogram& hb) {
  a = Clip(a);
  b = Clip(b);
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1.0 : 0.0;
  const double m = std::min<double>(CommonSlots(ha, hb), std::min(a.size(), b.size()));
  if (m == 0) return 0.0;
  const double jaro =
      (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + 1.0) / 3.0;
  std::size_t prefix = 0;
  const std::size_t limit = std::min({a.size(), b.size(), std::size_t{4}});
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return std::min(1.0, jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro));
}

JaroWinklerFilter::JaroWinklerFilter(double threshold) {
  for (std::size_t p = 0; p < need_.size(); ++p) {
    const double scale = 0.1 * static_cast<double>(p);
    const double jaro = (threshold - scale) / (1.0 - scale);
    // Slightly lower than exact: only pairs clearly below the bound's threshold are rejected.
    need_[p] = 3.0 * jaro - 1.0 - 1e-9;
  }
}

bool JaroWinklerFilter::Rejects(std::string_view a, const CharHistogram& ha, std::string_view b,
                                const CharHistogram& hb) const {
  a = Clip(a);
  b = Clip(b);
  if (a.empty() || b.empty()) return false;  // the callers rule out missing values first
  const std::size_t shortest = std::min(a.size(), b.size());
  std::size_t prefix = 0;
  const std::size_t limit = std::min(shortest, std::size_t{4});
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  const double la = static_cast<double>(a.size()), lb = static_cast<double>(b.size());
  const double need = need_[prefix] * la * lb;
  // Lengths alone (at most `shortest` matches) often settle it without the histograms.
  if (static_cast<double>(shortest) * (la + lb) < need) return true;
  const double m = std::min<double>(CommonSlots(ha, hb), static_cast<double>(shortest));
  return m * (la + lb) < need;
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("popcnt", "default")))
#endif
double
DiceCoefficient(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  int common = 0;
  int total = 0;
  for (std::size_t w = 0; w < words; ++w) {
    common += std::popcount(a[w] & b[w]);
    total += std::popcount(a[w]) + std::popcount(b[w]);
  }
  return total == 0 ? 0.0 : 2.0 * common / total;
}

std::string PhoneticKey(std::string_view name) {
  std::string out;
  ForEachToken(name, [&](std::string_view token) {
    if (!out.empty()) out.push_back(' ');
    AppendSkeleton(token, out);
  });
  return out;
}

}  // namespace giai::linkage

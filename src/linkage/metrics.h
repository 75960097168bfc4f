// String similarity metrics for comparing normalised field values (bytes, usually ASCII after
// Normalizer). All functions are pure, thread safe and allocation-free: they work on stack
// buffers, so the comparison loop over millions of pairs never touches the heap. Inputs longer
// than kMaxMetricLength bytes are compared on their first kMaxMetricLength bytes (names and
// codes are far shorter; the cap is what keeps the buffers on the stack).
//
// Example:
//   JaroWinkler("martha", "marhta") == 0.9611...;  Levenshtein("kitten", "sitting") == 3
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace giai::linkage {

inline constexpr std::size_t kMaxMetricLength = 128;

// Jaro similarity in [0, 1]; two empty strings are 1.
double Jaro(std::string_view a, std::string_view b);
// Jaro–Winkler with prefix scale 0.1 over at most 4 characters (Winkler 1990).
double JaroWinkler(std::string_view a, std::string_view b);
// Edit distance. Bit-parallel (Myers 1999 / Hyyro 2003) when the shorter string has <= 64 bytes.
int Levenshtein(std::string_view a, std::string_view b);
// Optimal-string-alignment Damerau distance: adjacent transpositions cost 1.
int DamerauOsa(std::string_view a, std::string_view b);
// 1 - distance / max length, in [0, 1].
double LevenshteinSimilarity(std::string_view a, std::string_view b);
// Space-separated tokens: mean over the tokens of the shorter list of the best Jaro–Winkler
// against the other list (Monge–Elkan), so "ali hassan" ~ "hassan ali mahmoud".
double TokenSetSimilarity(std::string_view a, std::string_view b);

// Character histogram of a string for a cheap upper bound on Jaro–Winkler: bytes fold into 32
// slots (a-z own slots, everything else shares six), counts saturate at 255.
using CharHistogram = std::array<std::uint8_t, 32>;
CharHistogram MakeCharHistogram(std::string_view s);
// An upper bound on JaroWinkler(a, b) from the histograms (matches <= sum of per-slot minima,
// no transpositions) and the exact common prefix; a few instructions instead of the full metric.
double JaroWinklerUpperBound(std::string_view a, const CharHistogram& ha, std::string_view b,
                             const CharHistogram& hb);
// The same bound as a yes/no test against one threshold, without a division: the hot loop only
// needs to know whether a pair can reach its weakest level. Made once per threshold.
class JaroWinklerFilter {
 public:
  explicit JaroWinklerFilter(double threshold);
  // True if JaroWinklerUpperBound(a, ha, b, hb) < threshold, false when unsure: a pair it
  // rejects is one the bound rejects (a sliver more conservative, so rounding never rejects a
  // pair the bound keeps).
  bool Rejects(std::string_view a, const CharHistogram& ha, std::string_view b,
               const CharHistogram& hb) const;

 private:
  // With common prefix p, bound >= t  <=>  m (|a| + |b|) >= need_[p] |a| |b|, where
  // need_[p] = 3 J_p - 1 and J_p = (t - 0.1 p) / (1 - 0.1 p) is the Jaro bound required.
  std::array<double, 5> need_{};
};

// Dice coefficient 2|a&b| / (|a|+|b|) of two bit vectors of `words` 64-bit words (Bloom-filter
// encodings); 0 when both are empty. Uses the POPCNT instruction when the CPU has it.
double DiceCoefficient(const std::uint64_t* a, const std::uint64_t* b, std::size_t words);

// Phonetic key of a normalised name: per token, a consonant skeleton (vowels, glides w/v/y, a
// final h and doubled letters dropped; kh/gh/ch/sh/ph/th/dz/q/c/g/x/z folded) so that
// transliterations
// of one Arabic or Cyrillic name ("muhammad", "mohamed", "mukhammad", "mhmd") share a key.
std::string PhoneticKey(std::string_view name);

}  // namespace giai::linkage

#include "linkage/lsh.h"

#include "linkage/blocking.h"

namespace giai::linkage {
namespace {

std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

std::vector<std::vector<std::uint64_t>> LshKeys(
    const std::vector<const std::vector<std::uint64_t>*>& filters,
    const std::vector<std::size_t>& words, std::size_t records, std::size_t bands, std::size_t bits,
    std::uint64_t seed) {
  std::size_t total_bits = 0;
  for (std::size_t w : words) total_bits += w * 64;
  std::vector<std::vector<std::uint64_t>> keys(bands, std::vector<std::uint64_t>(records, 0));
  if (total_bits == 0) return keys;
  // Position p of the concatenation: field index and bit within that field's filter.
  struct Position {
    std::size_t field;
    std::size_t bit;
  };
  std::uint64_t state = seed;
  for (std::size_t band = 0; band < bands; ++band) {
    std::vector<Position> sample;
    for (std::size_t i = 0; i < bits; ++i) {
      std::size_t p = SplitMix(state) % total_bits;
      std::size_t f = 0;
      while (p >= words[f] * 64) p -= words[f++] * 64;
      sample.push_back({f, p});
    }
    for (std::size_t r = 0; r < records; ++r) {
      bool any = false;
      std::uint64_t packed = 0;
      for (std::size_t i = 0; i < sample.size(); ++i) {
        const Position& pos = sample[i];
        const std::uint64_t word = (*filters[pos.field])[r * words[pos.field] + pos.bit / 64];
        packed |= ((word >> (pos.bit % 64)) & 1ULL) << (i % 64);
      }
      for (std::size_t f = 0; f < filters.size() && !any; ++f) {
        for (std::size_t w = 0; w < words[f] && !any; ++w)
          any = (*filters[f])[r * words[f] + w] != 0;
      }
      if (!any) continue;
      std::uint64_t mix = packed ^ (0x9E3779B97F4A7C15ULL * (band + 1));
      keys[band][r] = SplitMix(mix) | 1;  // never 0
    }
  }
  return keys;
}

std::vector<std::uint64_t> FieldFilters(const Table& table, std::size_t field,
                                        BloomEncoder& encoder) {
  const std::size_t words = encoder.words();
  std::vector<std::uint64_t> out(table.size() * words, 0);
  const FieldSpec& spec = table.fields[field];
  for (std::uint32_t r = 0; r < table.size(); ++r) {
    for (const std::string& token : BloomTokens(spec.type, table.columns[field].text.Get(r))) {
      encoder.AddToken(spec.name, token, &out[r * words]);
    }
  }
  return out;
}

}  // namespace giai::linkage

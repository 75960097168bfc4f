// RadixSortBy: a stable LSD radix sort of a vector by a 64-bit key, for the engine's large sorts
// of hashed keys and packed pairs (std::sort was 7% of a FEBRL run). Byte positions where every
// key agrees are skipped, so pairs of small record numbers cost only a few passes. Stable: for
// elements built in index order, sorting by key alone gives the order std::sort gives to
// (key, index) pairs.
//
// Example:
//   RadixSortBy(pairs, [](std::uint64_t p) { return p; });
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace giai::linkage {

template <class T, class KeyFn>
void RadixSortBy(std::vector<T>& values, KeyFn key) {
  if (values.size() < 2) return;
  std::array<std::array<std::size_t, 256>, 8> counts{};
  for (const T& v : values) {
    const std::uint64_t k = key(v);
    for (std::size_t d = 0; d < 8; ++d) ++counts[d][(k >> (8 * d)) & 0xff];
  }
  std::vector<T> buffer(values.size());
  for (std::size_t d = 0; d < 8; ++d) {
    auto& count = counts[d];
    // Every key has the same byte here: this pass would not move anything.
    bool trivial = false;
    for (std::size_t c = 0; c < 256; ++c) {
      if (count[c] == values.size()) trivial = true;
      if (count[c] != 0) break;
    }
    if (trivial) continue;
    std::size_t offset = 0;
    for (std::size_t c = 0; c < 256; ++c) {
      const std::size_t n = count[c];
      count[c] = offset;
      offset += n;
    }
    for (const T& v : values) buffer[count[(key(v) >> (8 * d)) & 0xff]++] = v;
    values.swap(buffer);
  }
}

}  // namespace giai::linkage

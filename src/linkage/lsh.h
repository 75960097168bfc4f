// Hamming locality-sensitive hashing of Bloom-filter encodings, for blocking on encodings.
//
// Each band samples `bits` bit positions (fixed by `seed`) of the concatenated per-field filters
// of a record and hashes them into a key; two records whose filters have Dice similarity s agree
// on a band with probability ~ (agreement of one bit)^bits, so similar encodings share some band
// key with high probability while unrelated ones rarely do. Works on privacy-mode encodings (no
// clear value needed) and, in clear mode, on filters made with a public key (FieldFilters).
//
// Thread safety: pure functions.
//
// Example:
//   auto keys = LshKeys({&given.bloom, &surname.bloom}, {8, 8}, table.size(), 10, 30, seed);
//   // keys[band][record], 0 = no key (all filters empty)
#pragma once

#include <cstdint>
#include <vector>

#include "linkage/privacy.h"
#include "linkage/record.h"

namespace giai::linkage {

std::vector<std::vector<std::uint64_t>> LshKeys(
    const std::vector<const std::vector<std::uint64_t>*>& filters,
    const std::vector<std::size_t>& words, std::size_t records, std::size_t bands, std::size_t bits,
    std::uint64_t seed);

// Bloom filters of one field of a clear table (the table is not modified).
std::vector<std::uint64_t> FieldFilters(const Table& table, std::size_t field,
                                        BloomEncoder& encoder);

}  // namespace giai::linkage

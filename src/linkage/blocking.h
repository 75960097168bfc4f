// Blocking: which pairs of records are compared at all.
//
// Several rules are combined by union; each pair appears once. A key rule puts records whose key
// (concatenated transformed field values, e.g. phonetic(surname) + year(date_of_birth)) is equal
// into one block and pairs them within it; a record with an empty key part is not blocked by that
// rule. An LSH rule pairs records whose Bloom-filter encodings agree on sampled bits (works on
// encodings, see lsh.h). A sorted-neighbourhood rule sorts records by its key and pairs each with
// the next `window - 1` ones, which catches typos in the first letters that key rules miss. Keys
// are reduced to 64-bit hashes by a KeyHasher: FNV-1a in clear mode, a keyed HMAC in privacy mode
// (where sorted-neighbourhood rules are not available, since sorting needs the clear value). Blocks
// larger than `max_block_size` are skipped (their pairs are reported as dropped): a key shared by
// thousands of records carries no information and would swamp the comparison.
//
// Pairs are encoded as (smaller index << 32 | larger index), sorted ascending.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "linkage/record.h"

namespace giai::linkage {

enum class KeyTransform { kValue, kPrefix, kPhonetic, kYear, kFirstToken, kLastToken };
Result<KeyTransform> ParseKeyTransform(std::string_view name);

struct KeyPart {
  std::string field;
  KeyTransform transform = KeyTransform::kValue;
  std::size_t length = 0;  // prefix length
};

struct BlockingRule {
  std::vector<KeyPart> parts;
  std::size_t window = 0;  // > 0: sorted neighbourhood with this window
  // > 0: Hamming LSH on the parts' Bloom filters (lsh.h): `lsh_bands` keys of `lsh_bits`
  // sampled bits each; records sharing any band key are paired. Keys are computed by the
  // pipeline (HashBlockingKeys leaves them empty).
  std::size_t lsh_bands = 0;
  std::size_t lsh_bits = 0;
};

struct BlockingOptions {
  bool cross_source_only = false;  // linking lists: only pairs from different sources
  std::size_t max_block_size = 2000;
};

using KeyHasher = std::function<std::uint64_t(std::string_view key)>;
std::uint64_t Fnv1a64(std::string_view key);

// The key string of a record under a rule ("" when a part is missing).
std::string BlockingKey(const Table& table, const BlockingRule& rule, std::uint32_t record);
// Fnv1a64(BlockingKey(...)) of every record, `missing` where the key is empty; computed on
// `threads` threads (0 = all cores).
std::vector<std::uint64_t> BlockingKeyHashes(const Table& table, const BlockingRule& rule,
                                             std::uint64_t missing, unsigned threads);

// Per rule, the hashed key of every record (0 = no key). Checks field names. `hasher` is called
// from several threads.
Result<std::vector<std::vector<std::uint64_t>>> HashBlockingKeys(
    const Table& table, const std::vector<BlockingRule>& rules, const KeyHasher& hasher);

struct CandidateSet {
  std::vector<std::uint64_t> pairs;
  std::size_t dropped_blocks = 0;
};

// Union of the rules' pairs. `hashed_keys` comes from HashBlockingKeys (same rule order);
// sorted-neighbourhood rules read the table's clear values.
// Rules are processed as parallel tasks on `threads` threads (0 = all cores).
Result<CandidateSet> GenerateCandidates(const Table& table, const std::vector<BlockingRule>& rules,
                                        const std::vector<std::vector<std::uint64_t>>& hashed_keys,
                                        const BlockingOptions& options, unsigned threads = 1);

inline std::uint32_t PairFirst(std::uint64_t pair) {
  return static_cast<std::uint32_t>(pair >> 32);
}
inline std::uint32_t PairSecond(std::uint64_t pair) { return static_cast<std::uint32_t>(pair); }
inline std::uint64_t MakePair(std::uint32_t a, std::uint32_t b) {
  return a < b ? (std::uint64_t{a} << 32) | b : (std::uint64_t{b} << 32) | a;
}

}  // namespace giai::linkage

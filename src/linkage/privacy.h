// Privacy-preserving record linkage: Bloom-filter encodings of a Table under a consortium secret.
//
// Each organisation encodes its own records with the shared secret and only exchanges the
// encodings. Per field, the normalised value is split into tokens (padded bigrams of names and
// text; year/month/day tokens of dates; one token per level of a place hierarchy) and each token
// sets `hashes` bit positions drawn from HMAC-SHA-256(secret, field || token) ("random
// hashing": positions are independent, unlike double hashing whose arithmetic structure the
// Kroll–Steinmetzer pattern attack exploits; the field name salts each field differently).
// The filters are compared by Dice coefficient (popcount). Exact-agreement levels, blocking keys
// and phonetic keys become 64-bit keyed hashes. After EncodeForPrivacy, the table holds no clear
// value: `text`/`phonetic` hold hex keyed hashes, date ranges and ages are erased.
// Known attacks and mitigations: docs/LINKAGE.md, "Privacy-preserving mode".
//
// Thread safety: a BloomEncoder is used by one thread (it caches token positions).
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(BloomEncoder enc, BloomEncoder::Create(secret, config.privacy));
//   KeyHasher keyed = enc.BlockingHasher();
//   ... HashBlockingKeys(table, rules, keyed) ...
//   GIAI_RETURN_IF_ERROR(EncodeForPrivacy(table, enc));
//   std::vector<ComparisonSpec> specs = PrivacyComparisons(config.comparisons, config.privacy);
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "linkage/blocking.h"
#include "linkage/compare.h"
#include "linkage/config.h"
#include "linkage/metrics.h"
#include "linkage/record.h"

namespace giai::linkage {

class BloomEncoder {
 public:
  // The secret must have at least 16 bytes (read it from a key file, never from a config).
  static Result<BloomEncoder> Create(std::string secret, const PrivacyConfig& config);

  std::uint64_t KeyedHash64(std::string_view domain, std::string_view value) const;
  KeyHasher BlockingHasher() const;
  // Sets the token's bit positions in `words` (bloom_bits / 64 words).
  void AddToken(std::string_view field, std::string_view token, std::uint64_t* words);
  std::size_t words() const { return config_.bloom_bits / 64; }
  const PrivacyConfig& config() const { return config_; }

 private:
  BloomEncoder(std::string secret, const PrivacyConfig& config)
      : secret_(std::move(secret)), config_(config) {}
  std::string secret_;
  PrivacyConfig config_;
  std::unordered_map<std::string, std::vector<std::uint16_t>> positions_;
};

// Tokens of one normalised value that go into its Bloom filter, by field type.
std::vector<std::string> BloomTokens(FieldType type, std::string_view text);

// Replaces every field of the table by its encodings (see the header comment).
Status EncodeForPrivacy(Table& table, BloomEncoder& encoder);

// The comparisons to run on encodings: exact and phonetic stay (on keyed hashes), every other
// method becomes Dice with the spec's privacy_thresholds (or the configured defaults).
std::vector<ComparisonSpec> PrivacyComparisons(const std::vector<ComparisonSpec>& specs,
                                               const PrivacyConfig& config);

}  // namespace giai::linkage

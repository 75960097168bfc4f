#include "linkage/privacy.h"

#include <cstring>

#include "crypto/hmac.h"

namespace giai::linkage {
namespace {

std::string Hex64(std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kDigits[v & 0xF];
    v >>= 4;
  }
  return out;
}

std::uint64_t First64(const crypto::Digest256& d) {
  std::uint64_t v = 0;
  std::memcpy(&v, d.data(), sizeof v);
  return v;
}

}  // namespace

std::vector<std::string> BloomTokens(FieldType type, std::string_view text) {
  std::vector<std::string> tokens;
  if (text.empty()) return tokens;
  switch (type) {
    case FieldType::kDate: {
      if (text.size() >= 4) tokens.push_back("y" + std::string(text.substr(0, 4)));
      if (text.size() >= 6) {
        tokens.push_back("m" + std::string(text.substr(4, 2)));
        tokens.push_back("ym" + std::string(text.substr(0, 6)));
      }
      if (text.size() >= 8) {
        tokens.push_back("d" + std::string(text.substr(6, 2)));
        tokens.push_back("md" + std::string(text.substr(4, 4)));
      }
      return tokens;
    }
    case FieldType::kPlace: {
      for (std::size_t cut = text.find('>');; cut = text.find('>', cut + 1)) {
        tokens.emplace_back(text.substr(0, cut));
        if (cut == std::string_view::npos) break;
      }
      return tokens;
    }
    case FieldType::kAge:
    case FieldType::kSex: tokens.emplace_back(text); return tokens;
    default: {
      const std::string padded = "_" + std::string(text) + "_";
      for (std::size_t i = 0; i + 1 < padded.size(); ++i) tokens.push_back(padded.substr(i, 2));
      return tokens;
    }
  }
}

Result<BloomEncoder> BloomEncoder::Create(std::string secret, const PrivacyConfig& config) {
  if (secret.size() < 16)
    return InvalidInput("privacy key must have at least 16 bytes", "privacy-key");
  if (config.bloom_bits == 0 || config.bloom_bits % 128 != 0 || config.bloom_bits > 65536) {
    return InvalidInput("bloom_bits must be a positive multiple of 128", "privacy");
  }
  return BloomEncoder(std::move(secret), config);
}

std::uint64_t BloomEncoder::KeyedHash64(std::string_view domain, std::string_view value) const {
  std::string message(domain);
  message.push_back('\x1f');
  message.append(value);
  return First64(crypto::HmacSha256(secret_, message));
}

KeyHasher BloomEncoder::BlockingHasher() const {
  return [this](std::string_view key) { return KeyedHash64("block", key); };
}

void BloomEncoder::AddToken(std::string_view field, std::string_view token, std::uint64_t* words) {
  std::string id(field);
  id.push_back('\x1f');
  id.append(token);
  auto it = positions_.find(id);
  if (it == positions_.end()) {
    std::vector<std::uint16_t> positions;
    // Each HMAC block yields 16 independent 16-bit positions; chain blocks for more hashes.
    for (std::uint32_t block = 0; positions.size() < config_.hashes; ++block) {
      const crypto::Digest256 d =
          crypto::HmacSha256(secret_, "bf" + std::to_string(block) + "\x1f" + id);
      for (std::size_t i = 0; i + 1 < d.size() && positions.size() < config_.hashes; i += 2) {
        const std::uint32_t v = (std::uint32_t{d[i]} << 8) | d[i + 1];
        positions.push_back(static_cast<std::uint16_t>(v % config_.bloom_bits));
      }
    }
    it = positions_.emplace(std::move(id), std::move(positions)).first;
  }
  for (std::uint16_t p : it->second) words[p / 64] |= 1ULL << (p % 64);
}

Status EncodeForPrivacy(Table& table, BloomEncoder& encoder) {
  const std::size_t full_words = encoder.words();
  const std::size_t words = encoder.config().xor_fold ? full_words / 2 : full_words;
  for (std::size_t f = 0; f < table.fields.size(); ++f) {
    const FieldSpec& spec = table.fields[f];
    Column& col = table.columns[f];
    std::vector<std::uint64_t> bloom(table.size() * words, 0);
    std::vector<std::uint64_t> scratch(full_words);
    StringPool hashed;
    StringPool hashed_phonetic;
    for (std::uint32_t r = 0; r < table.size(); ++r) {
      const std::string_view text = col.text.Get(r);
      std::fill(scratch.begin(), scratch.end(), 0);
      for (const std::string& token : BloomTokens(spec.type, text)) {
        encoder.AddToken(spec.name, token, scratch.data());
      }
      std::uint64_t* out = &bloom[r * words];
      for (std::size_t w = 0; w < words; ++w) {
        // XOR folding: each stored bit mixes two positions, so an attacker can no longer read a
        // token's bit pattern off the filter.
        out[w] = encoder.config().xor_fold ? scratch[w] ^ scratch[w + words] : scratch[w];
      }
      hashed.Add(text.empty() ? std::string() : Hex64(encoder.KeyedHash64(spec.name, text)));
      if (col.phonetic.size() > 0) {
        const std::string_view key = col.phonetic.Get(r);
        hashed_phonetic.Add(key.empty() ? std::string()
                                        : Hex64(encoder.KeyedHash64(spec.name + "~ph", key)));
      }
    }
    col.text = std::move(hashed);
    col.phonetic = std::move(hashed_phonetic);
    col.bloom = std::move(bloom);
    col.bloom_words = words;
    col.earliest.clear();
    col.latest.clear();
    col.number.clear();
  }
  return Status::Ok();
}

std::vector<ComparisonSpec> PrivacyComparisons(const std::vector<ComparisonSpec>& specs,
                                               const PrivacyConfig& config) {
  std::vector<ComparisonSpec> out;
  for (ComparisonSpec spec : specs) {
    // "name" keeps its phonetic level only in clear text; on encodings it becomes Dice.
    if (spec.method != Method::kExact && spec.method != Method::kPhonetic) {
      spec.method = Method::kDice;
      spec.thresholds =
          spec.privacy_thresholds.empty() ? config.default_thresholds : spec.privacy_thresholds;
      spec.date_typo_level = false;
    }
    out.push_back(std::move(spec));
  }
  return out;
}

}  // namespace giai::linkage

#include "linkage/blocking.h"

#include <algorithm>

#include "core/edtf.h"
#include "linkage/parallel.h"
#include "linkage/radix_sort.h"

namespace giai::linkage {

Result<KeyTransform> ParseKeyTransform(std::string_view name) {
  if (name == "value" || name.empty()) return KeyTransform::kValue;
  if (name == "prefix") return KeyTransform::kPrefix;
  if (name == "phonetic") return KeyTransform::kPhonetic;
  if (name == "year") return KeyTransform::kYear;
  if (name == "first_token") return KeyTransform::kFirstToken;
  if (name == "last_token") return KeyTransform::kLastToken;
  return InvalidInput("unknown blocking transform '" + std::string(name) + "'", "blocking");
}

std::uint64_t Fnv1a64(std::string_view key) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h == 0 ? 1 : h;  // 0 means "no key"
}

namespace {

std::string KeyPartValue(const Table& table, int field, const KeyPart& part, std::uint32_t r) {
  const Column& col = table.columns[static_cast<std::size_t>(field)];
  const std::string_view text = col.text.Get(r);
  switch (part.transform) {
    case KeyTransform::kValue: return std::string(text);
    case KeyTransform::kPrefix: return std::string(text.substr(0, part.length));
    case KeyTransform::kPhonetic:
      if (!col.phonetic.size()) return std::string(text);
      return std::string(col.phonetic.Get(r));
    case KeyTransform::kFirstToken: return std::string(text.substr(0, text.find(' ')));
    case KeyTransform::kLastToken: {
      const std::size_t cut = text.rfind(' ');
      return std::string(cut == std::string_view::npos ? text : text.substr(cut + 1));
    }
    case KeyTransform::kYear: {
      if (!col.earliest.empty() && col.earliest[r] != kNoDay) {
        // Only a range inside one year gives a year key; "199X" gives none.
        const std::string first = DayToIso(col.earliest[r]).substr(0, 4);
        const std::string last = DayToIso(col.latest[r]).substr(0, 4);
        return first == last ? first : std::string();
      }
      return std::string(text.substr(0, std::min<std::size_t>(text.size(), 4)));
    }
  }
  return {};
}

}  // namespace

namespace {

// Appends the key of `record` to `key` (cleared first); false when a part is missing.
bool BuildKey(const Table& table, const BlockingRule& rule, const std::vector<int>& fields,
              std::uint32_t record, std::string& key) {
  key.clear();
  for (std::size_t p = 0; p < rule.parts.size(); ++p) {
    if (fields[p] < 0) return false;
    const std::string value = KeyPartValue(table, fields[p], rule.parts[p], record);
    if (value.empty()) return false;
    key += value;
    key.push_back('\x1f');
  }
  return true;
}

std::vector<int> RuleFields(const Table& table, const BlockingRule& rule) {
  std::vector<int> fields;
  for (const KeyPart& part : rule.parts) fields.push_back(table.FieldIndex(part.field));
  return fields;
}

}  // namespace

std::string BlockingKey(const Table& table, const BlockingRule& rule, std::uint32_t record) {
  std::string key;
  if (!BuildKey(table, rule, RuleFields(table, rule), record, key)) return {};
  return key;
}

Result<std::vector<std::vector<std::uint64_t>>> HashBlockingKeys(
    const Table& table, const std::vector<BlockingRule>& rules, const KeyHasher& hasher) {
  if (rules.empty()) return InvalidInput("no blocking rules configured", "blocking");
  std::vector<std::vector<std::uint64_t>> out;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (rules[r].parts.empty()) return InvalidInput("blocking rule without keys", "blocking");
    for (const KeyPart& part : rules[r].parts) {
      if (table.FieldIndex(part.field) < 0) {
        return InvalidInput("blocking rule names unknown field '" + part.field + "'", "blocking");
      }
    }
    std::vector<std::uint64_t> keys(table.size(), 0);
    if (rules[r].window == 0 && rules[r].lsh_bands == 0) {
      const std::string prefix = std::to_string(r) + ":";
      const std::vector<int> fields = RuleFields(table, rules[r]);
      ParallelFor(table.size(), 0, [&](std::size_t begin, std::size_t end) {
        std::string key = prefix;
        std::string part;
        for (std::size_t i = begin; i < end; ++i) {
          if (!BuildKey(table, rules[r], fields, static_cast<std::uint32_t>(i), part)) continue;
          key.resize(prefix.size());
          key += part;
          keys[i] = hasher(key) | 1;  // never 0
        }
      });
    }
    out.push_back(std::move(keys));
  }
  return out;
}

namespace {

void EmitBlock(const Table& table, const std::vector<std::uint32_t>& members,
               const BlockingOptions& options, std::vector<std::uint64_t>& pairs) {
  for (std::size_t x = 0; x < members.size(); ++x) {
    for (std::size_t y = x + 1; y < members.size(); ++y) {
      if (options.cross_source_only && table.source[members[x]] == table.source[members[y]])
        continue;
      pairs.push_back(MakePair(members[x], members[y]));
    }
  }
}

}  // namespace

Result<CandidateSet> GenerateCandidates(const Table& table, const std::vector<BlockingRule>& rules,
                                        const std::vector<std::vector<std::uint64_t>>& hashed_keys,
                                        const BlockingOptions& options) {
  if (hashed_keys.size() != rules.size()) return Internal("blocking keys do not match rules");
  CandidateSet out;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const BlockingRule& rule = rules[r];
    if (rule.window > 0 && rule.lsh_bands == 0) {
      std::vector<std::pair<std::string, std::uint32_t>> sorted;
      const std::vector<int> fields = RuleFields(table, rule);
      std::string key;
      for (std::uint32_t i = 0; i < table.size(); ++i) {
        if (BuildKey(table, rule, fields, i, key)) sorted.emplace_back(key, i);
      }
      if (sorted.empty() && table.size() > 0 && table.columns[0].bloom_words > 0) {
        return InvalidInput("sorted-neighbourhood blocking needs clear values", "blocking");
      }
      std::sort(sorted.begin(), sorted.end());
      for (std::size_t p = 0; p < sorted.size(); ++p) {
        for (std::size_t q = p + 1; q < sorted.size() && q < p + rule.window; ++q) {
          const std::uint32_t a = sorted[p].second;
          const std::uint32_t b = sorted[q].second;
          if (options.cross_source_only && table.source[a] == table.source[b]) continue;
          out.pairs.push_back(MakePair(a, b));
        }
      }
      continue;
    }
    const std::vector<std::uint64_t>& keys = hashed_keys[r];
    std::vector<std::pair<std::uint64_t, std::uint32_t>> sorted;
    sorted.reserve(keys.size());
    for (std::uint32_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != 0) sorted.emplace_back(keys[i], i);
    }
    RadixSortBy(sorted, [](const auto& keyed) { return keyed.first; });  // stable: index order
    std::vector<std::uint32_t> members;
    for (std::size_t p = 0; p < sorted.size();) {
      std::size_t q = p;
      members.clear();
      while (q < sorted.size() && sorted[q].first == sorted[p].first)
        members.push_back(sorted[q++].second);
      if (members.size() > options.max_block_size) {
        ++out.dropped_blocks;
      } else {
        EmitBlock(table, members, options, out.pairs);
      }
      p = q;
    }
  }
  RadixSortBy(out.pairs, [](std::uint64_t pair) { return pair; });
  out.pairs.erase(std::unique(out.pairs.begin(), out.pairs.end()), out.pairs.end());
  return out;
}

}  // namespace giai::linkage

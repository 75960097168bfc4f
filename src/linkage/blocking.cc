#include "linkage/blocking.h"

#include <algorithm>
#include <iterator>

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

// Appends the part's value to `key`; false when it is empty (the record has no key).
bool AppendKeyPart(const Table& table, int field, const KeyPart& part, std::uint32_t r,
                   std::string& key) {
  const Column& col = table.columns[static_cast<std::size_t>(field)];
  const std::string_view text = col.text.Get(r);
  std::string_view value;
  switch (part.transform) {
    case KeyTransform::kValue: value = text; break;
    case KeyTransform::kPrefix: value = text.substr(0, part.length); break;
    case KeyTransform::kPhonetic: value = col.phonetic.size() ? col.phonetic.Get(r) : text; break;
    case KeyTransform::kFirstToken: value = text.substr(0, text.find(' ')); break;
    case KeyTransform::kLastToken: {
      const std::size_t cut = text.rfind(' ');
      value = cut == std::string_view::npos ? text : text.substr(cut + 1);
      break;
    }
    case KeyTransform::kYear: {
      if (!col.earliest.empty() && col.earliest[r] != kNoDay) {
        // Only a range inside one year gives a year key; "199X" gives none.
        const std::string first = DayToIso(col.earliest[r]).substr(0, 4);
        const std::string last = DayToIso(col.latest[r]).substr(0, 4);
        if (first != last) return false;
        key += first;
        return true;
      }
      value = text.substr(0, std::min<std::size_t>(text.size(), 4));
      break;
    }
  }
  if (value.empty()) return false;
  key += value;
  return true;
}

}  // namespace

namespace {

// Appends the key of `record` to `key` (cleared first); false when a part is missing.
bool BuildKey(const Table& table, const BlockingRule& rule, const std::vector<int>& fields,
              std::uint32_t record, std::string& key) {
  key.clear();
  for (std::size_t p = 0; p < rule.parts.size(); ++p) {
    if (fields[p] < 0) return false;
    if (!AppendKeyPart(table, fields[p], rule.parts[p], record, key)) return false;
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

std::vector<std::uint64_t> BlockingKeyHashes(const Table& table, const BlockingRule& rule,
                                             std::uint64_t missing, unsigned threads) {
  std::vector<std::uint64_t> out(table.size(), missing);
  const std::vector<int> fields = RuleFields(table, rule);
  ParallelFor(table.size(), threads, [&](std::size_t begin, std::size_t end) {
    std::string key;
    for (std::size_t i = begin; i < end; ++i) {
      if (BuildKey(table, rule, fields, static_cast<std::uint32_t>(i), key)) out[i] = Fnv1a64(key);
    }
  });
  return out;
}

Result<std::vector<std::vector<std::uint64_t>>> HashBlockingKeys(
    const Table& table, const std::vector<BlockingRule>& rules, const KeyHasher& hasher) {
  if (rules.empty()) return InvalidInput("no blocking rules configured", "blocking");
  std::vector<std::vector<std::uint64_t>> out(rules.size());
  std::vector<std::size_t> key_rules;  // rules whose keys are computed here
  std::vector<std::vector<int>> fields(rules.size());
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (rules[r].parts.empty()) return InvalidInput("blocking rule without keys", "blocking");
    for (const KeyPart& part : rules[r].parts) {
      if (table.FieldIndex(part.field) < 0) {
        return InvalidInput("blocking rule names unknown field '" + part.field + "'", "blocking");
      }
    }
    out[r].assign(table.size(), 0);
    if (rules[r].window == 0 && rules[r].lsh_bands == 0) {
      key_rules.push_back(r);
      fields[r] = RuleFields(table, rules[r]);
    }
  }
  // One pass over the records for all rules (one set of threads, not one per rule).
  ParallelFor(table.size(), 0, [&](std::size_t begin, std::size_t end) {
    std::string key;
    std::string part;
    for (std::size_t r : key_rules) {
      const std::string prefix = std::to_string(r) + ":";
      for (std::size_t i = begin; i < end; ++i) {
        if (!BuildKey(table, rules[r], fields[r], static_cast<std::uint32_t>(i), part)) continue;
        key.assign(prefix);
        key += part;
        out[r][i] = hasher(key) | 1;  // never 0
      }
    }
  });
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
                                        const BlockingOptions& options, unsigned threads) {
  if (hashed_keys.size() != rules.size()) return Internal("blocking keys do not match rules");
  // Each rule's pairs are made, sorted and deduplicated in a task of its own; the sorted lists
  // are then merged.
  std::vector<std::vector<std::uint64_t>> per_rule(rules.size());
  std::vector<std::size_t> dropped(rules.size(), 0);
  std::vector<Status> statuses(rules.size());
  ParallelTasks(rules.size(), threads, [&](std::size_t r) {
    const BlockingRule& rule = rules[r];
    std::vector<std::uint64_t>& pairs = per_rule[r];
    if (rule.window > 0 && rule.lsh_bands == 0) {
      std::vector<std::pair<std::string, std::uint32_t>> sorted;
      const std::vector<int> fields = RuleFields(table, rule);
      std::string key;
      for (std::uint32_t i = 0; i < table.size(); ++i) {
        if (BuildKey(table, rule, fields, i, key)) sorted.emplace_back(key, i);
      }
      if (sorted.empty() && table.size() > 0 && table.columns[0].bloom_words > 0) {
        statuses[r] = InvalidInput("sorted-neighbourhood blocking needs clear values", "blocking");
        return;
      }
      std::sort(sorted.begin(), sorted.end());
      for (std::size_t p = 0; p < sorted.size(); ++p) {
        for (std::size_t q = p + 1; q < sorted.size() && q < p + rule.window; ++q) {
          const std::uint32_t a = sorted[p].second;
          const std::uint32_t b = sorted[q].second;
          if (options.cross_source_only && table.source[a] == table.source[b]) continue;
          pairs.push_back(MakePair(a, b));
        }
      }
    } else {
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
          ++dropped[r];
        } else {
          EmitBlock(table, members, options, pairs);
        }
        p = q;
      }
    }
    RadixSortBy(pairs, [](std::uint64_t pair) { return pair; });
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  });
  for (const Status& s : statuses) GIAI_RETURN_IF_ERROR(s);
  CandidateSet out;
  for (std::size_t d : dropped) out.dropped_blocks += d;
  // Union of sorted, duplicate-free lists, two at a time.
  while (per_rule.size() > 1) {
    std::vector<std::vector<std::uint64_t>> merged((per_rule.size() + 1) / 2);
    ParallelTasks(merged.size(), threads, [&](std::size_t m) {
      if (2 * m + 1 == per_rule.size()) {
        merged[m] = std::move(per_rule[2 * m]);
        return;
      }
      const auto& x = per_rule[2 * m];
      const auto& y = per_rule[2 * m + 1];
      merged[m].reserve(x.size() + y.size());
      std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(merged[m]));
    });
    per_rule = std::move(merged);
  }
  if (!per_rule.empty()) out.pairs = std::move(per_rule[0]);
  return out;
}

}  // namespace giai::linkage

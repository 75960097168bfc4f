// Records to link: a typed schema and a column-oriented table of normalised values.
//
// A FieldSpec says which CSV column feeds a field and how to read it (names, EDTF dates or
// ages, sex, places "country>province>town", free codes). A Table holds, per field, the
// normalised text of every record in one contiguous arena (so comparisons read memory
// sequentially and never allocate), plus derived values: phonetic keys of names, day ranges of
// dates, integer ages. Records of several sources (lists) live in one table; `source` says which
// list each came from. An empty normalised value means "missing".
//
// Ownership: a Table owns all its strings; string_views returned by it live as long as the table.
// Thread safety: read-only use from many threads is safe once built.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(Table t, BuildTable(schema, {&csv_a, &csv_b}));
//   std::string_view surname = t.columns[1].text.Get(42);
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "linkage/csv.h"

namespace giai::linkage {

enum class FieldType { kName, kText, kDate, kAge, kSex, kPlace, kCode };

Result<FieldType> ParseFieldType(std::string_view name);

struct FieldSpec {
  std::string name;
  std::string column;  // CSV column; defaults to name
  FieldType type = FieldType::kText;
  // Dates: "edtf" (default) or "yyyymmdd" (digits as in FEBRL). Unparseable dates are missing.
  std::string date_format = "edtf";
  // Dates: a CSV column with an age in years at `reference_date` (EDTF), used when the date is
  // missing; the age becomes a one-year range of birth dates.
  std::string age_column;
  std::string reference_date;
  bool sort_tokens = false;    // names: order-insensitive
  bool drop_particles = true;  // names: drop al-, bin, van, ...
};

// Strings of one column, back to back in one arena.
class StringPool {
 public:
  void Add(std::string_view value);
  std::string_view Get(std::size_t i) const {
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  std::size_t size() const { return offsets_.size() - 1; }
  std::size_t bytes() const;  // of all strings together
  // Appends all of `other`'s strings after this pool's.
  void Append(const StringPool& other);
  void Reserve(std::size_t values, std::size_t bytes);
  void Clear();

 private:
  std::string arena_;
  std::vector<std::uint32_t> offsets_{0};
};

inline constexpr std::int64_t kNoDay = std::numeric_limits<std::int64_t>::min();

struct Column {
  StringPool text;      // normalised value ("" = missing); dates: digits YYYYMMDD when exact
  StringPool phonetic;  // names: PhoneticKey(text)
  std::vector<std::int64_t> earliest;  // dates: day range; kNoDay when missing/open
  std::vector<std::int64_t> latest;
  std::vector<std::int32_t> number;  // ages: years, -1 when missing
  // Privacy mode only: Bloom-filter encodings, `bloom_words` 64-bit words per record (all zero
  // = missing). After encoding, `text` and `phonetic` hold keyed hashes, never clear values.
  std::vector<std::uint64_t> bloom;
  std::size_t bloom_words = 0;
};

struct Table {
  std::vector<FieldSpec> fields;
  std::vector<Column> columns;           // parallel to fields
  std::vector<std::string> ids;          // record ids as given (or "<source>:<row>")
  std::vector<std::string> truth;        // ground-truth entity ids, empty when not given
  std::vector<std::uint16_t> source;     // index of the input list
  std::vector<std::uint32_t> input_row;  // position in the concatenated inputs (before Permute)
  std::size_t size() const { return ids.size(); }
  int FieldIndex(std::string_view name) const;
};

struct BuildOptions {
  std::string id_column;     // empty: ids are "<source>:<row>"
  std::string truth_column;  // empty: no ground truth
  const std::unordered_map<std::string, std::string>* nicknames = nullptr;
  unsigned threads = 0;  // 0: hardware concurrency
};

// Reorders the records: record i of the result is record order[i] of the input (`order` is a
// permutation). Used to put records that block together next to each other in memory.
// Columns are permuted on `threads` threads (0 = all cores).
void PermuteTable(Table& table, const std::vector<std::uint32_t>& order, unsigned threads = 1);

// Normalises the listed CSV tables (one per source) into one Table. Fails on a missing column
// or invalid UTF-8 in a text field (with the field name and row).
Result<Table> BuildTable(const std::vector<FieldSpec>& fields,
                         const std::vector<const CsvTable*>& sources, const BuildOptions& options);

}  // namespace giai::linkage

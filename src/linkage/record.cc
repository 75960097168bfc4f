#include "linkage/record.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/edtf.h"
#include "linkage/metrics.h"
#include "linkage/normalize.h"
#include "linkage/parallel.h"

namespace giai::linkage {

Result<FieldType> ParseFieldType(std::string_view name) {
  if (name == "name") return FieldType::kName;
  if (name == "text") return FieldType::kText;
  if (name == "date") return FieldType::kDate;
  if (name == "age") return FieldType::kAge;
  if (name == "sex") return FieldType::kSex;
  if (name == "place") return FieldType::kPlace;
  if (name == "code") return FieldType::kCode;
  return InvalidInput("unknown field type '" + std::string(name) + "'", "type");
}

void StringPool::Add(std::string_view value) {
  arena_.append(value);
  offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
}

void StringPool::Append(const StringPool& other) {
  const auto base = static_cast<std::uint32_t>(arena_.size());
  arena_.append(other.arena_);
  offsets_.reserve(offsets_.size() + other.size());
  for (std::size_t i = 1; i < other.offsets_.size(); ++i)
    offsets_.push_back(base + other.offsets_[i]);
}

void StringPool::Reserve(std::size_t values, std::size_t bytes) {
  offsets_.reserve(offsets_.size() + values);
  arena_.reserve(arena_.size() + bytes);
}

void StringPool::Clear() {
  arena_.clear();
  arena_.shrink_to_fit();
  offsets_.assign(1, 0);
}

int Table::FieldIndex(std::string_view name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

constexpr double kDaysPerYear = 365.2425;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void AppendDigits(std::string_view text, std::string& digits) {
  for (char c : text) {
    if (IsDigit(c)) digits.push_back(c);
  }
}

bool IsLeapYear(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// A FEBRL date of exactly eight digits that is a real calendar day: its day number without
// building the EDTF text (the common case; anything else takes ParseEdtf's path).
bool CalendarDay(std::string_view digits, std::int64_t& day) {
  auto number = [&](std::size_t from, std::size_t count) {
    int v = 0;
    for (std::size_t i = from; i < from + count; ++i) v = v * 10 + (digits[i] - '0');
    return v;
  };
  const int year = number(0, 4);
  const int month = number(4, 2);
  const int dom = number(6, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || dom < 1) return false;
  if (dom > (month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1])) return false;
  day = DayFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(dom));
  return true;
}

// Fills text (digits), earliest and latest of one date cell; `text` is cleared first.
void ParseDateCell(const FieldSpec& spec, std::string_view raw, std::string& text,
                   std::int64_t& earliest, std::int64_t& latest) {
  text.clear();
  const std::size_t first = raw.find_first_not_of(" \t");
  if (first == std::string_view::npos) return;
  const std::string_view trimmed = raw.substr(first, raw.find_last_not_of(" \t") + 1 - first);
  AppendDigits(trimmed, text);
  std::string edtf_text;
  if (spec.date_format == "yyyymmdd") {
    // Typos in the digits make some dates impossible; the digits still serve the typo level.
    if (text.size() != 8) return;
    std::int64_t day = 0;
    if (CalendarDay(text, day)) {
      earliest = latest = day;
      return;
    }
    edtf_text = text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2);
  } else {
    edtf_text = std::string(trimmed);
  }
  Result<Edtf> parsed = ParseEdtf(edtf_text);
  if (!parsed.ok() || !parsed->earliest || !parsed->latest) return;
  if (DayToIso(*parsed->earliest) != edtf_text && spec.date_format == "yyyymmdd") return;
  earliest = *parsed->earliest;
  latest = *parsed->latest;
}

bool ParseAge(std::string_view raw, std::int32_t& age) {
  int digits = 0;
  std::int32_t value = 0;
  for (char c : raw) {
    if (IsDigit(c)) {
      if (++digits > 3) return false;
      value = value * 10 + (c - '0');
    } else if (c != ' ') {
      return false;
    }
  }
  if (digits == 0) return false;
  age = value;
  return true;
}

void CanonicalSex(std::string& text) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"m", "m"}, {"male", "m"},   {"man", "m"},   {"boy", "m"},  {"h", "m"},     {"homme", "m"},
      {"f", "f"}, {"female", "f"}, {"woman", "f"}, {"girl", "f"}, {"femme", "f"}, {"w", "f"}};
  for (const auto& [word, code] : kWords) {
    if (text == word) {
      text = code;
      return;
    }
  }
}

// How one source's CSV columns feed the fields.
struct SourceLayout {
  std::vector<int> columns;      // CSV column per field
  std::vector<int> age_columns;  // CSV column of the age fallback, -1 if none
  std::vector<std::int64_t> reference_days;
  int id_column = -1;
  int truth_column = -1;
};

// Buffers one thread reuses for every cell it normalises.
struct Scratch {
  std::string text;
  std::string part;
};

// Normalises one CSV row and appends its values to `columns` (one per field).
Status NormaliseRow(Normalizer& normalizer, const std::vector<FieldSpec>& fields,
                    const SourceLayout& layout, const BuildOptions& options,
                    const std::vector<std::string>& row, std::size_t row_number,
                    std::vector<Column>& columns, Scratch& scratch) {
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const FieldSpec& spec = fields[f];
    const std::string& raw = row[static_cast<std::size_t>(layout.columns[f])];
    Column& col = columns[f];
    std::string& text = scratch.text;
    auto bad = [&](const Status& s) {
      return InvalidInput(s.message() + " (row " + std::to_string(row_number) + ")", spec.name);
    };
    switch (spec.type) {
      case FieldType::kName: {
        NameOptions name_options{spec.drop_particles, spec.sort_tokens, options.nicknames};
        Status status = normalizer.NameInto(raw, name_options, text);
        if (!status.ok()) return bad(status);
        col.text.Add(text);
        col.phonetic.Add(PhoneticKey(text));
        break;
      }
      case FieldType::kText:
      case FieldType::kSex:
      case FieldType::kCode: {
        Status status = normalizer.TextInto(raw, text);
        if (!status.ok()) return bad(status);
        if (spec.type == FieldType::kSex) CanonicalSex(text);
        if (spec.type == FieldType::kCode) std::erase(text, ' ');
        col.text.Add(text);
        break;
      }
      case FieldType::kPlace: {
        // Each level of "country>province>town" is normalised on its own.
        text.clear();
        std::size_t start = 0;
        while (start <= raw.size()) {
          std::size_t end = raw.find('>', start);
          if (end == std::string::npos) end = raw.size();
          Status status =
              normalizer.TextInto(std::string_view(raw).substr(start, end - start), scratch.part);
          if (!status.ok()) return bad(status);
          if (!scratch.part.empty()) {
            if (!text.empty()) text.push_back('>');
            text += scratch.part;
          }
          start = end + 1;
        }
        col.text.Add(text);
        break;
      }
      case FieldType::kDate: {
        if (!IsValidUtf8(raw)) return bad(InvalidInput("date is not valid UTF-8"));
        std::int64_t earliest = kNoDay;
        std::int64_t latest = kNoDay;
        ParseDateCell(spec, raw, text, earliest, latest);
        std::int32_t age = -1;
        if (earliest == kNoDay && layout.age_columns[f] >= 0 &&
            ParseAge(row[static_cast<std::size_t>(layout.age_columns[f])], age)) {
          const auto ref = static_cast<double>(layout.reference_days[f]);
          earliest = static_cast<std::int64_t>(std::floor(ref - (age + 1) * kDaysPerYear)) + 1;
          latest = static_cast<std::int64_t>(std::floor(ref - age * kDaysPerYear));
        } else {
          age = -1;
        }
        col.text.Add(text);
        col.earliest.push_back(earliest);
        col.latest.push_back(latest);
        col.number.push_back(age);
        break;
      }
      case FieldType::kAge: {
        std::int32_t age = -1;
        if (ParseAge(raw, age)) {
          col.text.Add(std::to_string(age));
        } else {
          age = -1;
          col.text.Add("");
        }
        col.number.push_back(age);
        break;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

namespace {

StringPool PermutePool(const StringPool& pool, const std::vector<std::uint32_t>& order,
                       std::size_t bytes) {
  StringPool out;
  if (pool.size() == 0) return out;
  out.Reserve(order.size(), bytes);
  for (std::uint32_t i : order) out.Add(pool.Get(i));
  return out;
}

template <typename T>
std::vector<T> PermuteVector(std::vector<T>& values, const std::vector<std::uint32_t>& order,
                             std::size_t stride = 1) {
  if (values.empty()) return {};
  std::vector<T> out;
  out.reserve(values.size());
  for (std::uint32_t i : order) {
    // Moved, not copied: the input is replaced by the result (ids and truth are strings).
    out.insert(
        out.end(),
        std::make_move_iterator(values.begin() + static_cast<std::ptrdiff_t>(i * stride)),
        std::make_move_iterator(values.begin() + static_cast<std::ptrdiff_t>((i + 1) * stride)));
  }
  return out;
}

}  // namespace

std::size_t StringPool::bytes() const { return arena_.size(); }

void PermuteTable(Table& table, const std::vector<std::uint32_t>& order, unsigned threads) {
  // One task per column, and one for the per-record vectors.
  ParallelTasks(table.columns.size() + 1, threads, [&](std::size_t task) {
    if (task == table.columns.size()) {
      table.ids = PermuteVector(table.ids, order);
      table.truth = PermuteVector(table.truth, order);
      table.source = PermuteVector(table.source, order);
      table.input_row = PermuteVector(table.input_row, order);
      return;
    }
    Column& col = table.columns[task];
    col.text = PermutePool(col.text, order, col.text.bytes());
    col.phonetic = PermutePool(col.phonetic, order, col.phonetic.bytes());
    col.earliest = PermuteVector(col.earliest, order);
    col.latest = PermuteVector(col.latest, order);
    col.number = PermuteVector(col.number, order);
    col.bloom = PermuteVector(col.bloom, order, std::max<std::size_t>(col.bloom_words, 1));
  });
}

Result<Table> BuildTable(const std::vector<FieldSpec>& fields,
                         const std::vector<const CsvTable*>& sources, const BuildOptions& options) {
  if (fields.empty()) return InvalidInput("no fields configured", "fields");
  if (sources.empty() || sources.size() > 65535) return InvalidInput("1 to 65535 inputs", "input");
  const bool has_truth = !options.truth_column.empty();
  std::vector<SourceLayout> layouts(sources.size());
  std::vector<std::size_t> first_row(sources.size() + 1, 0);  // of each source in the table
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const CsvTable& csv = *sources[s];
    SourceLayout& layout = layouts[s];
    for (const FieldSpec& spec : fields) {
      const std::string& column = spec.column.empty() ? spec.name : spec.column;
      const int index = csv.ColumnIndex(column);
      if (index < 0) return InvalidInput("input has no column '" + column + "'", spec.name);
      layout.columns.push_back(index);
      int age_index = -1;
      std::int64_t reference = 0;
      if (!spec.age_column.empty()) {
        age_index = csv.ColumnIndex(spec.age_column);
        if (age_index < 0)
          return InvalidInput("input has no column '" + spec.age_column + "'", spec.name);
        Result<Edtf> ref = ParseEdtf(spec.reference_date);
        if (!ref.ok() || !ref->earliest) {
          return InvalidInput("reference_date must be an EDTF date", spec.name);
        }
        reference = *ref->earliest;
      }
      layout.age_columns.push_back(age_index);
      layout.reference_days.push_back(reference);
    }
    layout.id_column = options.id_column.empty() ? -1 : csv.ColumnIndex(options.id_column);
    if (!options.id_column.empty() && layout.id_column < 0) {
      return InvalidInput("input has no id column '" + options.id_column + "'", "id_column");
    }
    layout.truth_column = has_truth ? csv.ColumnIndex(options.truth_column) : -1;
    if (has_truth && layout.truth_column < 0) {
      return InvalidInput("input has no truth column '" + options.truth_column + "'", "truth");
    }
    first_row[s + 1] = first_row[s] + csv.rows.size();
  }
  const std::size_t n = first_row.back();
  if (n > std::numeric_limits<std::uint32_t>::max()) {
    return InvalidInput("too many records", "input");
  }

  Table table;
  table.fields = fields;
  table.ids.resize(n);
  table.truth.resize(n);
  table.source.resize(n);
  table.input_row.resize(n);
  // Contiguous chunks of the records of all sources, one per thread; each thread normalises its
  // chunk into its own columns, which are then appended in order (a copy of the arenas, not a
  // pass over the values).
  unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads =
      static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n / 256)));
  const std::size_t chunk = (n + threads - 1) / std::max(1u, threads);
  std::vector<std::vector<Column>> parts(threads, std::vector<Column>(fields.size()));
  std::vector<Status> statuses(threads);
  auto work = [&](unsigned t) {
    const std::size_t begin = std::min(n, t * chunk);
    const std::size_t end = std::min(n, begin + chunk);
    Result<std::unique_ptr<Normalizer>> normalizer = Normalizer::Create();
    if (!normalizer.ok()) {
      statuses[t] = normalizer.status();
      return;
    }
    std::vector<Column>& columns = parts[t];
    for (Column& col : columns) col.text.Reserve(end - begin, 16 * (end - begin));
    Scratch scratch;
    std::size_t s = 0;
    for (std::size_t i = begin; i < end; ++i) {
      while (i >= first_row[s + 1]) ++s;
      const CsvTable& csv = *sources[s];
      const SourceLayout& layout = layouts[s];
      const std::size_t r = i - first_row[s];
      const std::vector<std::string>& row = csv.rows[r];
      Status status =
          NormaliseRow(**normalizer, fields, layout, options, row, r + 2, columns, scratch);
      if (!status.ok()) {
        statuses[t] = status;
        return;
      }
      table.ids[i] = layout.id_column >= 0 ? row[static_cast<std::size_t>(layout.id_column)]
                                           : std::to_string(s) + ":" + std::to_string(r + 2);
      if (layout.truth_column >= 0)
        table.truth[i] = row[static_cast<std::size_t>(layout.truth_column)];
      table.source[i] = static_cast<std::uint16_t>(s);
      table.input_row[i] = static_cast<std::uint32_t>(i);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& thread : pool) thread.join();
  for (const Status& s : statuses) GIAI_RETURN_IF_ERROR(s);  // the earliest row's error

  table.columns = std::move(parts[0]);
  for (unsigned t = 1; t < threads; ++t) {
    for (std::size_t f = 0; f < fields.size(); ++f) {
      Column& col = table.columns[f];
      const Column& more = parts[t][f];
      col.text.Append(more.text);
      col.phonetic.Append(more.phonetic);
      col.earliest.insert(col.earliest.end(), more.earliest.begin(), more.earliest.end());
      col.latest.insert(col.latest.end(), more.latest.begin(), more.latest.end());
      col.number.insert(col.number.end(), more.number.begin(), more.number.end());
    }
  }
  return table;
}

}  // namespace giai::linkage

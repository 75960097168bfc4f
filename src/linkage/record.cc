#include "linkage/record.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/edtf.h"
#include "linkage/metrics.h"
#include "linkage/normalize.h"

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

// One normalised cell, before it is packed into the table's pools.
struct Cell {
  std::string text;
  std::string phonetic;
  std::int64_t earliest = kNoDay;
  std::int64_t latest = kNoDay;
  std::int32_t number = -1;
};

constexpr double kDaysPerYear = 365.2425;

std::string DigitsOf(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

void ParseDateCell(const FieldSpec& spec, std::string_view raw, Cell& cell) {
  std::string trimmed(raw);
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
  if (trimmed.empty()) return;
  std::string edtf_text = trimmed;
  if (spec.date_format == "yyyymmdd") {
    // Typos in the digits make some dates impossible; the digits still serve the typo level.
    cell.text = DigitsOf(trimmed);
    if (cell.text.size() != 8) return;
    edtf_text =
        cell.text.substr(0, 4) + "-" + cell.text.substr(4, 2) + "-" + cell.text.substr(6, 2);
  } else {
    cell.text = DigitsOf(trimmed);
  }
  Result<Edtf> parsed = ParseEdtf(edtf_text);
  if (!parsed.ok() || !parsed->earliest || !parsed->latest) return;
  if (DayToIso(*parsed->earliest) != edtf_text && spec.date_format == "yyyymmdd") return;
  cell.earliest = *parsed->earliest;
  cell.latest = *parsed->latest;
}

bool ParseAge(std::string_view raw, std::int32_t& age) {
  std::string digits;
  for (char c : raw) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ') {
      return false;
    }
  }
  if (digits.empty() || digits.size() > 3) return false;
  age = std::stoi(digits);
  return true;
}

std::string CanonicalSex(const std::string& text) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"m", "m"}, {"male", "m"},   {"man", "m"},   {"boy", "m"},  {"h", "m"},     {"homme", "m"},
      {"f", "f"}, {"female", "f"}, {"woman", "f"}, {"girl", "f"}, {"femme", "f"}, {"w", "f"}};
  for (const auto& [word, code] : kWords) {
    if (text == word) return std::string(code);
  }
  return text;
}

struct Worker {
  const std::vector<FieldSpec>* fields;
  std::vector<int> columns;      // CSV column per field
  std::vector<int> age_columns;  // CSV column of the age fallback, -1 if none
  std::vector<std::int64_t> reference_days;
  const BuildOptions* options;
};

Status NormaliseRow(Normalizer& normalizer, const Worker& w, const std::vector<std::string>& row,
                    std::size_t row_number, std::vector<Cell>& cells) {
  const auto& fields = *w.fields;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const FieldSpec& spec = fields[f];
    const std::string& raw = row[static_cast<std::size_t>(w.columns[f])];
    Cell& cell = cells[f];
    auto bad = [&](const Status& s) {
      return InvalidInput(s.message() + " (row " + std::to_string(row_number) + ")", spec.name);
    };
    switch (spec.type) {
      case FieldType::kName: {
        NameOptions name_options{spec.drop_particles, spec.sort_tokens, w.options->nicknames};
        Result<std::string> name = normalizer.Name(raw, name_options);
        if (!name.ok()) return bad(name.status());
        cell.text = std::move(name).value();
        cell.phonetic = PhoneticKey(cell.text);
        break;
      }
      case FieldType::kText:
      case FieldType::kSex:
      case FieldType::kCode: {
        Result<std::string> text = normalizer.Text(raw);
        if (!text.ok()) return bad(text.status());
        cell.text = std::move(text).value();
        if (spec.type == FieldType::kSex) cell.text = CanonicalSex(cell.text);
        if (spec.type == FieldType::kCode) std::erase(cell.text, ' ');
        break;
      }
      case FieldType::kPlace: {
        // Each level of "country>province>town" is normalised on its own.
        std::size_t start = 0;
        while (start <= raw.size()) {
          std::size_t end = raw.find('>', start);
          if (end == std::string::npos) end = raw.size();
          Result<std::string> part =
              normalizer.Text(std::string_view(raw).substr(start, end - start));
          if (!part.ok()) return bad(part.status());
          if (!part->empty()) {
            if (!cell.text.empty()) cell.text.push_back('>');
            cell.text += *part;
          }
          start = end + 1;
        }
        break;
      }
      case FieldType::kDate: {
        if (!IsValidUtf8(raw)) return bad(InvalidInput("date is not valid UTF-8"));
        ParseDateCell(spec, raw, cell);
        std::int32_t age = -1;
        if (cell.earliest == kNoDay && w.age_columns[f] >= 0 &&
            ParseAge(row[static_cast<std::size_t>(w.age_columns[f])], age)) {
          const auto ref = static_cast<double>(w.reference_days[f]);
          cell.earliest = static_cast<std::int64_t>(std::floor(ref - (age + 1) * kDaysPerYear)) + 1;
          cell.latest = static_cast<std::int64_t>(std::floor(ref - age * kDaysPerYear));
          cell.number = age;
        }
        break;
      }
      case FieldType::kAge: {
        std::int32_t age = -1;
        if (ParseAge(raw, age)) {
          cell.number = age;
          cell.text = std::to_string(age);
        }
        break;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

namespace {

StringPool PermutePool(const StringPool& pool, const std::vector<std::uint32_t>& order) {
  StringPool out;
  if (pool.size() == 0) return out;
  for (std::uint32_t i : order) out.Add(pool.Get(i));
  return out;
}

template <typename T>
std::vector<T> PermuteVector(const std::vector<T>& values, const std::vector<std::uint32_t>& order,
                             std::size_t stride = 1) {
  if (values.empty()) return {};
  std::vector<T> out;
  out.reserve(values.size());
  for (std::uint32_t i : order) {
    out.insert(out.end(), values.begin() + static_cast<std::ptrdiff_t>(i * stride),
               values.begin() + static_cast<std::ptrdiff_t>((i + 1) * stride));
  }
  return out;
}

}  // namespace

void PermuteTable(Table& table, const std::vector<std::uint32_t>& order) {
  for (Column& col : table.columns) {
    col.text = PermutePool(col.text, order);
    col.phonetic = PermutePool(col.phonetic, order);
    col.earliest = PermuteVector(col.earliest, order);
    col.latest = PermuteVector(col.latest, order);
    col.number = PermuteVector(col.number, order);
    col.bloom = PermuteVector(col.bloom, order, std::max<std::size_t>(col.bloom_words, 1));
  }
  table.ids = PermuteVector(table.ids, order);
  table.truth = PermuteVector(table.truth, order);
  table.source = PermuteVector(table.source, order);
  table.input_row = PermuteVector(table.input_row, order);
}

Result<Table> BuildTable(const std::vector<FieldSpec>& fields,
                         const std::vector<const CsvTable*>& sources, const BuildOptions& options) {
  if (fields.empty()) return InvalidInput("no fields configured", "fields");
  if (sources.empty() || sources.size() > 65535) return InvalidInput("1 to 65535 inputs", "input");
  Table table;
  table.fields = fields;
  table.columns.resize(fields.size());
  const bool has_truth = !options.truth_column.empty();
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const CsvTable& csv = *sources[s];
    Worker w{&fields, {}, {}, {}, &options};
    for (const FieldSpec& spec : fields) {
      const std::string& column = spec.column.empty() ? spec.name : spec.column;
      const int index = csv.ColumnIndex(column);
      if (index < 0) return InvalidInput("input has no column '" + column + "'", spec.name);
      w.columns.push_back(index);
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
      w.age_columns.push_back(age_index);
      w.reference_days.push_back(reference);
    }
    const int id_index = options.id_column.empty() ? -1 : csv.ColumnIndex(options.id_column);
    if (!options.id_column.empty() && id_index < 0) {
      return InvalidInput("input has no id column '" + options.id_column + "'", "id_column");
    }
    const int truth_index = has_truth ? csv.ColumnIndex(options.truth_column) : -1;
    if (has_truth && truth_index < 0) {
      return InvalidInput("input has no truth column '" + options.truth_column + "'", "truth");
    }

    const std::size_t n = csv.rows.size();
    std::vector<std::vector<Cell>> cells(n, std::vector<Cell>(fields.size()));
    unsigned threads =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads =
        static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n / 256)));
    std::vector<Status> statuses(threads);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        Result<std::unique_ptr<Normalizer>> normalizer = Normalizer::Create();
        if (!normalizer.ok()) {
          statuses[t] = normalizer.status();
          return;
        }
        for (std::size_t r = t; r < n; r += threads) {
          Status s = NormaliseRow(**normalizer, w, csv.rows[r], r + 2, cells[r]);
          if (!s.ok()) {
            statuses[t] = s;
            return;
          }
        }
      });
    }
    for (std::thread& thread : pool) thread.join();
    for (const Status& s : statuses) GIAI_RETURN_IF_ERROR(s);

    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t f = 0; f < fields.size(); ++f) {
        Column& col = table.columns[f];
        Cell& cell = cells[r][f];
        col.text.Add(cell.text);
        if (fields[f].type == FieldType::kName) col.phonetic.Add(cell.phonetic);
        if (fields[f].type == FieldType::kDate) {
          col.earliest.push_back(cell.earliest);
          col.latest.push_back(cell.latest);
        }
        if (fields[f].type == FieldType::kAge || fields[f].type == FieldType::kDate) {
          col.number.push_back(cell.number);
        }
      }
      std::vector<Cell>().swap(cells[r]);
      table.ids.push_back(id_index >= 0 ? csv.rows[r][static_cast<std::size_t>(id_index)]
                                        : std::to_string(s) + ":" + std::to_string(r + 2));
      table.truth.push_back(truth_index >= 0 ? csv.rows[r][static_cast<std::size_t>(truth_index)]
                                             : std::string());
      table.source.push_back(static_cast<std::uint16_t>(s));
      table.input_row.push_back(static_cast<std::uint32_t>(table.input_row.size()));
    }
  }
  if (table.size() > std::numeric_limits<std::uint32_t>::max()) {
    return InvalidInput("too many records", "input");
  }
  return table;
}

}  // namespace giai::linkage

#include "estimate/csv_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <sstream>

namespace giai::estimate {
namespace {

std::string Trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && (std::isspace(static_cast<unsigned char>(s[b])) || s[b] == '"')) ++b;
  while (e > b && (std::isspace(static_cast<unsigned char>(s[e - 1])) || s[e - 1] == '"')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitRow(const std::string& line) {
  std::vector<std::string> cells;
  std::string_view rest(line);
  while (true) {
    const std::size_t comma = rest.find(',');
    cells.push_back(Trim(rest.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return cells;
}

bool IsCountName(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name == "count" || name == "freq" || name == "frequency" || name == "n" ||
         name == "counts";
}

Result<double> ParseNumber(const std::string& cell, int row, const std::string& column) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || ptr != cell.data() + cell.size()) {
    return InvalidInput("row " + std::to_string(row) + ": not a number", column);
  }
  return value;
}

}  // namespace

Result<StratifiedTables> ReadCaptureCsv(std::istream& in, const CsvOptions& options) {
  std::string line;
  if (!std::getline(in, line)) return InvalidInput("empty CSV input", "input");
  const std::vector<std::string> header = SplitRow(line);
  int strata_index = -1;
  int count_index = -1;
  std::vector<int> list_columns;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const int ci = static_cast<int>(c);
    if (!options.strata_column.empty() && header[c] == options.strata_column) {
      strata_index = ci;
    } else if (c + 1 == header.size() && IsCountName(header[c])) {
      count_index = ci;
    } else {
      list_columns.push_back(ci);
    }
  }
  if (!options.strata_column.empty() && strata_index < 0) {
    return InvalidInput("strata column not found in header", options.strata_column);
  }
  const int num_lists = static_cast<int>(list_columns.size());
  if (num_lists < kMinLists || num_lists > kMaxLists) {
    return InvalidInput("need between 3 and 15 list columns, found " + std::to_string(num_lists),
                        "header");
  }
  std::vector<std::string> names;
  for (int c : list_columns) names.push_back(header[static_cast<std::size_t>(c)]);

  std::map<std::string, std::size_t> stratum_of;
  StratifiedTables out;
  int row = 1;
  while (std::getline(in, line)) {
    ++row;
    if (Trim(line).empty()) continue;
    const std::vector<std::string> cells = SplitRow(line);
    if (cells.size() != header.size()) {
      return InvalidInput("row " + std::to_string(row) + " has " + std::to_string(cells.size()) +
                              " cells, header has " + std::to_string(header.size()),
                          "input");
    }
    std::uint32_t pattern = 0;
    for (int j = 0; j < num_lists; ++j) {
      const std::string& name = names[static_cast<std::size_t>(j)];
      const std::string& cell =
          cells[static_cast<std::size_t>(list_columns[static_cast<std::size_t>(j)])];
      if (cell == "1") {
        pattern |= 1u << j;
      } else if (cell != "0") {
        return InvalidInput("row " + std::to_string(row) + ": list membership must be 0 or 1",
                            name);
      }
    }
    double count = 1;
    if (count_index >= 0) {
      GIAI_ASSIGN_OR_RETURN(count, ParseNumber(cells[static_cast<std::size_t>(count_index)], row,
                                               header[static_cast<std::size_t>(count_index)]));
      if (count < 0)
        return InvalidInput("row " + std::to_string(row) + ": negative count", "count");
    }
    if (pattern == 0 && count > 0) {
      return InvalidInput(
          "row " + std::to_string(row) + ": individuals on no list cannot be observed", "input");
    }
    const std::string stratum =
        strata_index >= 0 ? cells[static_cast<std::size_t>(strata_index)] : std::string();
    auto [it, inserted] = stratum_of.emplace(stratum, out.tables.size());
    if (inserted) {
      out.stratum_names.push_back(stratum);
      out.tables.push_back(CaptureTable::Empty(names));
    }
    out.tables[it->second].counts[pattern] += count;
  }
  if (out.tables.empty()) return InvalidInput("CSV has a header but no rows", "input");
  for (std::size_t s = 0; s < out.tables.size(); ++s) {
    Status status = out.tables[s].Validate();
    if (!status.ok()) {
      return Status(status.code(), "stratum '" + out.stratum_names[s] + "': " + status.message(),
                    status.field());
    }
  }
  return out;
}

}  // namespace giai::estimate

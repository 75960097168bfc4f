#include "linkage/csv.h"

#include <fstream>
#include <sstream>

namespace giai::linkage {

int CsvTable::ColumnIndex(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable> ParseCsv(std::string_view text) {
  // A UTF-8 byte order mark is common in spreadsheets exported on Windows.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvTable table;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  std::size_t line = 1;
  std::size_t row_line = 1;
  auto end_row = [&]() -> Status {
    row.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
    if (row.size() == 1 && row[0].empty()) {  // blank line
      row.clear();
      return Status::Ok();
    }
    if (table.header.empty()) {
      table.header = std::move(row);
    } else if (row.size() != table.header.size()) {
      return InvalidInput("CSV line " + std::to_string(row_line) + " has " +
                              std::to_string(row.size()) + " fields, header has " +
                              std::to_string(table.header.size()),
                          "csv");
    } else {
      table.rows.push_back(std::move(row));
    }
    row.clear();
    return Status::Ok();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty() || field_was_quoted) {
          return InvalidInput("CSV line " + std::to_string(line) + ": quote inside unquoted field",
                              "csv");
        }
        in_quotes = true;
        field_was_quoted = true;
        break;
      case ',':
        row.push_back(std::move(field));
        field.clear();
        field_was_quoted = false;
        break;
      case '\r': break;
      case '\n':
        GIAI_RETURN_IF_ERROR(end_row());
        ++line;
        row_line = line;
        break;
      default:
        if (field_was_quoted) {
          return InvalidInput("CSV line " + std::to_string(line) + ": text after closing quote",
                              "csv");
        }
        field.push_back(c);
    }
  }
  if (in_quotes) return InvalidInput("CSV ends inside a quoted field", "csv");
  if (!field.empty() || !row.empty() || field_was_quoted) GIAI_RETURN_IF_ERROR(end_row());
  if (table.header.empty()) return InvalidInput("CSV has no header row", "csv");
  return table;
}

Result<CsvTable> ReadCsvFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open CSV file " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParseCsv(buffer.str());
}

void WriteCsvField(std::ostream& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << value;
    return;
  }
  out << '"';
  for (char c : value) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

void WriteCsvRow(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    WriteCsvField(out, fields[i]);
  }
  out << '\n';
}

}  // namespace giai::linkage

// Whole-table copies between back ends (`giai migrate --from sqlite:DIR --to postgresql://...`).
// A back end exports every giai table in creation order (parents before the tables whose
// foreign keys point at them) and another imports them unchanged: ciphertexts and wrapped keys
// are copied as bytes, never decrypted. No SQL here: each back end implements its half.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace giai::store {

struct Cell {
  enum class Kind { kNull, kText, kInteger, kBlob };
  Kind kind = Kind::kNull;
  std::string value;  // text, decimal integer or raw bytes
};

struct TableCopy {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

}  // namespace giai::store

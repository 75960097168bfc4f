#include "linkage/review.h"

#include <fstream>
#include <unordered_map>

#include "linkage/blocking.h"
#include "linkage/csv.h"

namespace giai::linkage {

void ReviewDecisions::Add(std::uint32_t a, std::uint32_t b, Decision decision) {
  const std::uint64_t key = MakePair(a, b);
  // The last decision on a pair wins, as when a reviewer corrects themselves.
  same_set.erase(key);
  different_set.erase(key);
  std::erase(same, key);
  std::erase(different, key);
  if (decision == Decision::kSame) {
    same.push_back(key);
    same_set.insert(key);
  } else {
    different.push_back(key);
    different_set.insert(key);
  }
}

bool ReviewDecisions::IsSame(std::uint32_t a, std::uint32_t b) const {
  return same_set.count(MakePair(a, b)) > 0;
}

bool ReviewDecisions::IsDifferent(std::uint32_t a, std::uint32_t b) const {
  return different_set.count(MakePair(a, b)) > 0;
}

Result<ReviewDecisions> LoadDecisions(const std::string& path, const Table& table) {
  GIAI_ASSIGN_OR_RETURN(CsvTable csv, ReadCsvFile(path));
  const int col_a = csv.ColumnIndex("id_a");
  const int col_b = csv.ColumnIndex("id_b");
  const int col_d = csv.ColumnIndex("decision");
  if (col_a < 0 || col_b < 0 || col_d < 0) {
    return InvalidInput("decisions file needs columns id_a, id_b, decision", "decisions");
  }
  std::unordered_map<std::string_view, std::uint32_t> index;
  for (std::uint32_t i = 0; i < table.size(); ++i) {
    if (!index.emplace(table.ids[i], i).second) {
      return InvalidInput("record ids are not unique; decisions cannot be applied", "decisions");
    }
  }
  ReviewDecisions decisions;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    const std::string& decision = row[static_cast<std::size_t>(col_d)];
    if (decision.empty()) continue;
    if (decision != "same" && decision != "different") {
      return InvalidInput(
          "decision on line " + std::to_string(r + 2) + " must be 'same' or 'different'",
          "decisions");
    }
    auto a = index.find(row[static_cast<std::size_t>(col_a)]);
    auto b = index.find(row[static_cast<std::size_t>(col_b)]);
    if (a == index.end() || b == index.end()) {
      return InvalidInput("decision on line " + std::to_string(r + 2) + " names an unknown id",
                          "decisions");
    }
    if (a->second == b->second) continue;
    decisions.Add(a->second, b->second,
                  decision == "same" ? Decision::kSame : Decision::kDifferent);
  }
  return decisions;
}

Status WriteReviewQueue(const std::string& path, const Table& table,
                        const std::vector<ReviewItem>& items) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Unavailable("cannot write review queue " + path);
  out << "id_a,id_b,decision,weight,probability\n";
  for (const ReviewItem& item : items) {
    WriteCsvField(out, table.ids[item.a]);
    out << ',';
    WriteCsvField(out, table.ids[item.b]);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, ",,%.4f,%.6f\n", item.weight, item.probability);
    out << buffer;
  }
  if (!out) return Unavailable("cannot write review queue " + path);
  return Status::Ok();
}

}  // namespace giai::linkage

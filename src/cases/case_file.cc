#include "cases/case_file.h"

#include <algorithm>

#include "cases/case_file_html.h"

namespace giai::cases {

using nlohmann::json;

void WithholdItem(json& file, const std::string& item_id, const std::string& reason) {
  json& withheld = file["withheld"];
  if (!withheld.is_array()) withheld = json::array();
  for (const json& w : withheld) {
    if (w.value("item_id", "") == item_id) return;
  }
  std::string kind;
  for (json& charge : file["charges"]) {
    for (json& row : charge["matrix"]["elements"]) {
      for (const char* list : {"supporting", "contradicting", "context", "withdrawn"}) {
        if (!row.contains(list)) continue;
        for (json& a : row[list]) {
          if (a.value("item_id", "") != item_id) continue;
          kind = a.value("item_kind", "");
          a["withheld"] = true;
          a["withheld_reason"] = reason;
        }
      }
    }
  }
  auto drop = [&](json& list, bool by_id) {
    if (!list.is_array()) return;
    json kept = json::array();
    for (json& entry : list) {
      const std::string id = by_id ? entry.get<std::string>() : entry.value("item_id", "");
      if (id == item_id) {
        if (!by_id && kind.empty()) kind = entry.value("item_kind", "");
        continue;
      }
      kept.push_back(std::move(entry));
    }
    list = std::move(kept);
  };
  drop(file["items"], false);
  if (file.contains("evidence") && file["evidence"].contains("items")) {
    drop(file["evidence"]["items"], true);
  }
  withheld.push_back({{"item_id", item_id}, {"item_kind", kind}, {"reason", reason}});
  std::sort(withheld.begin(), withheld.end(), [](const json& a, const json& b) {
    return a.value("item_id", "") < b.value("item_id", "");
  });
}

std::vector<std::pair<std::string, std::string>> CaseFileDocuments(const json& file) {
  const json matrix = {{"case", file.value("case", json::object())},
                       {"charges", file.value("charges", json::array())}};
  return {{"case-file.json", file.dump(1) + "\n"},
          {"matrix.json", matrix.dump(1) + "\n"},
          {"matrix.html", RenderCaseFileHtml(file)},
          {"items.json", file.value("items", json::array()).dump(1) + "\n"},
          {"withheld.json", file.value("withheld", json::array()).dump(1) + "\n"}};
}

}  // namespace giai::cases

// The case file document (format giai-case-file/1, docs/CASES.md): pure operations over its
// JSON, shared by the API preview and the exported bundle, so both say the same thing.
//
// WithholdItem records a refusal after the fact (the evidence bundle's own gate decides its
// items once the file is built): the item leaves the shared lists, joins "withheld" with its
// reason, and is marked withheld wherever the matrix links it. It is never removed from the
// matrix: the existence of an item, a contradicting one above all, is never hidden.
// CaseFileDocuments renders the files a case-file bundle carries beside the evidence.
// Thread safety: free functions over values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace giai::cases {

// No effect if the item is already withheld.
void WithholdItem(nlohmann::json& file, const std::string& item_id, const std::string& reason);

// case-file.json (the whole file), matrix.json (the case and each charge's matrix and gaps),
// matrix.html (the same for a person), items.json (descriptors of the items shared) and
// withheld.json (what was withheld, and why): name and content.
std::vector<std::pair<std::string, std::string>> CaseFileDocuments(const nlohmann::json& file);

}  // namespace giai::cases

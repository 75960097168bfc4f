// The case file as a page a person reads: the coverage matrix of every charge (colour-coded,
// supporting, contradicting and context items per element), the gaps with their means of
// proof, the items shared and the items the consent gate withheld, with the reason.
//
// Input is the case file JSON that CaseService::ExportCaseFile builds (docs/CASES.md); the page
// is self-contained (inline CSS, no script, nothing fetched), so it opens offline. Every value
// is HTML-escaped. Pure function; thread safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace giai::cases {

std::string HtmlEscape(std::string_view text);
std::string RenderCaseFileHtml(const nlohmann::json& case_file);

}  // namespace giai::cases

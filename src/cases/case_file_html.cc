#include "cases/case_file_html.h"

namespace giai::cases {

namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string Items(const json& list) {
  if (!list.is_array() || list.empty()) return "&mdash;";
  std::string out = "<ul>";
  for (const json& a : list) {
    out += "<li><code>" + HtmlEscape(Str(a, "item_id")) + "</code> (" +
           HtmlEscape(Str(a, "item_kind")) + ", weight " + HtmlEscape(Str(a, "weight")) + ")";
    if (a.value("withdrawn", false)) {
      const json w = a.value("withdrawal", json::object());
      out += " <strong>withdrawn</strong> " + HtmlEscape(Str(w, "withdrawn_at")) + ": " +
             HtmlEscape(Str(w, "reason"));
    }
    if (a.value("withheld", false)) {
      out += " <strong>withheld</strong>: " + HtmlEscape(Str(a, "withheld_reason"));
    }
    out += "</li>";
  }
  return out + "</ul>";
}

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:2em;max-width:75em}"
    "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}"
    "td,th{border:1px solid #999;padding:.3em;vertical-align:top;text-align:left}"
    ".covered{background:#cfe8cf}.partly{background:#fbe7b5}.not_covered{background:#f4c7c3}"
    ".contradicting{background:#fde2e2}ul{margin:0;padding-left:1.2em}";

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderCaseFileHtml(const json& file) {
  const json kase = file.value("case", json::object());
  const json mechanism = kase.value("mechanism", json::object());
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                  HtmlEscape(Str(kase, "title")) + " — case file</title><style>" + kStyle +
                  "</style></head><body>\n";
  h += "<h1>" + HtmlEscape(Str(kase, "title")) + "</h1>\n<p>Case <code>" +
       HtmlEscape(Str(kase, "id")) + "</code>, status " + HtmlEscape(Str(kase, "status")) +
       ". For: " + HtmlEscape(Str(mechanism, "type"));
  if (!Str(mechanism, "state").empty()) h += " (" + HtmlEscape(Str(mechanism, "state")) + ")";
  if (!Str(mechanism, "name").empty()) h += " — " + HtmlEscape(Str(mechanism, "name"));
  h += ". Exported " + HtmlEscape(Str(file, "exported_at")) + " by <code>" +
       HtmlEscape(Str(file, "exported_by")) + "</code>.</p>\n";
  h += "<p>Coverage: <span class=\"covered\">covered</span>, <span class=\"partly\">partly "
       "covered</span>, <span class=\"not_covered\">not covered</span>. Contradicting items are "
       "always listed, withdrawn ones too; withdrawn assessments no longer count.</p>\n";

  for (const json& charge : file.value("charges", json::array())) {
    const json c = charge.value("charge", json::object());
    const json m = charge.value("matrix", json::object());
    const json summary = m.value("summary", json::object());
    h += "<h2>Charge <code>" + HtmlEscape(Str(c, "id")) +
         "</code>: " + HtmlEscape(Str(c, "crime_title")) + " — " +
         HtmlEscape(Str(c, "mode_title")) + "</h2>\n";
    h += "<p>Suspect <code>" + HtmlEscape(Str(c, "suspect_id")) + "</code>. " +
         HtmlEscape(Str(summary, "covered")) + " of " + HtmlEscape(Str(summary, "elements")) +
         " elements covered, " + HtmlEscape(Str(summary, "partly")) + " partly, " +
         HtmlEscape(Str(summary, "not_covered")) + " not covered.</p>\n";
    h += "<table><tr><th>Element</th><th>Kind</th><th>Coverage</th><th>Supporting</th>"
         "<th>Contradicting</th><th>Context</th><th>Withdrawn</th></tr>\n";
    for (const json& row : m.value("elements", json::array())) {
      const json e = row.value("element", json::object());
      const std::string coverage = Str(row, "coverage");
      h += "<tr class=\"" + HtmlEscape(coverage) + "\"><td><code>" + HtmlEscape(Str(e, "id")) +
           "</code> " + HtmlEscape(Str(e, "text")) + "</td><td>" + HtmlEscape(Str(e, "kind")) +
           "</td><td>" + HtmlEscape(coverage) + "</td><td>" +
           Items(row.value("supporting", json())) + "</td><td class=\"contradicting\">" +
           Items(row.value("contradicting", json())) + "</td><td>" +
           Items(row.value("context", json())) + "</td><td>" +
           Items(row.value("withdrawn", json())) + "</td></tr>\n";
    }
    h += "</table>\n";
    const json gaps = charge.value("gaps", json::array());
    if (!gaps.empty()) {
      h += "<h3>Gaps</h3><ul>\n";
      for (const json& g : gaps) {
        const json e = g.value("element", json::object());
        h += "<li><code>" + HtmlEscape(Str(e, "id")) + "</code> (" +
             HtmlEscape(Str(g, "coverage")) + "): usually proven by ";
        std::string means;
        for (const json& p : g.value("means_of_proof", json::array())) {
          means += (means.empty() ? "" : "; ") + HtmlEscape(p.get<std::string>());
        }
        h += means + "</li>\n";
      }
      h += "</ul>\n";
    }
  }

  const json withheld = file.value("withheld", json::array());
  h += "<h2>Withheld by the consent gate</h2>\n";
  if (withheld.empty()) {
    h += "<p>Nothing was withheld.</p>\n";
  } else {
    h += "<table><tr><th>Item</th><th>Kind</th><th>Reason</th></tr>\n";
    for (const json& w : withheld) {
      h += "<tr><td><code>" + HtmlEscape(Str(w, "item_id")) + "</code></td><td>" +
           HtmlEscape(Str(w, "item_kind")) + "</td><td>" + HtmlEscape(Str(w, "reason")) +
           "</td></tr>\n";
    }
    h += "</table>\n";
  }
  const json evidence = file.value("evidence", json::object());
  h += "<h2>Evidence</h2>\n<p>" + HtmlEscape(Str(evidence, "note")) + "</p>\n<ul>\n";
  for (const json& id : evidence.value("items", json::array())) {
    h += "<li><code>" + HtmlEscape(id.is_string() ? id.get<std::string>() : id.dump()) +
         "</code></li>\n";
  }
  h += "</ul>\n";
  return h + "</body></html>\n";
}

}  // namespace giai::cases

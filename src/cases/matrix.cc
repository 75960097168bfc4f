#include "cases/matrix.h"

#include <algorithm>
#include <map>

namespace giai::cases {

namespace {

using nlohmann::json;

bool Mentions(const std::string& text, std::initializer_list<std::string_view> words) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view w : words) {
    if (lower.find(w) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string_view RelationName(Relation r) {
  switch (r) {
    case Relation::kSupports: return "supports";
    case Relation::kContradicts: return "contradicts";
    case Relation::kContext: return "context";
  }
  return "context";
}

bool ParseRelation(std::string_view name, Relation& out) {
  for (Relation r : {Relation::kSupports, Relation::kContradicts, Relation::kContext}) {
    if (RelationName(r) == name) {
      out = r;
      return true;
    }
  }
  return false;
}

std::string_view CoverageName(Coverage c) {
  switch (c) {
    case Coverage::kCovered: return "covered";
    case Coverage::kPartly: return "partly";
    case Coverage::kNotCovered: return "not_covered";
  }
  return "not_covered";
}

std::vector<ChargeElement> ChargeElements(const Crime& crime, const ModeOfLiability& mode) {
  std::vector<ChargeElement> out;
  for (const Element& e : crime.elements) out.push_back({e.id, e.text, e.kind, "crime"});
  for (const Element& e : mode.elements) out.push_back({e.id, e.text, e.kind, "mode"});
  return out;
}

Matrix ComputeMatrix(const std::vector<ChargeElement>& elements,
                     const std::vector<Assessment>& assessments) {
  Matrix m;
  std::map<std::string, std::size_t> index;
  for (const ChargeElement& e : elements) {
    index.emplace(e.id, m.rows.size());
    m.rows.push_back({e, Coverage::kNotCovered, 0, 0, {}, {}, {}, {}});
  }
  for (const Assessment& a : assessments) {
    auto it = index.find(a.element_id);
    if (it == index.end()) continue;
    ElementRow& row = m.rows[it->second];
    if (a.withdrawal) {
      // No weight any more; a contradiction stays where the reader looks for it.
      (a.relation == Relation::kContradicts ? row.contradicting : row.withdrawn).push_back(a);
      continue;
    }
    switch (a.relation) {
      case Relation::kSupports:
        row.supporting.push_back(a);
        row.supporting_weight += a.weight;
        break;
      case Relation::kContradicts:
        row.contradicting.push_back(a);
        row.contradicting_weight += a.weight;
        break;
      case Relation::kContext: row.context.push_back(a); break;
    }
  }
  for (ElementRow& row : m.rows) {
    if (row.supporting.empty()) {
      row.coverage = Coverage::kNotCovered;
      ++m.not_covered;
    } else if (row.supporting_weight >= kCoveredWeight &&
               row.supporting_weight > row.contradicting_weight) {
      row.coverage = Coverage::kCovered;
      ++m.covered;
    } else {
      row.coverage = Coverage::kPartly;
      ++m.partly;
    }
  }
  return m;
}

bool IsConductElement(const ChargeElement& element) {
  return element.from == "crime" && element.kind == "conduct";
}

std::vector<std::string> MeansOfProof(const ChargeElement& e) {
  const std::string& t = e.text;
  if (e.kind == "contextual") {
    if (Mentions(t, {"armed conflict"})) {
      return {"reports of hostilities by UN bodies, ICRC statements or monitoring missions",
              "military documents: orders of battle, deployment and operational orders",
              "evidence linking the conduct to the conflict (perpetrators' affiliation, timing, "
              "location)",
              "open-source material: imagery, videos and posts showing armed clashes"};
    }
    if (Mentions(t, {"attack", "civilian population"})) {
      return {"pattern analysis across incidents (numbers, places, dates, methods)",
              "documents showing a State or organisational policy (orders, plans, speeches)",
              "reports of UN commissions of inquiry and NGOs on the scale of the attack",
              "insider and victim testimony on the organisation of the attack"};
    }
    return {"evidence of a manifest pattern of similar conduct against the group",
            "statements, speeches and documents revealing the aim to destroy the group",
            "expert reports (demography, history of the group)"};
  }
  if (e.kind == "mental") {
    if (Mentions(t, {"knew", "know", "aware", "disregard"})) {
      return {"reports, complaints and warnings received by the person",
              "media coverage and public notoriety of the crimes",
              "communications intercepts and meeting minutes",
              "insider witnesses on what the person was told"};
    }
    return {"the person's statements, speeches and orders",
            "inference from the conduct: weapons used, repetition, planning",
            "insider witnesses and documents on the person's aims"};
  }
  if (e.kind == "circumstance") {
    if (Mentions(t, {"command", "control", "authority", "superior", "subordinate", "will of"})) {
      return {"organigrams, appointment decrees and orders of battle",
              "orders issued and obeyed; disciplinary records",
              "insider witnesses on the chain of command and reporting lines",
              "giai units with their command lines over time"};
    }
    if (Mentions(t, {"plan", "agreement", "common purpose", "group of persons"})) {
      return {"meeting minutes, communications and plans",
              "insider witnesses on the agreement or common purpose",
              "coordinated conduct across incidents"};
    }
    if (Mentions(t, {"protected", "civilian", "hors de combat", "status"})) {
      return {"victim and witness testimony on the victims' status",
              "identity documents, lists of detainees, medical records",
              "absence of military objectives (site analysis, imagery)"};
    }
    return {"documents and testimony establishing the circumstance",
            "expert reports and open-source material"};
  }
  if (e.kind == "consequence") {
    return {"forensic and medical reports, death certificates, exhumations",
            "victim and witness testimony on the result",
            "imagery before and after (damage assessment)"};
  }
  // conduct
  if (Mentions(t, {"fail", "measures"})) {
    return {"absence of investigations, prosecutions or disciplinary measures",
            "evidence of the measures available to the person (powers, means)",
            "reports the person received and did not act on"};
  }
  return {"eyewitness and victim testimony", "acts documented in giai qualified with the crime",
          "video, photographs and other open-source material of the conduct",
          "forensic and documentary evidence (orders, logs, records)"};
}

std::vector<Gap> Gaps(const Matrix& matrix) {
  std::vector<Gap> out;
  for (const ElementRow& row : matrix.rows) {
    if (row.coverage == Coverage::kCovered) continue;
    out.push_back({row.element, row.coverage, MeansOfProof(row.element)});
  }
  return out;
}

json ToJson(const Assessment& a) {
  return {{"assessment_id", a.id},
          {"element_id", a.element_id},
          {"item_id", a.item_id},
          {"item_kind", a.item_kind},
          {"relation", RelationName(a.relation)},
          {"weight", a.weight},
          {"assessed_by", a.assessed_by},
          {"assessed_at", a.assessed_at},
          {"has_note", a.has_note},
          {"withdrawn", a.withdrawal.has_value()},
          {"withdrawal", a.withdrawal ? json{{"id", a.withdrawal->id},
                                             {"reason", a.withdrawal->reason},
                                             {"withdrawn_by", a.withdrawal->withdrawn_by},
                                             {"withdrawn_at", a.withdrawal->withdrawn_at}}
                                      : json()}};
}

namespace {
json ElementJson(const ChargeElement& e) {
  return {{"id", e.id}, {"text", e.text}, {"kind", e.kind}, {"from", e.from}};
}
json List(const std::vector<Assessment>& items) {
  json out = json::array();
  for (const Assessment& a : items) out.push_back(ToJson(a));
  return out;
}
}  // namespace

json ToJson(const Matrix& m) {
  json rows = json::array();
  for (const ElementRow& r : m.rows) {
    rows.push_back({{"element", ElementJson(r.element)},
                    {"coverage", CoverageName(r.coverage)},
                    {"supporting_weight", r.supporting_weight},
                    {"contradicting_weight", r.contradicting_weight},
                    {"supporting", List(r.supporting)},
                    {"contradicting", List(r.contradicting)},
                    {"context", List(r.context)},
                    {"withdrawn", List(r.withdrawn)}});
  }
  return {{"elements", rows},
          {"summary",
           {{"elements", m.rows.size()},
            {"covered", m.covered},
            {"partly", m.partly},
            {"not_covered", m.not_covered},
            {"complete", m.complete()}}}};
}

json ToJson(const std::vector<Gap>& gaps) {
  json out = json::array();
  for (const Gap& g : gaps) {
    out.push_back({{"element", ElementJson(g.element)},
                   {"coverage", CoverageName(g.coverage)},
                   {"means_of_proof", g.means_of_proof}});
  }
  return out;
}

}  // namespace giai::cases

#include "service/internal/linkable_persons.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "service/consent_service.h"

namespace giai::service::internal {

namespace {

using nlohmann::json;

// Why these settings: persons carry one full name (any script, either token order), sex, an
// EDTF birth date and a nationality, far fewer fields than the victim lists of
// config/linkage/victims.json, so the name carries most of the evidence; term-frequency
// adjustment keeps common names ("Mohammed") from linking strangers. Blocking unions name tokens
// (first/last after sorting), the phonetic key of the whole name (scripts and spellings) and
// birth year with sex (a misspelt name with the same birth).
constexpr std::string_view kPersonConfig = R"({
  "mode": "dedup",
  "id_column": "id",
  "fields": [
    {"name": "name", "type": "name", "sort_tokens": true},
    {"name": "sex", "type": "sex"},
    {"name": "birth", "type": "date", "date_format": "edtf"},
    {"name": "nationality", "type": "code"}
  ],
  "comparisons": [
    {"field": "name", "method": "name", "thresholds": [0.92, 0.85], "tf_adjust": true},
    {"field": "sex", "method": "exact"},
    {"field": "birth", "method": "date", "typo_level": true, "thresholds": [0, 400, 1500]},
    {"field": "nationality", "method": "exact"}
  ],
  "blocking": {
    "max_block_size": 2000,
    "rules": [
      {"keys": [{"field": "name", "transform": "first_token"}]},
      {"keys": [{"field": "name", "transform": "last_token"}]},
      {"keys": [{"field": "name", "transform": "phonetic"}]},
      {"keys": [{"field": "birth", "transform": "year"}, {"field": "sex"}]}
    ]
  },
  "model": {"max_iterations": 200, "random_pairs": 20000, "match_probability": 0.8, "seed": 1},
  "clustering": {"one_per_source": false, "min_cohesion": 0.5, "max_cluster_size": 20},
  "review": {"low": 0.2, "high": 0.8}
})";

}  // namespace

const linkage::LinkageConfig& PersonLinkageConfig() {
  static const linkage::LinkageConfig kConfig = [] {
    Result<linkage::LinkageConfig> c = linkage::ParseLinkageConfig(kPersonConfig);
    // The configuration is a constant of the program: a parse failure is a programming error
    // that the unit and API tests catch on their first run.
    if (!c.ok()) std::abort();
    linkage::LinkageConfig config = std::move(c).value();
    config.threads = 1;  // one worker thread: jobs must not starve the HTTP threads
    return config;
  }();
  return kConfig;
}

Result<LinkablePersons> CollectLinkablePersons(store::Tx& tx, protect::IdentityVault& identities,
                                               const std::string& org_id,
                                               const std::vector<std::string>& compartments,
                                               const ConsentRequest& consent,
                                               std::size_t max_persons,
                                               const ReusePredicate& reuse) {
  LinkablePersons out;
  store::RecordQuery q;
  q.kind = "person";
  q.org_id = org_id;
  q.compartments = compartments;
  q.limit = 500;
  q.load_terms = false;  // not read here: one query per page, not one per person
  // All persons within reach first, then the consent of all of them in one query (two queries
  // per person before).
  std::vector<store::RecordRow> rows;
  for (;;) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> page, tx.ListRecords(q));
    if (rows.size() + page.size() > max_persons) {
      return InvalidInput("more than " + std::to_string(max_persons) +
                          " persons: linkage of this many persons runs with `giai link`");
    }
    const bool last = page.size() < static_cast<std::size_t>(q.limit);
    if (!page.empty()) q.after_id = page.back().id;
    rows.insert(rows.end(), std::make_move_iterator(page.begin()),
                std::make_move_iterator(page.end()));
    if (last) break;
  }
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const store::RecordRow& row : rows) ids.push_back(row.id);
  GIAI_ASSIGN_OR_RETURN(auto consents, LatestConsents(tx, org_id, ids));
  for (const store::RecordRow& row : rows) {
    ++out.considered;
    const std::optional<Consent>& latest = consents.at(row.id);
    if (!DecideConsent(latest, consent).allowed) {
      ++out.skipped_consent;
      continue;
    }
    json body = json::parse(row.body, nullptr, false);
    if (body.is_discarded()) return Integrity("stored person " + row.id + " is not readable");
    json sealed = body.value("_sealed", json::object());
    if (!sealed.contains("identity")) {
      ++out.skipped_no_identity;
      continue;
    }
    const std::int64_t identity_version = sealed["identity"].get<std::int64_t>();
    if (reuse && reuse(row.id, row.version, identity_version)) {
      LinkablePerson p;
      p.id = row.id;
      p.pseudonym = body.value("pseudonym", "");
      p.version = row.version;
      p.identity_version = identity_version;
      p.reused = true;
      out.persons.push_back(std::move(p));
      continue;
    }
    Result<std::optional<Identity>> identity = identities.Get(
        tx,
        // Only the caller's compartments were listed (q.compartments), so the
        // job opens no compartment its principal is outside of.
        protect::KeyScope::ForServer(org_id, row.compartment_id), row.id, identity_version);
    if (!identity.ok() && identity.status().code() == Code::kNotFound) {  // erased
      ++out.skipped_no_identity;
      continue;
    }
    if (!identity.ok()) return identity.status();
    if (!identity->has_value() || (*identity)->full_name.empty()) {
      ++out.skipped_no_identity;
      continue;
    }
    LinkablePerson p;
    p.id = row.id;
    p.pseudonym = body.value("pseudonym", "");
    p.name = std::move((*identity)->full_name);
    p.sex = body.value("sex", "");
    if (p.sex == "unknown") p.sex.clear();
    p.birth = body.value("birth", "");
    p.nationality = body.value("nationality", "");
    p.version = row.version;
    p.identity_version = identity_version;
    out.persons.push_back(std::move(p));
  }
  return out;
}

linkage::CsvTable ToLinkageInput(const std::vector<LinkablePerson>& persons) {
  linkage::CsvTable table;
  table.header = {"id", "name", "sex", "birth", "nationality"};
  table.rows.reserve(persons.size());
  for (const LinkablePerson& p : persons) {
    table.rows.push_back({p.id, p.name, p.sex, p.birth, p.nationality});
  }
  return table;
}

void Wipe(std::vector<LinkablePerson>& persons, linkage::CsvTable& table) {
  for (LinkablePerson& p : persons) std::fill(p.name.begin(), p.name.end(), '\0');
  for (auto& row : table.rows) {
    if (row.size() > 1) std::fill(row[1].begin(), row[1].end(), '\0');
  }
  persons.clear();
  table.rows.clear();
}

}  // namespace giai::service::internal

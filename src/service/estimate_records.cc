#include "service/estimate_records.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "access/policy.h"
#include "access/share_policy.h"
#include "core/country.h"
#include "core/edtf.h"
#include "estimate/capture_table.h"
#include "service/consent_service.h"
#include "service/internal/estimate_warning.h"
#include "service/internal/linkage_records.h"
#include "service/shared_reach.h"

namespace giai::service {

namespace {

using nlohmann::json;

// What the caller asked for, checked.
struct Request {
  std::vector<std::string> organisations;
  store::RecordQuery acts;  // country, from, to, terms (category)
  std::string sex;          // "" = any
  bool strata_by_sex = false;
  json engine = json::object();  // the settings passed through to EstimateService
};

Result<Request> Parse(const json& body) {
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  static const std::set<std::string> kEngine = {"method", "selection", "max_order",   "bootstrap",
                                                "seed",   "level",     "latent_class"};
  Request r;
  for (const auto& [key, value] : body.items()) {
    if (kEngine.count(key)) {
      r.engine[key] = value;
    } else if (key != "organisations" && key != "filters" && key != "strata") {
      return InvalidInput("unknown field", key);
    }
  }
  const json orgs = body.value("organisations", json());
  if (!orgs.is_array() || orgs.size() < static_cast<std::size_t>(estimate::kMinLists) ||
      orgs.size() > static_cast<std::size_t>(estimate::kMaxLists)) {
    return InvalidInput("must name from 3 to 15 organisations, one list each", "organisations");
  }
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    const std::string where = "organisations[" + std::to_string(i) + "]";
    if (!orgs[i].is_string() || orgs[i].get<std::string>().empty() ||
        orgs[i].get<std::string>().size() > 64) {
      return InvalidInput("must be an organisation id", where);
    }
    const std::string id = orgs[i].get<std::string>();
    if (std::find(r.organisations.begin(), r.organisations.end(), id) != r.organisations.end()) {
      return InvalidInput("names an organisation twice", where);
    }
    r.organisations.push_back(id);
  }
  const json filters = body.value("filters", json::object());
  if (!filters.is_object()) return InvalidInput("must be an object", "filters");
  for (const auto& [key, value] : filters.items()) {
    if (key != "country" && key != "from" && key != "to" && key != "sex" && key != "category") {
      return InvalidInput("unknown field", "filters." + key);
    }
    if (!value.is_string() || value.get<std::string>().empty() ||
        value.get<std::string>().size() > 100) {
      return InvalidInput("must be a non-empty string", "filters." + key);
    }
  }
  r.acts.kind = "act";
  if (filters.contains("country")) {
    r.acts.country = filters["country"].get<std::string>();
    if (!IsCountryCode(r.acts.country)) {
      return InvalidInput("must be an ISO 3166-1 alpha-2 code", "filters.country");
    }
  }
  for (const char* bound : {"from", "to"}) {
    if (!filters.contains(bound)) continue;
    Result<std::int64_t> day = ParseIsoDay(filters[bound].get<std::string>());
    if (!day.ok()) {
      return InvalidInput("must be a day (YYYY-MM-DD)", std::string("filters.") + bound);
    }
    (std::string(bound) == "from" ? r.acts.from : r.acts.to) = *day;
  }
  if (r.acts.from && r.acts.to && *r.acts.from > *r.acts.to) {
    return InvalidInput("must not be after filters.to", "filters.from");
  }
  if (filters.contains("sex")) {
    r.sex = filters["sex"].get<std::string>();
    if (r.sex != "female" && r.sex != "male" && r.sex != "intersex" && r.sex != "unknown") {
      return InvalidInput("must be female, male, intersex or unknown", "filters.sex");
    }
  }
  if (filters.contains("category")) {
    r.acts.terms.push_back("category:" + filters["category"].get<std::string>());
  }
  if (body.contains("strata")) {
    if (body["strata"] != "sex") return InvalidInput("must be \"sex\"", "strata");
    r.strata_by_sex = true;
  }
  return r;
}

std::string SexOf(const store::RecordRow& person) {
  for (const std::string& term : person.terms) {
    if (term.rfind("sex:", 0) == 0) return term.substr(4);
  }
  return "unknown";
}

// Union-find over person ids (entities).
class Entities {
 public:
  std::size_t Add(const std::string& id) {
    auto [it, added] = index_.emplace(id, parent_.size());
    if (added) parent_.push_back(parent_.size());
    return it->second;
  }
  std::optional<std::size_t> Find(const std::string& id) {
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return Root(it->second);
  }
  void Join(std::size_t a, std::size_t b) { parent_[Root(a)] = Root(b); }
  std::size_t Root(std::size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<std::size_t> parent_;
};

struct Member {
  std::string person_id;
  int list = 0;
  std::string sex;
};

Status MayEstimate(const access::Principal& who) {
  if (access::AllowsLinkage(who, access::LinkageAction::kEstimate)) return Status::Ok();
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::LinkageActionName(access::LinkageAction::kEstimate)));
}

}  // namespace

Result<json> RecordEstimateService::Organisations(const access::Principal& who) const {
  GIAI_RETURN_IF_ERROR(MayEstimate(who));
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    items = json::array();
    std::set<std::string> sharing;
    if (access::AllowsShare(who, access::ShareAction::kReceive)) {
      GIAI_ASSIGN_OR_RETURN(auto persons, ListShared(tx, who, "person", {}));
      for (const SharedRecord& p : persons) sharing.insert(p.row.org_id);
    }
    GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
    for (const store::OrganisationRow& o : orgs) {
      const bool own = o.id == who.org_id;
      if (own || sharing.count(o.id)) {
        items.push_back({{"org_id", o.id}, {"name", o.name}, {"own", own}});
      }
    }
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> RecordEstimateService::Estimate(const access::Principal& who,
                                             const access::RequestInfo& request,
                                             const json& body) const {
  GIAI_RETURN_IF_ERROR(MayEstimate(who));
  if (request.purpose.empty()) {
    return InvalidInput(
        "an estimate from records counts what organisations documented and shared: it needs a "
        "purpose (X-Purpose header)",
        "X-Purpose");
  }
  GIAI_ASSIGN_OR_RETURN(Request req, Parse(body));

  std::vector<Member> members;
  std::set<std::string> restricted_ids;  // own persons left out (counted, never named)
  std::vector<std::pair<std::string, std::string>> links;  // active same-person links
  json lists = json::array();
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    members.clear();
    restricted_ids.clear();
    links.clear();
    lists = json::array();
    GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
    std::map<std::string, std::string> names;
    for (const store::OrganisationRow& o : orgs) names[o.id] = o.name;
    std::map<std::string, int> list_of;
    for (std::size_t i = 0; i < req.organisations.size(); ++i) {
      const std::string& id = req.organisations[i];
      if (!names.count(id)) {
        return InvalidInput("unknown organisation", "organisations[" + std::to_string(i) + "]");
      }
      list_of[id] = static_cast<int>(i);
      lists.push_back({{"org_id", id}, {"name", names[id]}, {"own", id == who.org_id}});
    }

    // The caller's own list: its acts within reach, their victims within reach.
    std::set<std::pair<std::string, int>> seen;  // (person, list)
    auto add = [&](const store::RecordRow& person, int list) {
      const std::string sex = SexOf(person);
      if (!req.sex.empty() && sex != req.sex) return;
      if (seen.insert({person.id, list}).second) members.push_back({person.id, list, sex});
    };
    auto victims_of = [](const store::RecordRow& act) {
      std::vector<std::string> out;
      const json parsed = json::parse(act.body);  // a local: see CONVENTIONS
      for (const json& v : parsed.value("victims", json::array())) {
        if (v.contains("person_id") && v["person_id"].is_string()) out.push_back(v["person_id"]);
      }
      return out;
    };
    if (list_of.count(who.org_id)) {
      store::RecordQuery q = req.acts;
      q.org_id = who.org_id;
      q.compartments = who.compartments;
      q.limit = 1000;
      for (;;) {
        GIAI_ASSIGN_OR_RETURN(auto acts, tx.ListRecords(q));
        for (const store::RecordRow& act : acts) {
          for (const std::string& pid : victims_of(act)) {
            Result<store::RecordRow> person = internal::LoadPerson(tx, who, pid);
            if (!person.ok()) {
              if (person.status().code() == Code::kNotFound) continue;
              return person.status();
            }
            // A person under a processing restriction (GDPR Art. 18) is left out of analysis;
            // shared persons under one never reach the caller (the consent gate refuses them).
            GIAI_ASSIGN_OR_RETURN(bool restricted, IsRestricted(tx, who.org_id, pid));
            if (restricted) {
              restricted_ids.insert(pid);
              continue;
            }
            add(*person, list_of[who.org_id]);
          }
        }
        if (acts.size() < static_cast<std::size_t>(q.limit)) break;
        q.after_id = acts.back().id;
      }
    }

    // Other organisations' lists: only what they share with the caller's organisation now.
    const bool others = list_of.size() > (list_of.count(who.org_id) ? 1u : 0u);
    if (others && !access::AllowsShare(who, access::ShareAction::kReceive)) {
      return Forbidden("role " + std::string(access::RoleName(who.role)) +
                       " may not use what other organisations share");
    }
    std::map<std::string, store::RecordRow> shares_used;
    if (others) {
      GIAI_ASSIGN_OR_RETURN(auto shared_persons, ListShared(tx, who, "person", {}));
      std::map<std::string, const SharedRecord*> person_by_id;
      std::set<std::string> reaching;  // organisations whose persons reach the caller
      for (const SharedRecord& p : shared_persons) {
        person_by_id[p.row.id] = &p;
        reaching.insert(p.row.org_id);
      }
      for (std::size_t i = 0; i < req.organisations.size(); ++i) {
        const std::string& id = req.organisations[i];
        if (id != who.org_id && !reaching.count(id)) {
          return Forbidden("organisations[" + std::to_string(i) +
                           "] shares no person with your organisation: its list cannot be "
                           "counted");
        }
      }
      GIAI_ASSIGN_OR_RETURN(auto shared_acts, ListShared(tx, who, "act", req.acts));
      for (const SharedRecord& act : shared_acts) {
        auto list = list_of.find(act.row.org_id);
        if (list == list_of.end() || act.row.org_id == who.org_id) continue;
        bool counted = false;
        for (const std::string& pid : victims_of(act.row)) {
          auto person = person_by_id.find(pid);
          if (person == person_by_id.end() || person->second->row.org_id != act.row.org_id) {
            continue;
          }
          add(person->second->row, list->second);
          shares_used.emplace(person->second->share.id, person->second->share);
          counted = true;
        }
        if (counted) shares_used.emplace(act.share.id, act.share);
      }
    }

    GIAI_ASSIGN_OR_RETURN(auto link_rows,
                          internal::ListAll(tx, internal::kLinkKind, who.org_id, {"active"}));
    for (const store::RecordRow& row : link_rows) {
      const json ids = json::parse(row.body).value("person_ids", json::array());
      if (ids.size() == 2) links.emplace_back(ids[0].get<std::string>(), ids[1].get<std::string>());
    }

    GIAI_RETURN_IF_ERROR(
        tx.AppendAudit(access::AuditEvent(who, "estimate.from_records", "", request)));
    for (const auto& [share_id, share] : shares_used) {
      GIAI_RETURN_IF_ERROR(LogShareAccess(tx, who, request, share, "estimate.from_records", ""));
    }
    return Status::Ok();
  }));

  // Entities: persons joined by links; a link to someone outside the lists joins nobody.
  Entities entities;
  for (const Member& m : members) entities.Add(m.person_id);
  for (const auto& [a, b] : links) {
    std::optional<std::size_t> ra = entities.Find(a), rb = entities.Find(b);
    if (ra && rb) entities.Join(*ra, *rb);
  }
  struct Entity {
    std::uint32_t mask = 0;
    std::set<std::string> persons;
    std::string sex;
  };
  std::map<std::size_t, Entity> by_root;
  std::vector<std::set<std::size_t>> on_list(req.organisations.size());
  std::vector<std::set<std::string>> persons_on_list(req.organisations.size());
  for (const Member& m : members) {
    const std::size_t root = *entities.Find(m.person_id);
    Entity& e = by_root[root];
    e.mask |= 1u << m.list;
    e.persons.insert(m.person_id);
    // An entity's sex: the one its persons agree on; recorded differently, "unknown".
    if (m.sex != "unknown") e.sex = e.sex.empty() || e.sex == m.sex ? m.sex : "conflicting";
    on_list[static_cast<std::size_t>(m.list)].insert(root);
    persons_on_list[static_cast<std::size_t>(m.list)].insert(m.person_id);
  }
  std::map<std::pair<std::string, std::uint32_t>, double> cells;
  int linked = 0;
  for (const auto& [root, e] : by_root) {
    const std::string sex = e.sex.empty() || e.sex == "conflicting" ? "unknown" : e.sex;
    cells[{req.strata_by_sex ? sex : "", e.mask}] += 1;
    if (e.persons.size() > 1) ++linked;
  }
  for (std::size_t i = 0; i < lists.size(); ++i) {
    lists[i]["persons"] = persons_on_list[i].size();
    lists[i]["entities"] = on_list[i].size();
  }

  json out;
  if (cells.empty()) {
    out = {{"estimate", nullptr},
           {"observed", 0},
           {"strata", json::array()},
           {"overlap", json::array()},
           {"warnings",
            {internal::EstimateWarning("no_match", "", json::object(),
                                       "nobody on any list matches the filters")}}};
  } else {
    json engine = req.engine;
    engine["lists"] = req.organisations;
    engine["cells"] = json::array();
    for (const auto& [key, count] : cells) {
      std::string pattern(req.organisations.size(), '0');
      for (std::size_t j = 0; j < pattern.size(); ++j) {
        if (key.second & (1u << j)) pattern[j] = '1';
      }
      json cell = {{"pattern", pattern}, {"count", count}};
      if (req.strata_by_sex) cell["stratum"] = key.first;
      engine["cells"].push_back(cell);
    }
    GIAI_ASSIGN_OR_RETURN(out, engine_.Estimate(who, engine));
  }
  int small = 0;
  for (json& cell : out["overlap"]) {
    cell["small"] = cell["count"].get<double>() < kSmallCell;
    if (cell["small"].get<bool>()) ++small;
  }
  if (small > 0) {
    out["warnings"].push_back(internal::EstimateWarning(
        "overlap_small", "", {{"count", small}, {"min", kSmallCell}},
        std::to_string(small) + " overlap pattern(s) count fewer than " +
            std::to_string(kSmallCell) + " people: do not publish these counts as they stand"));
  }
  out["lists"] = req.organisations;
  out["organisations"] = lists;
  out["entities"] = by_root.size();
  out["linked_entities"] = linked;
  out["small_cell_threshold"] = kSmallCell;
  out["left_out_restricted"] = restricted_ids.size();
  if (!restricted_ids.empty()) {
    out["warnings"].push_back(
        internal::EstimateWarning("restricted_left_out", "", {{"count", restricted_ids.size()}},
                                  std::to_string(restricted_ids.size()) +
                                      " person(s) under a processing restriction were left out"));
  }
  out["filters"] = body.value("filters", json::object());
  if (req.strata_by_sex) out["strata_by"] = "sex";
  return out;
}

}  // namespace giai::service

#include "service/internal/linkage_records.h"

#include "access/policy.h"
#include "service/shared_reach.h"

namespace giai::service::internal {

using nlohmann::json;

Result<store::RecordRow> LoadOwn(store::Tx& tx, const access::Principal& who, std::string_view kind,
                                 const std::string& id, const std::string& what) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != kind || !access::CanSee(who, row->org_id, row->compartment_id)) {
    return NotFound("no " + what + " " + id);
  }
  return row;
}

Result<store::RecordRow> LoadPerson(store::Tx& tx, const access::Principal& who,
                                    const std::string& id) {
  return LoadOwn(tx, who, "person", id, "person");
}

Result<store::RecordRow> LoadReachablePerson(store::Tx& tx, const access::Principal& who,
                                             const std::string& id) {
  Result<store::RecordRow> own = LoadPerson(tx, who, id);
  if (own.ok() || own.status().code() != Code::kNotFound) return own;
  // A cross-organisation link names a person another organisation shares with the caller's:
  // within reach while the share holds them.
  GIAI_ASSIGN_OR_RETURN(auto shared, FindShared(tx, who, "person", id));
  if (!shared) return own.status();
  return std::move(shared->row);
}

Result<bool> SeesPersons(store::Tx& tx, const access::Principal& who, const store::RecordRow& row) {
  const json body = json::parse(row.body);
  for (const json& id : body.value("person_ids", json::array())) {
    Result<store::RecordRow> person = LoadReachablePerson(tx, who, id.get<std::string>());
    if (!person.ok()) {
      if (person.status().code() == Code::kNotFound) return false;
      return person.status();
    }
  }
  return true;
}

Result<std::vector<store::RecordRow>> ListAll(store::Tx& tx, std::string_view kind,
                                              const std::string& org_id,
                                              std::vector<std::string> terms) {
  std::vector<store::RecordRow> out;
  store::RecordQuery q;
  q.kind = std::string(kind);
  q.org_id = org_id;
  q.terms = std::move(terms);
  q.limit = 1000;
  for (;;) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows, tx.ListRecords(q));
    const bool more = rows.size() == static_cast<std::size_t>(q.limit);
    if (more) q.after_id = rows.back().id;
    for (store::RecordRow& r : rows) out.push_back(std::move(r));
    if (!more) break;
  }
  return out;
}

namespace {

json Base(const store::RecordRow& row) {
  json out = json::parse(row.body);
  out["id"] = row.id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  out["created_by"] = row.created_by;
  return out;
}

}  // namespace

json RenderJob(const store::RecordRow& row) {
  json out = Base(row);
  out.erase("runner");  // which host and process runs it is the operators' business
  return out;
}

json RenderReview(const store::RecordRow& row) {
  json out = Base(row);
  out["job_id"] = row.parent_id;
  return out;
}

json RenderLink(const store::RecordRow& row) { return Base(row); }

std::pair<std::string, std::string> PairOf(const std::string& a, const std::string& b) {
  return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
}

}  // namespace giai::service::internal

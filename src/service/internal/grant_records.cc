#include "service/internal/grant_records.h"

#include <algorithm>
#include <regex>

#include "core/clock.h"
#include "crypto/random.h"

namespace giai::service::internal {

using nlohmann::json;

Result<store::RecordRow> LoadGrant(store::Tx& tx, const GrantKind& kind, const std::string& id) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != kind.kind)
    return NotFound("no " + std::string(kind.name) + " " + id);
  return row;
}

json BodyOf(const store::RecordRow& row) { return json::parse(row.body); }

json RenderGrant(const store::RecordRow& row) {
  json out = BodyOf(row);
  json sealed = out.value("_sealed", json::object());
  out.erase("_sealed");
  json names = json::array();
  for (const auto& [name, version] : sealed.items()) names.push_back(name);
  out["id"] = row.id;
  out["org_id"] = row.org_id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  out["created_by"] = row.created_by;
  out["sealed_fields"] = names;
  return out;
}

store::RecordRow NewGrantRow(const GrantKind& kind, const access::Principal& who,
                             const std::string& org_id) {
  store::RecordRow row;
  row.id = crypto::NewId(kind.prefix);
  row.kind = std::string(kind.kind);
  row.org_id = org_id;
  row.version = 1;
  row.created_at = row.updated_at = NowRfc3339();
  row.created_by = who.user_id;
  return row;
}

namespace {
void Normalise(store::RecordRow& row) {
  std::sort(row.terms.begin(), row.terms.end());
  row.terms.erase(std::unique(row.terms.begin(), row.terms.end()), row.terms.end());
}
}  // namespace

Status InsertGrant(store::Tx& tx, store::RecordRow& row, const json& body) {
  Normalise(row);
  row.body = body.dump();
  return tx.InsertRecord(row);
}

Status SaveGrant(store::Tx& tx, store::RecordRow& row, const json& body) {
  Normalise(row);
  const std::int64_t previous = row.version;
  row.version = previous + 1;
  row.updated_at = NowRfc3339();
  row.body = body.dump();
  return tx.UpdateRecord(row, previous);
}

Status SealGrantField(protect::KeyRing& keys, store::Tx& tx, const store::RecordRow& row,
                      std::int64_t version, json& body, const std::string& field,
                      const std::string& text) {
  GIAI_RETURN_IF_ERROR(keys.SealField(tx, protect::KeyScope::Organisation(row.org_id), row.id,
                                      field, version, text));
  body["_sealed"][field] = version;
  return Status::Ok();
}

Result<std::optional<std::string>> OpenGrantField(protect::KeyRing& keys, store::Tx& tx,
                                                  const store::RecordRow& row,
                                                  const std::string& field) {
  json sealed = BodyOf(row).value("_sealed", json::object());
  if (!sealed.contains(field)) return std::optional<std::string>();
  // Grant records are never in a compartment: the organisation key wraps their data keys.
  return keys.OpenField(tx, protect::KeyScope::Organisation(row.org_id), row.id, field,
                        sealed[field].get<std::int64_t>());
}

std::string StateOf(const json& body) { return body.value("state", ""); }

Status MoveState(json& body, grants::Machine machine, std::string_view to,
                 const access::Principal& who) {
  GIAI_RETURN_IF_ERROR(grants::CheckTransition(machine, StateOf(body), to));
  body["state"] = std::string(to);
  body["history"].push_back(
      {{"state", std::string(to)}, {"at", NowRfc3339()}, {"by", who.user_id}});
  return Status::Ok();
}

Result<grants::Money> MoneyField(const json& body, const char* name, const std::string& field,
                                 bool required) {
  if (!body.contains(name) || body[name].is_null()) {
    if (required) return InvalidInput("is required", field);
    return grants::Money{};
  }
  const json& m = body[name];
  if (!m.is_object() || !m.contains("amount") || !m["amount"].is_string() ||
      !m.contains("currency") || !m["currency"].is_string() || m.size() != 2) {
    return InvalidInput("must be {\"amount\": \"1500.00\", \"currency\": \"EUR\"}", field);
  }
  Result<grants::Money> money = grants::ParseMoney(
      m["amount"].get<std::string>(), m["currency"].get<std::string>(), field + ".amount");
  if (!money.ok() && money.status().field() == "currency") {
    return InvalidInput(money.status().message(), field + ".currency");
  }
  return money;
}

json MoneyJson(const grants::Money& m) {
  return {{"amount", grants::FormatAmount(m)}, {"currency", m.currency}};
}

Result<std::vector<store::RecordRow>> ListGrants(store::Tx& tx, const GrantKind& kind,
                                                 const std::string& org_id,
                                                 const std::string& parent_id,
                                                 const std::vector<std::string>& terms) {
  std::vector<store::RecordRow> out;
  store::RecordQuery q;
  q.kind = std::string(kind.kind);
  q.org_id = org_id;
  q.parent_id = parent_id;
  q.terms = terms;
  q.limit = 500;
  for (;;) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> page, tx.ListRecords(q));
    const bool more = static_cast<int>(page.size()) == q.limit;
    for (store::RecordRow& row : page) out.push_back(std::move(row));
    if (!more) break;
    q.after_id = out.back().id;
  }
  return out;
}

bool IsUtcTimestamp(std::string_view text) {
  static const std::regex kTs(
      R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$)");
  return std::regex_match(text.begin(), text.end(), kTs);
}

bool IsIsoDay(std::string_view text) {
  static const std::regex kDay(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
  return std::regex_match(text.begin(), text.end(), kDay);
}

}  // namespace giai::service::internal

namespace giai::service::internal {

Status RequireGrant(const access::Principal& who, access::GrantAction action) {
  if (access::AllowsGrant(who, action)) return Status::Ok();
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::GrantActionName(action)));
}

Result<std::vector<std::string>> ProgrammeOrganisations(store::Tx& tx) {
  GIAI_ASSIGN_OR_RETURN(std::vector<store::OrganisationRow> orgs, tx.ListOrganisations());
  std::vector<std::string> out;
  for (const store::OrganisationRow& o : orgs) {
    if (o.kind != "subgrantee") out.push_back(o.id);
  }
  return out;
}

Result<std::vector<std::string>> Strings(const json& body, const char* name, bool required,
                                         std::size_t max_items) {
  std::vector<std::string> out;
  if (!body.contains(name) || body[name].is_null()) {
    if (required) return InvalidInput("is required", name);
    return out;
  }
  const json& list = body[name];
  if (!list.is_array() || list.size() > max_items) {
    return InvalidInput("must be a list of at most " + std::to_string(max_items) + " strings",
                        name);
  }
  for (const json& item : list) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
        item.get_ref<const std::string&>().size() > 500) {
      return InvalidInput("must hold non-empty strings of at most 500 bytes", name);
    }
    out.push_back(item.get<std::string>());
  }
  if (required && out.empty()) return InvalidInput("must not be empty", name);
  return out;
}

Result<std::string> Str(const json& body, const char* name, bool required, std::size_t max,
                        const std::string& field) {
  const std::string f = field.empty() ? std::string(name) : field;
  if (!body.contains(name) || body[name].is_null()) {
    if (required) return InvalidInput("is required", f);
    return std::string();
  }
  if (!body[name].is_string()) return InvalidInput("must be a string", f);
  std::string s = body[name].get<std::string>();
  if (required && s.empty()) return InvalidInput("must not be empty", f);
  if (s.size() > max) return InvalidInput("is longer than " + std::to_string(max) + " bytes", f);
  return s;
}

Status Only(const json& body, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return InvalidInput("is not a field here", key);
    }
  }
  return Status::Ok();
}

}  // namespace giai::service::internal

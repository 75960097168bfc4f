#include "store/sqlite/sqlite_tx.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "store/sqlite/internal/statement.h"

namespace giai::store::sqlite {

using internal::Statement;

namespace {

// Prepares, and turns a failed prepare into the returned Status.
#define GIAI_PREPARE(var, sql)     \
  Statement var(statements_, sql); \
  GIAI_RETURN_IF_ERROR(var.prepared())

}  // namespace

Status SqliteTx::InsertOrganisation(const OrganisationRow& org) {
  GIAI_PREPARE(s,
               "INSERT INTO organisations (id, name, kind, created_at, wrapped_key) "
               "VALUES (?1, ?2, ?3, ?4, ?5)");
  s.Bind(1, org.id).Bind(2, org.name).Bind(3, org.kind).Bind(4, org.created_at);
  s.BindBlob(5, org.wrapped_key);
  return s.Run();
}

Status SqliteTx::SetOrganisationKey(const std::string& id, const std::string& wrapped_key) {
  GIAI_PREPARE(s, "UPDATE organisations SET wrapped_key = ?2 WHERE id = ?1");
  s.Bind(1, id).BindBlob(2, wrapped_key);
  GIAI_RETURN_IF_ERROR(s.Run());
  if (sqlite3_changes(db_) != 1) return NotFound("no such organisation");
  return Status::Ok();
}

namespace {
OrganisationRow ReadOrganisation(const Statement& s) {
  return OrganisationRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
}
}  // namespace

Result<OrganisationRow> SqliteTx::GetOrganisation(const std::string& id) {
  GIAI_PREPARE(s,
               "SELECT id, name, kind, created_at, wrapped_key FROM organisations WHERE id = ?1");
  s.Bind(1, id);
  if (s.Step()) return ReadOrganisation(s);
  GIAI_RETURN_IF_ERROR(s.status());
  return NotFound("no such organisation");
}

Result<std::vector<OrganisationRow>> SqliteTx::ListOrganisations() {
  GIAI_PREPARE(s, "SELECT id, name, kind, created_at, wrapped_key FROM organisations ORDER BY id");
  std::vector<OrganisationRow> out;
  while (s.Step()) out.push_back(ReadOrganisation(s));
  GIAI_RETURN_IF_ERROR(s.status());
  return out;
}

Status SqliteTx::InsertUser(const UserRow& user) {
  GIAI_PREPARE(s,
               "INSERT INTO users (id, org_id, email, display_name, role, password_hash, "
               "disabled, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  s.Bind(1, user.id).Bind(2, user.org_id).Bind(3, user.email).Bind(4, user.display_name);
  s.Bind(5, user.role).Bind(6, user.password_hash);
  s.Bind(7, std::int64_t{user.disabled ? 1 : 0}).Bind(8, user.created_at);
  Status st = s.Run();
  if (st.code() == Code::kConflict) return Conflict("a user with this e-mail already exists");
  GIAI_RETURN_IF_ERROR(st);
  for (const std::string& compartment : user.compartments) {
    GIAI_PREPARE(c, "INSERT INTO user_compartments (user_id, compartment_id) VALUES (?1, ?2)");
    c.Bind(1, user.id).Bind(2, compartment);
    GIAI_RETURN_IF_ERROR(c.Run());
  }
  return Status::Ok();
}

Result<UserRow> SqliteTx::LoadUser(const char* where_column, const std::string& value) {
  std::string sql =
      "SELECT id, org_id, email, display_name, role, password_hash, disabled, created_at "
      "FROM users WHERE ";
  sql += where_column;  // a constant chosen by the caller below, never input
  sql += " = ?1";
  GIAI_PREPARE(s, sql);
  s.Bind(1, value);
  if (!s.Step()) {
    GIAI_RETURN_IF_ERROR(s.status());
    return NotFound("no such user");
  }
  UserRow u{s.Text(0), s.Text(1), s.Text(2),     s.Text(3), s.Text(4),
            s.Text(5), {},        s.Int(6) != 0, s.Text(7)};
  GIAI_PREPARE(c,
               "SELECT compartment_id FROM user_compartments WHERE user_id = ?1 "
               "ORDER BY compartment_id");
  c.Bind(1, u.id);
  while (c.Step()) u.compartments.push_back(c.Text(0));
  GIAI_RETURN_IF_ERROR(c.status());
  return u;
}

Result<UserRow> SqliteTx::GetUser(const std::string& id) { return LoadUser("id", id); }

Result<UserRow> SqliteTx::GetUserByEmail(const std::string& email) {
  return LoadUser("email", email);
}

Result<std::vector<UserRow>> SqliteTx::ListUsers(const std::string& org_id) {
  GIAI_PREPARE(s, "SELECT id FROM users WHERE org_id = ?1 ORDER BY id");
  s.Bind(1, org_id);
  std::vector<std::string> ids;
  while (s.Step()) ids.push_back(s.Text(0));
  GIAI_RETURN_IF_ERROR(s.status());
  std::vector<UserRow> out;
  for (const std::string& id : ids) {
    GIAI_ASSIGN_OR_RETURN(UserRow u, GetUser(id));
    out.push_back(std::move(u));
  }
  return out;
}

Status SqliteTx::InsertCompartment(const CompartmentRow& compartment) {
  GIAI_PREPARE(s, "INSERT INTO compartments (id, org_id, name) VALUES (?1, ?2, ?3)");
  s.Bind(1, compartment.id).Bind(2, compartment.org_id).Bind(3, compartment.name);
  return s.Run();
}

Result<std::vector<CompartmentRow>> SqliteTx::ListCompartments(const std::string& org_id) {
  GIAI_PREPARE(s, "SELECT id, org_id, name FROM compartments WHERE org_id = ?1 ORDER BY id");
  s.Bind(1, org_id);
  std::vector<CompartmentRow> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2)});
  GIAI_RETURN_IF_ERROR(s.status());
  return out;
}

Status SqliteTx::InsertSession(const SessionRow& session) {
  GIAI_PREPARE(s,
               "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
               "VALUES (?1, ?2, ?3, ?4, ?5)");
  s.Bind(1, session.token_hash).Bind(2, session.user_id).Bind(3, session.csrf_token);
  s.Bind(4, session.created_at).Bind(5, session.expires_at);
  return s.Run();
}

Result<SessionRow> SqliteTx::GetSession(const std::string& token_hash) {
  GIAI_PREPARE(s,
               "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
               "WHERE token_hash = ?1");
  s.Bind(1, token_hash);
  if (s.Step()) return SessionRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
  GIAI_RETURN_IF_ERROR(s.status());
  return NotFound("no such session");
}

Status SqliteTx::DeleteSession(const std::string& token_hash) {
  GIAI_PREPARE(s, "DELETE FROM sessions WHERE token_hash = ?1");
  s.Bind(1, token_hash);
  return s.Run();
}

Status SqliteTx::InsertApiToken(const ApiTokenRow& token) {
  GIAI_PREPARE(s,
               "INSERT INTO api_tokens (id, token_hash, user_id, label, created_at) "
               "VALUES (?1, ?2, ?3, ?4, ?5)");
  s.Bind(1, token.id).Bind(2, token.token_hash).Bind(3, token.user_id).Bind(4, token.label);
  s.Bind(5, token.created_at);
  return s.Run();
}

Result<ApiTokenRow> SqliteTx::GetApiToken(const std::string& token_hash) {
  GIAI_PREPARE(s,
               "SELECT id, token_hash, user_id, label, created_at FROM api_tokens "
               "WHERE token_hash = ?1");
  s.Bind(1, token_hash);
  if (s.Step()) return ApiTokenRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
  GIAI_RETURN_IF_ERROR(s.status());
  return NotFound("no such token");
}

Result<CredentialHolder> SqliteTx::GetCredentialHolder(CredentialKind kind,
                                                       const std::string& token_hash) {
  // Two constant statements (the table name is chosen here, never input).
  static constexpr const char* kColumns =
      "SELECT u.id, u.org_id, u.email, u.display_name, u.role, u.disabled, u.created_at, "
      "(SELECT group_concat(compartment_id, ',') FROM user_compartments WHERE user_id = u.id), ";
  static const std::string kByToken = std::string(kColumns) +
                                      "'', '' FROM api_tokens c JOIN users u ON u.id = c.user_id "
                                      "WHERE c.token_hash = ?1";
  static const std::string kBySession = std::string(kColumns) +
                                        "c.csrf_token, c.expires_at FROM sessions c "
                                        "JOIN users u ON u.id = c.user_id WHERE c.token_hash = ?1";
  GIAI_PREPARE(s, kind == CredentialKind::kApiToken ? kByToken : kBySession);
  s.Bind(1, token_hash);
  if (!s.Step()) {
    GIAI_RETURN_IF_ERROR(s.status());
    return NotFound("no such credential");
  }
  CredentialHolder out;
  out.user = UserRow{
      s.Text(0),     s.Text(1), s.Text(2), s.Text(3), s.Text(4), "", SplitCompartmentIds(s.Text(7)),
      s.Int(5) != 0, s.Text(6)};
  out.csrf_token = s.Text(8);
  out.expires_at = s.Text(9);
  return out;
}

Status SqliteTx::RefreshChildTerms(const std::string& parent_id) {
  if (parent_id.empty()) return Status::Ok();
  GIAI_PREPARE(d, "DELETE FROM child_terms WHERE record_id = ?1");
  d.Bind(1, parent_id);
  GIAI_RETURN_IF_ERROR(d.Run());
  // Only parents that are records themselves (an act's incident, a unit's parent unit).
  GIAI_PREPARE(s,
               "INSERT OR IGNORE INTO child_terms (term, record_id) "
               "SELECT t.term, c.parent_id FROM records c JOIN record_terms t "
               "ON t.record_id = c.id WHERE c.parent_id = ?1 "
               "AND EXISTS (SELECT 1 FROM records p WHERE p.id = ?1)");
  s.Bind(1, parent_id);
  return s.Run();
}

Status SqliteTx::AddChildTerms(const RecordRow& row) {
  // A new child only adds to its parent's terms: no need to recompute them from every sibling
  // (which made inserting n children of one parent, a linkage job's n review items, quadratic).
  if (row.parent_id.empty()) return Status::Ok();
  for (const std::string& term : row.terms) {
    GIAI_PREPARE(s,
                 "INSERT OR IGNORE INTO child_terms (term, record_id) "
                 "SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM records p WHERE p.id = ?2)");
    s.Bind(1, term).Bind(2, row.parent_id);
    GIAI_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

Status SqliteTx::WriteTerms(const RecordRow& row) {
  GIAI_PREPARE(d, "DELETE FROM record_terms WHERE record_id = ?1");
  d.Bind(1, row.id);
  GIAI_RETURN_IF_ERROR(d.Run());
  for (const std::string& term : row.terms) {
    GIAI_PREPARE(s, "INSERT OR IGNORE INTO record_terms (term, record_id) VALUES (?1, ?2)");
    s.Bind(1, term).Bind(2, row.id);
    GIAI_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

Result<std::vector<std::string>> SqliteTx::LoadTerms(const std::string& record_id) {
  GIAI_PREPARE(s, "SELECT term FROM record_terms WHERE record_id = ?1 ORDER BY term");
  s.Bind(1, record_id);
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  GIAI_RETURN_IF_ERROR(s.status());
  return out;
}

Status SqliteTx::InsertRecord(const RecordRow& row) {
  GIAI_PREPARE(s,
               "INSERT INTO records (id, kind, org_id, compartment_id, version, created_at, "
               "updated_at, created_by, body, country, earliest, latest, parent_id) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  s.Bind(1, row.id).Bind(2, row.kind).Bind(3, row.org_id).BindNullIfEmpty(4, row.compartment_id);
  s.Bind(5, row.version).Bind(6, row.created_at).Bind(7, row.updated_at).Bind(8, row.created_by);
  s.Bind(9, row.body).BindNullIfEmpty(10, row.country).Bind(11, row.earliest);
  s.Bind(12, row.latest).BindNullIfEmpty(13, row.parent_id);
  GIAI_RETURN_IF_ERROR(s.Run());
  GIAI_RETURN_IF_ERROR(WriteTerms(row));
  return AddChildTerms(row);
}

namespace {
constexpr const char* kRecordColumns =
    "id, kind, org_id, compartment_id, version, created_at, updated_at, created_by, body, "
    "country, earliest, latest, parent_id";

RecordRow ReadRecord(const Statement& s) {
  RecordRow r;
  r.id = s.Text(0);
  r.kind = s.Text(1);
  r.org_id = s.Text(2);
  r.compartment_id = s.Text(3);
  r.version = s.Int(4);
  r.created_at = s.Text(5);
  r.updated_at = s.Text(6);
  r.created_by = s.Text(7);
  r.body = s.Text(8);
  r.country = s.Text(9);
  r.earliest = s.OptionalInt(10);
  r.latest = s.OptionalInt(11);
  r.parent_id = s.Text(12);
  return r;
}
}  // namespace

Result<RecordRow> SqliteTx::GetRecord(const std::string& id) {
  GIAI_PREPARE(s, std::string("SELECT ") + kRecordColumns + " FROM records WHERE id = ?1");
  s.Bind(1, id);
  if (!s.Step()) {
    GIAI_RETURN_IF_ERROR(s.status());
    return NotFound("no such record");
  }
  RecordRow row = ReadRecord(s);
  GIAI_ASSIGN_OR_RETURN(row.terms, LoadTerms(row.id));
  return row;
}

Status SqliteTx::UpdateRecord(const RecordRow& row, std::int64_t expected_version) {
  std::string old_parent;
  {
    GIAI_PREPARE(p, "SELECT parent_id FROM records WHERE id = ?1");
    p.Bind(1, row.id);
    if (p.Step()) old_parent = p.Text(0);
    GIAI_RETURN_IF_ERROR(p.status());
  }
  GIAI_PREPARE(s,
               "UPDATE records SET version = ?2, updated_at = ?3, body = ?4, country = ?5, "
               "earliest = ?6, latest = ?7, parent_id = ?8, compartment_id = ?9 "
               "WHERE id = ?1 AND version = ?10");
  s.Bind(1, row.id).Bind(2, row.version).Bind(3, row.updated_at).Bind(4, row.body);
  s.BindNullIfEmpty(5, row.country).Bind(6, row.earliest).Bind(7, row.latest);
  s.BindNullIfEmpty(8, row.parent_id).BindNullIfEmpty(9, row.compartment_id);
  s.Bind(10, expected_version);
  GIAI_RETURN_IF_ERROR(s.Run());
  if (sqlite3_changes(db_) != 1) {
    return Status(Code::kPreconditionFailed, "the record changed since it was read");
  }
  GIAI_RETURN_IF_ERROR(WriteTerms(row));
  GIAI_RETURN_IF_ERROR(RefreshChildTerms(row.parent_id));
  if (old_parent != row.parent_id) return RefreshChildTerms(old_parent);
  return Status::Ok();
}

// Terms with fewer entries than this drive a list query from their index; see ListRecords.
constexpr int kRareTermEntries = 256;

Result<int> SqliteTx::CountTermEntries(const std::string& term, bool via_children) {
  // Capped counts: the probe costs at most a few hundred index entries, however common the term.
  GIAI_PREPARE(s,
               "SELECT (SELECT count(*) FROM (SELECT 1 FROM record_terms WHERE term = ?1 "
               "LIMIT ?2)) + CASE WHEN ?3 THEN (SELECT count(*) FROM (SELECT 1 FROM "
               "child_terms WHERE term = ?1 LIMIT ?2)) ELSE 0 END");
  s.Bind(1, term)
      .Bind(2, std::int64_t{kRareTermEntries})
      .Bind(3, std::int64_t{via_children ? 1 : 0});
  if (!s.Step()) {
    GIAI_RETURN_IF_ERROR(s.status());
    return Status(Code::kInternal, "term count returned no row");
  }
  return static_cast<int>(s.Int(0));
}

Result<std::vector<RecordRow>> SqliteTx::ListRecords(const RecordQuery& q) {
  // Two plans, chosen per query because SQLite (built without STAT4) cannot estimate how many
  // records carry a given term:
  // - a rare term (a name token, one unit) drives the query from its index entries, so the cost
  //   is bounded by that term's few entries, not by the organisation's records;
  // - when every term is common (a crime, a sex), matches are dense: walk the organisation's
  //   records in id order and check each term with a correlated EXISTS, stopping at the limit.
  // The former plan (uncorrelated IN lists) built the full list of every term on each request:
  // 2.8 ms per page of incidents filtered by crime on the demo data x100; these take 0.1-0.4 ms.
  // Built from fixed fragments; every value is a bound parameter.
  int next = 1;
  std::vector<std::pair<int, std::string>> texts;
  std::vector<std::pair<int, std::int64_t>> ints;
  auto text_param = [&](const std::string& value) {
    texts.emplace_back(next, value);
    return "?" + std::to_string(next++);
  };
  auto int_param = [&](std::int64_t value) {
    ints.emplace_back(next, value);
    return "?" + std::to_string(next++);
  };
  std::optional<std::size_t> driver;
  int fewest = kRareTermEntries;
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    GIAI_ASSIGN_OR_RETURN(int entries, CountTermEntries(q.terms[i], q.terms_via_children));
    if (entries < fewest) {
      fewest = entries;
      driver = i;
    }
  }
  const std::string after = text_param(q.after_id);
  std::string sql = std::string("SELECT ") + kRecordColumns + " FROM ";
  if (driver) {
    const std::string term = text_param(q.terms[*driver]);
    sql += "(SELECT record_id FROM record_terms WHERE term = " + term + " AND record_id > " + after;
    if (q.terms_via_children) {
      sql += " UNION SELECT record_id FROM child_terms WHERE term = " + term + " AND record_id > " +
             after;
    }
    sql += ") t CROSS JOIN records r ON r.id = t.record_id WHERE";
  } else {
    sql += "records r WHERE r.id > " + after + " AND";
  }
  sql += " r.org_id = " + text_param(q.org_id) + " AND r.kind = " + text_param(q.kind);
  sql += " AND (r.compartment_id IS NULL";
  for (const std::string& c : q.compartments) sql += " OR r.compartment_id = " + text_param(c);
  sql += ")";
  if (!q.country.empty()) sql += " AND r.country = " + text_param(q.country);
  if (q.from) sql += " AND (r.latest IS NULL OR r.latest >= " + int_param(*q.from) + ")";
  if (q.to) sql += " AND (r.earliest IS NULL OR r.earliest <= " + int_param(*q.to) + ")";
  if (!q.parent_id.empty()) sql += " AND r.parent_id = " + text_param(q.parent_id);
  // child_terms holds the terms of a record's children (an incident's acts), maintained on
  // every insert and update.
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    if (driver && *driver == i) continue;
    std::string p = text_param(q.terms[i]);
    sql += " AND (EXISTS (SELECT 1 FROM record_terms WHERE term = " + p + " AND record_id = r.id)";
    if (q.terms_via_children) {
      sql += " OR EXISTS (SELECT 1 FROM child_terms WHERE term = " + p + " AND record_id = r.id)";
    }
    sql += ")";
  }
  sql += " ORDER BY r.id LIMIT " + int_param(q.limit);
  GIAI_PREPARE(s, sql);
  for (const auto& [i, v] : texts) s.Bind(i, v);
  for (const auto& [i, v] : ints) s.Bind(i, v);
  std::vector<RecordRow> out;
  while (s.Step()) out.push_back(ReadRecord(s));
  GIAI_RETURN_IF_ERROR(s.status());
  if (!q.load_terms) return out;
  for (RecordRow& row : out) {
    GIAI_ASSIGN_OR_RETURN(row.terms, LoadTerms(row.id));
  }
  return out;
}

Result<std::vector<RecordRow>> SqliteTx::LatestChildren(
    const std::string& org_id, const std::vector<std::string>& kinds,
    const std::vector<std::string>& parent_ids) {
  std::vector<RecordRow> out;
  if (kinds.empty() || parent_ids.empty()) return out;
  // The lists travel as JSON arrays, one parameter each (json_each), so one prepared statement
  // serves any number of parents. The latest child is found through the index on
  // (parent_id, org_id, kind, id).
  GIAI_PREPARE(s, std::string("SELECT ") + kRecordColumns +
                      " FROM records r WHERE r.org_id = ?1 AND r.compartment_id IS NULL"
                      " AND r.kind IN (SELECT value FROM json_each(?2))"
                      " AND r.parent_id IN (SELECT value FROM json_each(?3))"
                      " AND r.id = (SELECT max(c.id) FROM records c WHERE c.parent_id = r.parent_id"
                      " AND c.org_id = r.org_id AND c.kind = r.kind AND c.compartment_id IS NULL)");
  s.Bind(1, org_id)
      .Bind(2, nlohmann::json(kinds).dump())
      .Bind(3, nlohmann::json(parent_ids).dump());
  while (s.Step()) out.push_back(ReadRecord(s));
  GIAI_RETURN_IF_ERROR(s.status());
  return out;
}

Status SqliteTx::PutSealed(const SealedRow& row) {
  GIAI_PREPARE(s,
               "INSERT INTO sealed (object_id, field, version, wrapped_key, ciphertext) "
               "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (object_id, field) DO UPDATE SET "
               "version = excluded.version, wrapped_key = excluded.wrapped_key, "
               "ciphertext = excluded.ciphertext");
  s.Bind(1, row.object_id).Bind(2, row.field).Bind(3, row.version);
  s.BindBlob(4, row.wrapped_key).BindBlob(5, row.ciphertext);
  return s.Run();
}

Result<SealedRow> SqliteTx::GetSealed(const std::string& object_id, const std::string& field) {
  GIAI_PREPARE(s,
               "SELECT object_id, field, version, wrapped_key, ciphertext FROM sealed "
               "WHERE object_id = ?1 AND field = ?2");
  s.Bind(1, object_id).Bind(2, field);
  if (s.Step()) return SealedRow{s.Text(0), s.Text(1), s.Int(2), s.Text(3), s.Text(4)};
  GIAI_RETURN_IF_ERROR(s.status());
  return NotFound("no such protected field");
}

Status SqliteTx::ShredSealed(const std::string& object_id, const std::string& field) {
  GIAI_PREPARE(s,
               "UPDATE sealed SET wrapped_key = x'', ciphertext = x'' "
               "WHERE object_id = ?1 AND field = ?2");
  s.Bind(1, object_id).Bind(2, field);
  GIAI_RETURN_IF_ERROR(s.Run());
  if (sqlite3_changes(db_) != 1) return NotFound("nothing to erase");
  return Status::Ok();
}

Status SqliteTx::AppendAudit(const AuditRow& e) {
  GIAI_PREPARE(s,
               "INSERT INTO audit_events (id, at, org_id, user_id, action, record_id, purpose, "
               "outcome, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  s.Bind(1, e.id).Bind(2, e.at).BindNullIfEmpty(3, e.org_id).BindNullIfEmpty(4, e.user_id);
  s.Bind(5, e.action).BindNullIfEmpty(6, e.record_id).BindNullIfEmpty(7, e.purpose);
  s.Bind(8, e.outcome).BindNullIfEmpty(9, e.request_id);
  return s.Run();
}

Result<std::vector<AuditRow>> SqliteTx::ListAudit(const std::string& org_id,
                                                  const std::string& after_id, int limit) {
  GIAI_PREPARE(s,
               "SELECT id, at, org_id, user_id, action, record_id, purpose, outcome, "
               "request_id FROM audit_events WHERE org_id = ?1 AND id > ?2 ORDER BY id "
               "LIMIT ?3");
  s.Bind(1, org_id).Bind(2, after_id).Bind(3, std::int64_t{limit});
  std::vector<AuditRow> out;
  while (s.Step()) {
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Text(7), s.Text(8)});
  }
  GIAI_RETURN_IF_ERROR(s.status());
  return out;
}

Result<IdempotencyRow> SqliteTx::GetIdempotency(const std::string& user_id,
                                                const std::string& key) {
  GIAI_PREPARE(s,
               "SELECT user_id, key, request_hash, status, location, created_at "
               "FROM idempotency WHERE user_id = ?1 AND key = ?2");
  s.Bind(1, user_id).Bind(2, key);
  if (s.Step()) {
    return IdempotencyRow{s.Text(0), s.Text(1), s.Text(2), static_cast<int>(s.Int(3)),
                          s.Text(4), s.Text(5)};
  }
  GIAI_RETURN_IF_ERROR(s.status());
  return NotFound("no such idempotency key");
}

Status SqliteTx::PutIdempotency(const IdempotencyRow& row) {
  GIAI_PREPARE(s,
               "INSERT INTO idempotency (user_id, key, request_hash, status, location, "
               "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s.Bind(1, row.user_id).Bind(2, row.key).Bind(3, row.request_hash);
  s.Bind(4, std::int64_t{row.status}).Bind(5, row.location).Bind(6, row.created_at);
  return s.Run();
}

}  // namespace giai::store::sqlite

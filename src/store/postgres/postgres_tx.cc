#include "store/postgres/postgres_tx.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace giai::store::postgres {

using internal::Bytes;
using internal::Int;
using internal::MaybeInt;
using internal::NullIfEmpty;
using internal::OptionalInt;
using internal::Text;

Status FromPqxx(const std::exception& e, const std::string& what, TxOutcome& outcome) {
  // First line only: PostgreSQL's DETAIL lines quote the offending values, which must not reach
  // logs or problem responses (SQLite's messages name the constraint only).
  std::string first = e.what();
  first = first.substr(0, first.find('\n'));
  std::string message = what + ": " + first;
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr) {
    outcome.retry = true;  // serialization_failure, deadlock_detected
    return Unavailable(message);
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    outcome.broken = true;
    return Unavailable(message);
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    outcome.broken = true;
    outcome.in_doubt = true;
    return Unavailable(message);
  }
  if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&e) != nullptr) {
    return Conflict(message);
  }
  if (dynamic_cast<const pqxx::insufficient_resources*>(&e) != nullptr) {
    return Unavailable(message);
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    // Class 40 (transaction rollback) can arrive as a plain sql_error too.
    if (sql->sqlstate().rfind("40", 0) == 0) {
      outcome.retry = true;
      return Unavailable(message);
    }
    if (sql->sqlstate() == "XX001" || sql->sqlstate() == "XX002") return Integrity(message);
    // Class 08 (connection exception) and 57P01..57P03 (the server shut down or restarted, or
    // an administrator terminated the session): the connection is gone, not the request.
    if (sql->sqlstate().rfind("08", 0) == 0 || sql->sqlstate().rfind("57P0", 0) == 0) {
      outcome.broken = true;
      return Unavailable(message);
    }
  }
  return Internal(message);
}

const std::string& PostgresTx::StatementName(const std::string& sql) {
  auto it = connection_.prepared.find(sql);
  if (it != connection_.prepared.end()) return it->second;
  std::string name = "giai_" + std::to_string(connection_.prepared.size());
  connection_.c.prepare(name, sql);
  return connection_.prepared.emplace(sql, std::move(name)).first->second;
}

Status PostgresTx::Failed(const std::exception& e, const std::string& sql) {
  return FromPqxx(e, sql.substr(0, sql.find(' ', 12)), outcome_);
}

Status PostgresTx::InsertOrganisation(const OrganisationRow& org) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("INSERT INTO organisations (id, name, kind, created_at, wrapped_key) "
           "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
           org.id, org.name, org.kind, org.created_at, pqxx::binarystring(org.wrapped_key)));
  if (r.affected_rows() != 1) return Conflict("organisation: id or name exists");
  return Status::Ok();
}

Status PostgresTx::SetOrganisationKey(const std::string& id, const std::string& wrapped_key) {
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("UPDATE organisations SET wrapped_key = $2 WHERE id = $1", id,
                             pqxx::binarystring(wrapped_key)));
  if (r.affected_rows() != 1) return NotFound("no such organisation");
  return Status::Ok();
}

namespace {
OrganisationRow ReadOrganisation(const pqxx::row& row) {
  return OrganisationRow{Text(row[0]), Text(row[1]), Text(row[2]), Text(row[3]), Bytes(row[4])};
}
}  // namespace

Result<OrganisationRow> PostgresTx::GetOrganisation(const std::string& id) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT id, name, kind, created_at, wrapped_key FROM organisations WHERE id = $1", id));
  if (r.empty()) return NotFound("no such organisation");
  return ReadOrganisation(r[0]);
}

Result<std::vector<OrganisationRow>> PostgresTx::ListOrganisations() {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT id, name, kind, created_at, wrapped_key FROM organisations ORDER BY id"));
  std::vector<OrganisationRow> out;
  for (const pqxx::row& row : r) out.push_back(ReadOrganisation(row));
  return out;
}

Status PostgresTx::InsertUser(const UserRow& user) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("INSERT INTO users (id, org_id, email, display_name, role, password_hash, disabled, "
           "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
           user.id, user.org_id, user.email, user.display_name, user.role, user.password_hash,
           std::int64_t{user.disabled ? 1 : 0}, user.created_at));
  if (r.affected_rows() != 1) return Conflict("a user with this e-mail already exists");
  for (const std::string& compartment : user.compartments) {
    GIAI_ASSIGN_OR_RETURN(
        pqxx::result c,
        Exec("INSERT INTO user_compartments (user_id, compartment_id) VALUES ($1, $2) "
             "ON CONFLICT DO NOTHING",
             user.id, compartment));
    if (c.affected_rows() != 1) return Conflict("user_compartments: duplicate compartment");
  }
  return Status::Ok();
}

Result<UserRow> PostgresTx::LoadUser(const char* where_column, const std::string& value) {
  std::string sql =
      "SELECT id, org_id, email, display_name, role, password_hash, disabled, created_at "
      "FROM users WHERE ";
  sql += where_column;  // a constant chosen by the caller below, never input
  sql += " = $1";
  GIAI_ASSIGN_OR_RETURN(pqxx::result r, Exec(sql, value));
  if (r.empty()) return NotFound("no such user");
  const pqxx::row& s = r[0];
  UserRow u{Text(s[0]), Text(s[1]), Text(s[2]),     Text(s[3]), Text(s[4]),
            Text(s[5]), {},         Int(s[6]) != 0, Text(s[7])};
  GIAI_ASSIGN_OR_RETURN(pqxx::result c,
                        Exec("SELECT compartment_id FROM user_compartments WHERE user_id = $1 "
                             "ORDER BY compartment_id",
                             u.id));
  for (const pqxx::row& row : c) u.compartments.push_back(Text(row[0]));
  return u;
}

Result<UserRow> PostgresTx::GetUser(const std::string& id) { return LoadUser("id", id); }

Result<UserRow> PostgresTx::GetUserByEmail(const std::string& email) {
  return LoadUser("email", email);
}

Result<std::vector<UserRow>> PostgresTx::ListUsers(const std::string& org_id) {
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("SELECT id FROM users WHERE org_id = $1 ORDER BY id", org_id));
  std::vector<UserRow> out;
  for (const pqxx::row& row : r) {
    GIAI_ASSIGN_OR_RETURN(UserRow u, GetUser(Text(row[0])));
    out.push_back(std::move(u));
  }
  return out;
}

Status PostgresTx::InsertCompartment(const CompartmentRow& compartment) {
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("INSERT INTO compartments (id, org_id, name) VALUES ($1, $2, $3) "
                             "ON CONFLICT DO NOTHING",
                             compartment.id, compartment.org_id, compartment.name));
  if (r.affected_rows() != 1) return Conflict("compartments: id or name exists");
  return Status::Ok();
}

Result<std::vector<CompartmentRow>> PostgresTx::ListCompartments(const std::string& org_id) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT id, org_id, name FROM compartments WHERE org_id = $1 ORDER BY id", org_id));
  std::vector<CompartmentRow> out;
  for (const pqxx::row& row : r) out.push_back({Text(row[0]), Text(row[1]), Text(row[2])});
  return out;
}

Status PostgresTx::InsertSession(const SessionRow& session) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
           "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
           session.token_hash, session.user_id, session.csrf_token, session.created_at,
           session.expires_at));
  if (r.affected_rows() != 1) return Conflict("sessions: token exists");
  return Status::Ok();
}

Result<SessionRow> PostgresTx::GetSession(const std::string& token_hash) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
           "WHERE token_hash = $1",
           token_hash));
  if (r.empty()) return NotFound("no such session");
  const pqxx::row& s = r[0];
  return SessionRow{Text(s[0]), Text(s[1]), Text(s[2]), Text(s[3]), Text(s[4])};
}

Status PostgresTx::DeleteSession(const std::string& token_hash) {
  return Exec("DELETE FROM sessions WHERE token_hash = $1", token_hash).status();
}

Status PostgresTx::InsertApiToken(const ApiTokenRow& token) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("INSERT INTO api_tokens (id, token_hash, user_id, label, created_at) "
           "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
           token.id, token.token_hash, token.user_id, token.label, token.created_at));
  if (r.affected_rows() != 1) return Conflict("api_tokens: token exists");
  return Status::Ok();
}

Result<ApiTokenRow> PostgresTx::GetApiToken(const std::string& token_hash) {
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("SELECT id, token_hash, user_id, label, created_at FROM api_tokens "
                             "WHERE token_hash = $1",
                             token_hash));
  if (r.empty()) return NotFound("no such token");
  const pqxx::row& s = r[0];
  return ApiTokenRow{Text(s[0]), Text(s[1]), Text(s[2]), Text(s[3]), Text(s[4])};
}

Result<CredentialHolder> PostgresTx::GetCredentialHolder(CredentialKind kind,
                                                         const std::string& token_hash) {
  // One round trip for what every authenticated request needs (the table name is chosen here).
  static constexpr const char* kColumns =
      "SELECT u.id, u.org_id, u.email, u.display_name, u.role, u.disabled, u.created_at, "
      "(SELECT string_agg(compartment_id, ',') FROM user_compartments WHERE user_id = u.id), ";
  static const std::string kByToken = std::string(kColumns) +
                                      "'', '' FROM api_tokens c JOIN users u ON u.id = c.user_id "
                                      "WHERE c.token_hash = $1";
  static const std::string kBySession = std::string(kColumns) +
                                        "c.csrf_token, c.expires_at FROM sessions c "
                                        "JOIN users u ON u.id = c.user_id WHERE c.token_hash = $1";
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r, Exec(kind == CredentialKind::kApiToken ? kByToken : kBySession, token_hash));
  if (r.empty()) return NotFound("no such credential");
  const pqxx::row& s = r[0];
  CredentialHolder out;
  out.user = UserRow{Text(s[0]),
                     Text(s[1]),
                     Text(s[2]),
                     Text(s[3]),
                     Text(s[4]),
                     "",
                     SplitCompartmentIds(Text(s[7])),
                     Int(s[5]) != 0,
                     Text(s[6])};
  out.csrf_token = Text(s[8]);
  out.expires_at = Text(s[9]);
  return out;
}

Status PostgresTx::RefreshChildTerms(const std::string& parent_id) {
  if (parent_id.empty()) return Status::Ok();
  GIAI_RETURN_IF_ERROR(Exec("DELETE FROM child_terms WHERE record_id = $1", parent_id).status());
  // Only parents that are records themselves (an act's incident, a unit's parent unit).
  return Exec(
             "INSERT INTO child_terms (term, record_id) "
             "SELECT t.term, c.parent_id FROM records c JOIN record_terms t "
             "ON t.record_id = c.id WHERE c.parent_id = $1 "
             "AND EXISTS (SELECT 1 FROM records p WHERE p.id = $1) ON CONFLICT DO NOTHING",
             parent_id)
      .status();
}

Status PostgresTx::AddChildTerms(const RecordRow& row) {
  // A new child only adds to its parent's terms (see SqliteTx::AddChildTerms).
  if (row.parent_id.empty()) return Status::Ok();
  for (const std::string& term : row.terms) {
    GIAI_RETURN_IF_ERROR(
        Exec("INSERT INTO child_terms (term, record_id) "
             "SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM records p WHERE p.id = $2) "
             "ON CONFLICT DO NOTHING",
             term, row.parent_id)
            .status());
  }
  return Status::Ok();
}

Status PostgresTx::WriteTerms(const RecordRow& row) {
  GIAI_RETURN_IF_ERROR(Exec("DELETE FROM record_terms WHERE record_id = $1", row.id).status());
  for (const std::string& term : row.terms) {
    GIAI_RETURN_IF_ERROR(Exec("INSERT INTO record_terms (term, record_id) VALUES ($1, $2) "
                              "ON CONFLICT DO NOTHING",
                              term, row.id)
                             .status());
  }
  return Status::Ok();
}

Result<std::vector<std::string>> PostgresTx::LoadTerms(const std::string& record_id) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT term FROM record_terms WHERE record_id = $1 ORDER BY term", record_id));
  std::vector<std::string> out;
  for (const pqxx::row& row : r) out.push_back(Text(row[0]));
  return out;
}

Status PostgresTx::InsertRecord(const RecordRow& row) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("INSERT INTO records (id, kind, org_id, compartment_id, version, created_at, "
           "updated_at, created_by, body, country, earliest, latest, parent_id) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
           "ON CONFLICT DO NOTHING",
           row.id, row.kind, row.org_id, NullIfEmpty(row.compartment_id), row.version,
           row.created_at, row.updated_at, row.created_by, row.body, NullIfEmpty(row.country),
           OptionalInt(row.earliest).get(), OptionalInt(row.latest).get(),
           NullIfEmpty(row.parent_id)));
  if (r.affected_rows() != 1) return Conflict("records: id exists");
  GIAI_RETURN_IF_ERROR(WriteTerms(row));
  return AddChildTerms(row);
}

namespace {
constexpr const char* kRecordColumns =
    "id, kind, org_id, compartment_id, version, created_at, updated_at, created_by, body, "
    "country, earliest, latest, parent_id";

RecordRow ReadRecord(const pqxx::row& s) {
  RecordRow r;
  r.id = Text(s[0]);
  r.kind = Text(s[1]);
  r.org_id = Text(s[2]);
  r.compartment_id = Text(s[3]);
  r.version = Int(s[4]);
  r.created_at = Text(s[5]);
  r.updated_at = Text(s[6]);
  r.created_by = Text(s[7]);
  r.body = Text(s[8]);
  r.country = Text(s[9]);
  r.earliest = MaybeInt(s[10]);
  r.latest = MaybeInt(s[11]);
  r.parent_id = Text(s[12]);
  return r;
}
}  // namespace

Result<RecordRow> PostgresTx::GetRecord(const std::string& id) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec(std::string("SELECT ") + kRecordColumns + " FROM records WHERE id = $1", id));
  if (r.empty()) return NotFound("no such record");
  RecordRow row = ReadRecord(r[0]);
  GIAI_ASSIGN_OR_RETURN(row.terms, LoadTerms(row.id));
  return row;
}

Status PostgresTx::UpdateRecord(const RecordRow& row, std::int64_t expected_version) {
  std::string old_parent;
  {
    GIAI_ASSIGN_OR_RETURN(pqxx::result p,
                          Exec("SELECT parent_id FROM records WHERE id = $1", row.id));
    if (!p.empty()) old_parent = Text(p[0][0]);
  }
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("UPDATE records SET version = $2, updated_at = $3, body = $4, country = $5, "
           "earliest = $6, latest = $7, parent_id = $8, compartment_id = $9 "
           "WHERE id = $1 AND version = $10",
           row.id, row.version, row.updated_at, row.body, NullIfEmpty(row.country),
           OptionalInt(row.earliest).get(), OptionalInt(row.latest).get(),
           NullIfEmpty(row.parent_id), NullIfEmpty(row.compartment_id), expected_version));
  if (r.affected_rows() != 1) {
    return Status(Code::kPreconditionFailed, "the record changed since it was read");
  }
  GIAI_RETURN_IF_ERROR(WriteTerms(row));
  GIAI_RETURN_IF_ERROR(RefreshChildTerms(row.parent_id));
  if (old_parent != row.parent_id) return RefreshChildTerms(old_parent);
  return Status::Ok();
}

Result<std::vector<RecordRow>> PostgresTx::ListRecords(const RecordQuery& q) {
  // Built from fixed fragments; every value is a parameter. Each shape is prepared once per
  // connection (the number of shapes is bounded by the filters' combinations).
  std::string sql = std::string("SELECT ") + kRecordColumns +
                    " FROM records r WHERE r.org_id = $1 AND r.kind = $2 AND r.id > $3";
  std::vector<std::string> params = {q.org_id, q.kind, q.after_id};
  auto param = [&](std::string value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  sql += " AND (r.compartment_id IS NULL";
  for (const std::string& c : q.compartments) sql += " OR r.compartment_id = " + param(c);
  sql += ")";
  if (!q.country.empty()) sql += " AND r.country = " + param(q.country);
  if (q.from) {
    sql += " AND (r.latest IS NULL OR r.latest >= " + param(std::to_string(*q.from)) + "::bigint)";
  }
  if (q.to) {
    sql +=
        " AND (r.earliest IS NULL OR r.earliest <= " + param(std::to_string(*q.to)) + "::bigint)";
  }
  if (!q.parent_id.empty()) sql += " AND r.parent_id = " + param(q.parent_id);
  for (const std::string& term : q.terms) {
    std::string p = param(term);
    sql += " AND (r.id IN (SELECT record_id FROM record_terms WHERE term = " + p + ")";
    if (q.terms_via_children) {
      sql += " OR r.id IN (SELECT record_id FROM child_terms WHERE term = " + p + ")";
    }
    sql += ")";
  }
  sql += " ORDER BY r.id LIMIT " + param(std::to_string(q.limit)) + "::bigint";
  GIAI_ASSIGN_OR_RETURN(pqxx::result r, Exec(sql, pqxx::prepare::make_dynamic_params(params)));
  std::vector<RecordRow> out;
  for (const pqxx::row& row : r) out.push_back(ReadRecord(row));
  if (!q.load_terms) return out;
  for (RecordRow& row : out) {
    GIAI_ASSIGN_OR_RETURN(row.terms, LoadTerms(row.id));
  }
  return out;
}

Result<std::vector<RecordRow>> PostgresTx::LatestChildren(
    const std::string& org_id, const std::vector<std::string>& kinds,
    const std::vector<std::string>& parent_ids) {
  std::vector<RecordRow> out;
  if (kinds.empty() || parent_ids.empty()) return out;
  // The lists travel as JSON arrays, one parameter each, so one prepared statement serves any
  // number of parents; DISTINCT ON keeps the highest id per (parent, kind).
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec(std::string("SELECT DISTINCT ON (r.parent_id, r.kind) ") + kRecordColumns +
               " FROM records r WHERE r.org_id = $1 AND r.compartment_id IS NULL"
               " AND r.kind IN (SELECT jsonb_array_elements_text($2::jsonb))"
               " AND r.parent_id IN (SELECT jsonb_array_elements_text($3::jsonb))"
               " ORDER BY r.parent_id, r.kind, r.id DESC",
           org_id, nlohmann::json(kinds).dump(), nlohmann::json(parent_ids).dump()));
  for (const pqxx::row& row : r) out.push_back(ReadRecord(row));
  return out;
}

Status PostgresTx::PutSealed(const SealedRow& row) {
  return Exec(
             "INSERT INTO sealed (object_id, field, version, wrapped_key, ciphertext) "
             "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (object_id, field) DO UPDATE SET "
             "version = excluded.version, wrapped_key = excluded.wrapped_key, "
             "ciphertext = excluded.ciphertext",
             row.object_id, row.field, row.version, pqxx::binarystring(row.wrapped_key),
             pqxx::binarystring(row.ciphertext))
      .status();
}

Result<SealedRow> PostgresTx::GetSealed(const std::string& object_id, const std::string& field) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r, Exec("SELECT object_id, field, version, wrapped_key, ciphertext FROM sealed "
                           "WHERE object_id = $1 AND field = $2",
                           object_id, field));
  if (r.empty()) return NotFound("no such protected field");
  const pqxx::row& s = r[0];
  return SealedRow{Text(s[0]), Text(s[1]), Int(s[2]), Bytes(s[3]), Bytes(s[4])};
}

Status PostgresTx::ShredSealed(const std::string& object_id, const std::string& field) {
  // PostgreSQL writes a new row version; the old one is reclaimed by VACUUM (see
  // docs/OPERATIONS.md: erasure on PostgreSQL needs a VACUUM to overwrite the freed bytes).
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("UPDATE sealed SET wrapped_key = '\\x'::bytea, "
                             "ciphertext = '\\x'::bytea WHERE object_id = $1 AND field = $2",
                             object_id, field));
  if (r.affected_rows() != 1) return NotFound("nothing to erase");
  return Status::Ok();
}

Status PostgresTx::AppendAudit(const AuditRow& e) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("INSERT INTO audit_events (id, at, org_id, user_id, action, record_id, purpose, "
           "outcome, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
           "ON CONFLICT DO NOTHING",
           e.id, e.at, NullIfEmpty(e.org_id), NullIfEmpty(e.user_id), e.action,
           NullIfEmpty(e.record_id), NullIfEmpty(e.purpose), e.outcome, NullIfEmpty(e.request_id)));
  if (r.affected_rows() != 1) return Conflict("audit_events: id exists");
  return Status::Ok();
}

Result<std::vector<AuditRow>> PostgresTx::ListAudit(const std::string& org_id,
                                                    const std::string& after_id, int limit) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT id, at, org_id, user_id, action, record_id, purpose, outcome, request_id "
           "FROM audit_events WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
           org_id, after_id, std::int64_t{limit}));
  std::vector<AuditRow> out;
  for (const pqxx::row& s : r) {
    out.push_back({Text(s[0]), Text(s[1]), Text(s[2]), Text(s[3]), Text(s[4]), Text(s[5]),
                   Text(s[6]), Text(s[7]), Text(s[8])});
  }
  return out;
}

Result<IdempotencyRow> PostgresTx::GetIdempotency(const std::string& user_id,
                                                  const std::string& key) {
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("SELECT user_id, key, request_hash, status, location, created_at "
                             "FROM idempotency WHERE user_id = $1 AND key = $2",
                             user_id, key));
  if (r.empty()) return NotFound("no such idempotency key");
  const pqxx::row& s = r[0];
  return IdempotencyRow{Text(s[0]), Text(s[1]), Text(s[2]), static_cast<int>(Int(s[3])),
                        Text(s[4]), Text(s[5])};
}

Status PostgresTx::PutIdempotency(const IdempotencyRow& row) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("INSERT INTO idempotency (user_id, key, request_hash, status, location, created_at) "
           "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
           row.user_id, row.key, row.request_hash, std::int64_t{row.status}, row.location,
           row.created_at));
  if (r.affected_rows() != 1) return Conflict("idempotency: key exists");
  return Status::Ok();
}

}  // namespace giai::store::postgres

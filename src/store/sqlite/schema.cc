// The SQLite schema as numbered migrations. A migration is never edited once released: change
// the schema by appending one. Applied in order at open; `PRAGMA user_version` records the last.
#include "store/sqlite/schema.h"

namespace giai::store::sqlite {

const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: documentation core, accounts, audit.
      R"sql(
CREATE TABLE organisations (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  created_at TEXT NOT NULL, wrapped_key BLOB NOT NULL);
CREATE TABLE users (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
  email TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE compartments (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id), name TEXT NOT NULL,
  UNIQUE (org_id, name));
CREATE TABLE user_compartments (
  user_id TEXT NOT NULL REFERENCES users(id),
  compartment_id TEXT NOT NULL REFERENCES compartments(id),
  PRIMARY KEY (user_id, compartment_id)) WITHOUT ROWID;
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL REFERENCES users(id),
  label TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE records (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, org_id TEXT NOT NULL REFERENCES organisations(id),
  compartment_id TEXT REFERENCES compartments(id), version INTEGER NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT NOT NULL,
  body TEXT NOT NULL, country TEXT, earliest INTEGER, latest INTEGER, parent_id TEXT);
CREATE INDEX records_by_org_kind ON records (org_id, kind, id);
CREATE INDEX records_by_parent ON records (parent_id);
CREATE TABLE record_terms (
  term TEXT NOT NULL, record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  PRIMARY KEY (term, record_id)) WITHOUT ROWID;
CREATE INDEX record_terms_by_record ON record_terms (record_id);
CREATE TABLE sealed (
  object_id TEXT NOT NULL, field TEXT NOT NULL, version INTEGER NOT NULL,
  wrapped_key BLOB NOT NULL, ciphertext BLOB NOT NULL, PRIMARY KEY (object_id, field));
CREATE TABLE audit_events (
  id TEXT PRIMARY KEY, at TEXT NOT NULL, org_id TEXT, user_id TEXT, action TEXT NOT NULL,
  record_id TEXT, purpose TEXT, outcome TEXT NOT NULL, request_id TEXT);
CREATE INDEX audit_events_by_org ON audit_events (org_id, id);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TABLE idempotency (
  user_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
  location TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (user_id, key));
)sql",
      // 2: terms of a record's children, kept on the parent, so that "incidents with an act
      // qualified as X" is one index range instead of a join per listed incident.
      R"sql(
CREATE TABLE child_terms (
  term TEXT NOT NULL, record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  PRIMARY KEY (term, record_id)) WITHOUT ROWID;
CREATE INDEX child_terms_by_record ON child_terms (record_id);
INSERT OR IGNORE INTO child_terms (term, record_id)
  SELECT t.term, c.parent_id FROM records c JOIN record_terms t ON t.record_id = c.id
  WHERE c.parent_id IS NOT NULL AND c.parent_id IN (SELECT id FROM records);
)sql",
      // 3: the transparency log (leaves, perfect-subtree roots, signed checkpoints) and the
      // chain of custody of evidence items. All append-only.
      R"sql(
CREATE TABLE ledger_leaves (
  idx INTEGER PRIMARY KEY, hash BLOB NOT NULL, data BLOB NOT NULL);
CREATE TABLE ledger_nodes (
  level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE ledger_checkpoints (
  size INTEGER PRIMARY KEY, note TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE custody_events (
  id TEXT PRIMARY KEY, item_id TEXT NOT NULL, org_id TEXT NOT NULL, at TEXT NOT NULL,
  event TEXT NOT NULL, actor_id TEXT, purpose TEXT, details TEXT NOT NULL,
  leaf_index INTEGER, request_id TEXT);
CREATE INDEX custody_events_by_item ON custody_events (item_id, id);
CREATE TRIGGER ledger_leaves_no_update BEFORE UPDATE ON ledger_leaves
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_leaves_no_delete BEFORE DELETE ON ledger_leaves
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_nodes_no_update BEFORE UPDATE ON ledger_nodes
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_nodes_no_delete BEFORE DELETE ON ledger_nodes
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
  BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
  BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
  BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
  BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
)sql",
      // 4: the versions of one record (a person's consents and restrictions, an incident's acts)
      // by parent, in id order. With only (org_id, kind, id) to choose from, "the consents of
      // this person" scanned every consent of the organisation: quadratic over a linkage job.
      // Lists filtered by country walk that country's records only.
      R"sql(
CREATE INDEX records_by_parent_kind ON records (parent_id, org_id, kind, id);
DROP INDEX records_by_parent;
CREATE INDEX records_by_org_kind_country ON records (org_id, kind, country, id);
)sql",
  };
  return kMigrations;
}

}  // namespace giai::store::sqlite

// PostgreSQL migrations; numbering follows store/sqlite/schema.cc exactly.
#include "store/postgres/schema.h"

namespace giai::store::postgres {

const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: documentation core, accounts, audit.
      R"sql(
CREATE TABLE organisations (
  id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  created_at TEXT NOT NULL, wrapped_key BYTEA NOT NULL);
CREATE TABLE users (
  id TEXT COLLATE "C" PRIMARY KEY, org_id TEXT COLLATE "C" NOT NULL REFERENCES organisations(id),
  email TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE compartments (
  id TEXT COLLATE "C" PRIMARY KEY, org_id TEXT COLLATE "C" NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL, UNIQUE (org_id, name));
CREATE TABLE user_compartments (
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
  compartment_id TEXT COLLATE "C" NOT NULL REFERENCES compartments(id),
  PRIMARY KEY (user_id, compartment_id));
CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY, user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE api_tokens (
  id TEXT COLLATE "C" PRIMARY KEY, token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id), label TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE records (
  id TEXT COLLATE "C" PRIMARY KEY, kind TEXT COLLATE "C" NOT NULL,
  org_id TEXT COLLATE "C" NOT NULL REFERENCES organisations(id),
  compartment_id TEXT COLLATE "C" REFERENCES compartments(id), version BIGINT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT NOT NULL,
  body TEXT NOT NULL, country TEXT COLLATE "C", earliest BIGINT, latest BIGINT,
  parent_id TEXT COLLATE "C");
CREATE INDEX records_by_org_kind ON records (org_id, kind, id);
CREATE INDEX records_by_parent ON records (parent_id);
CREATE TABLE record_terms (
  term TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  PRIMARY KEY (term, record_id));
CREATE INDEX record_terms_by_record ON record_terms (record_id);
CREATE TABLE sealed (
  object_id TEXT COLLATE "C" NOT NULL, field TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL,
  wrapped_key BYTEA NOT NULL, ciphertext BYTEA NOT NULL, PRIMARY KEY (object_id, field));
CREATE TABLE audit_events (
  id TEXT COLLATE "C" PRIMARY KEY, at TEXT NOT NULL, org_id TEXT COLLATE "C",
  user_id TEXT COLLATE "C", action TEXT NOT NULL, record_id TEXT COLLATE "C", purpose TEXT,
  outcome TEXT NOT NULL, request_id TEXT);
CREATE INDEX audit_events_by_org ON audit_events (org_id, id);
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
CREATE TABLE idempotency (
  user_id TEXT COLLATE "C" NOT NULL, key TEXT COLLATE "C" NOT NULL, request_hash TEXT NOT NULL,
  status INTEGER NOT NULL, location TEXT NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key));
)sql",
      // 2: terms of a record's children, kept on the parent (see the SQLite migration 2).
      R"sql(
CREATE TABLE child_terms (
  term TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  PRIMARY KEY (term, record_id));
CREATE INDEX child_terms_by_record ON child_terms (record_id);
INSERT INTO child_terms (term, record_id)
  SELECT t.term, c.parent_id FROM records c JOIN record_terms t ON t.record_id = c.id
  WHERE c.parent_id IS NOT NULL AND c.parent_id IN (SELECT id FROM records)
  ON CONFLICT DO NOTHING;
)sql",
      // 3: the transparency log (leaves, perfect-subtree roots, signed checkpoints) and the
      // chain of custody of evidence items. All append-only.
      R"sql(
CREATE TABLE ledger_leaves (
  idx BIGINT PRIMARY KEY, hash BYTEA NOT NULL, data BYTEA NOT NULL);
CREATE TABLE ledger_nodes (
  level BIGINT NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL, PRIMARY KEY (level, idx));
CREATE TABLE ledger_checkpoints (
  size BIGINT PRIMARY KEY, note TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE custody_events (
  id TEXT COLLATE "C" PRIMARY KEY, item_id TEXT COLLATE "C" NOT NULL,
  org_id TEXT COLLATE "C" NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL,
  actor_id TEXT COLLATE "C", purpose TEXT, details TEXT NOT NULL, leaf_index BIGINT,
  request_id TEXT);
CREATE INDEX custody_events_by_item ON custody_events (item_id, id);
CREATE FUNCTION giai_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER ledger_leaves_append_only BEFORE UPDATE OR DELETE ON ledger_leaves
  FOR EACH ROW EXECUTE FUNCTION giai_append_only();
CREATE TRIGGER ledger_nodes_append_only BEFORE UPDATE OR DELETE ON ledger_nodes
  FOR EACH ROW EXECUTE FUNCTION giai_append_only();
CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints
  FOR EACH ROW EXECUTE FUNCTION giai_append_only();
CREATE TRIGGER custody_events_append_only BEFORE UPDATE OR DELETE ON custody_events
  FOR EACH ROW EXECUTE FUNCTION giai_append_only();
CREATE TRIGGER ledger_leaves_no_truncate BEFORE TRUNCATE ON ledger_leaves
  FOR EACH STATEMENT EXECUTE FUNCTION giai_append_only();
CREATE TRIGGER ledger_nodes_no_truncate BEFORE TRUNCATE ON ledger_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION giai_append_only();
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION giai_append_only();
CREATE TRIGGER custody_events_no_truncate BEFORE TRUNCATE ON custody_events
  FOR EACH STATEMENT EXECUTE FUNCTION giai_append_only();
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

}  // namespace giai::store::postgres

// SqliteTx: the transparency log and the chain of custody (see store.h for the contracts).
// Writes are serialised by SqliteStore, so the compare-and-swaps below are plain reads and
// checks inside the write transaction.
#include "store/sqlite/sqlite_tx.h"

namespace giai::store::sqlite {

using internal::Statement;

namespace {

#define GIAI_PREPARE(var, sql)     \
  Statement var(statements_, sql); \
  GIAI_RETURN_IF_ERROR(var.prepared())

std::int64_t Signed(std::uint64_t v) { return static_cast<std::int64_t>(v); }

}  // namespace

Result<std::uint64_t> SqliteTx::LedgerSize() {
  GIAI_PREPARE(s, "SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_leaves");
  if (s.Step()) return static_cast<std::uint64_t>(s.Int(0));
  GIAI_RETURN_IF_ERROR(s.status());
  return Internal("ledger size query returned no row");
}

Status SqliteTx::LedgerAppend(std::uint64_t expected_size, const std::vector<LedgerLeafRow>& leaves,
                              const std::vector<LedgerNodeRow>& nodes) {
  GIAI_ASSIGN_OR_RETURN(std::uint64_t size, LedgerSize());
  if (size != expected_size) return Conflict("the ledger grew meanwhile");
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    if (leaves[i].index != expected_size + i) return InvalidInput("ledger leaves out of order");
    GIAI_PREPARE(s, "INSERT INTO ledger_leaves (idx, hash, data) VALUES (?1, ?2, ?3)");
    s.Bind(1, Signed(leaves[i].index)).BindBlob(2, leaves[i].hash).BindBlob(3, leaves[i].data);
    GIAI_RETURN_IF_ERROR(s.Run());
  }
  for (const LedgerNodeRow& node : nodes) {
    GIAI_PREPARE(s, "INSERT INTO ledger_nodes (level, idx, hash) VALUES (?1, ?2, ?3)");
    s.Bind(1, std::int64_t{node.level}).Bind(2, Signed(node.index)).BindBlob(3, node.hash);
    GIAI_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

Result<std::string> SqliteTx::LedgerNode(std::uint32_t level, std::uint64_t index) {
  if (level == 0) {
    GIAI_PREPARE(s, "SELECT hash FROM ledger_leaves WHERE idx = ?1");
    s.Bind(1, Signed(index));
    if (s.Step()) return s.Text(0);
    GIAI_RETURN_IF_ERROR(s.status());
    return NotFound("no such ledger leaf");
  }
  GIAI_PREPARE(s, "SELECT hash FROM ledger_nodes WHERE level = ?1 AND idx = ?2");
  s.Bind(1, std::int64_t{level}).Bind(2, Signed(index));
  if (s.Step()) return s.Text(0);
  GIAI_RETURN_IF_ERROR(s.status());
  return NotFound("no such ledger node");
}

Result<std::vector<LedgerLeafRow>> SqliteTx::LedgerLeaves(std::uint64_t from, int limit) {
  GIAI_PREPARE(s,
               "SELECT idx, hash, data FROM ledger_leaves WHERE idx >= ?1 ORDER BY idx LIMIT ?2");
  s.Bind(1, Signed(from)).Bind(2, std::int64_t{limit});
  std::vector<LedgerLeafRow> out;
  while (s.Step()) out.push_back({static_cast<std::uint64_t>(s.Int(0)), s.Text(1), s.Text(2)});
  GIAI_RETURN_IF_ERROR(s.status());
  return out;
}

Status SqliteTx::PutCheckpoint(const CheckpointRow& row,
                               std::optional<std::uint64_t> previous_size) {
  Result<CheckpointRow> latest = LatestCheckpoint();
  if (!latest.ok() && latest.status().code() != Code::kNotFound) return latest.status();
  const std::optional<std::uint64_t> current =
      latest.ok() ? std::optional<std::uint64_t>(latest->size) : std::nullopt;
  if (current != previous_size) return Conflict("another checkpoint was stored meanwhile");
  if (current && row.size <= *current) return Conflict("a checkpoint must cover a larger tree");
  GIAI_PREPARE(s, "INSERT INTO ledger_checkpoints (size, note, at) VALUES (?1, ?2, ?3)");
  s.Bind(1, Signed(row.size)).Bind(2, row.note).Bind(3, row.at);
  return s.Run();
}

Result<CheckpointRow> SqliteTx::LatestCheckpoint() {
  GIAI_PREPARE(s, "SELECT size, note, at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1");
  if (s.Step()) return CheckpointRow{static_cast<std::uint64_t>(s.Int(0)), s.Text(1), s.Text(2)};
  GIAI_RETURN_IF_ERROR(s.status());
  return NotFound("no checkpoint yet");
}

Result<std::vector<CheckpointRow>> SqliteTx::ListCheckpoints(std::uint64_t after_size, int limit) {
  GIAI_PREPARE(s,
               "SELECT size, note, at FROM ledger_checkpoints WHERE size > ?1 ORDER BY size "
               "LIMIT ?2");
  s.Bind(1, Signed(after_size)).Bind(2, std::int64_t{limit});
  std::vector<CheckpointRow> out;
  while (s.Step()) out.push_back({static_cast<std::uint64_t>(s.Int(0)), s.Text(1), s.Text(2)});
  GIAI_RETURN_IF_ERROR(s.status());
  return out;
}

Status SqliteTx::AppendCustody(const CustodyRow& e) {
  GIAI_PREPARE(s,
               "INSERT INTO custody_events (id, item_id, org_id, at, event, actor_id, purpose, "
               "details, leaf_index, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  s.Bind(1, e.id).Bind(2, e.item_id).Bind(3, e.org_id).Bind(4, e.at).Bind(5, e.event);
  s.BindNullIfEmpty(6, e.actor_id).BindNullIfEmpty(7, e.purpose).Bind(8, e.details);
  s.Bind(9, e.leaf_index >= 0 ? std::optional<std::int64_t>(e.leaf_index) : std::nullopt);
  s.BindNullIfEmpty(10, e.request_id);
  return s.Run();
}

Result<std::vector<CustodyRow>> SqliteTx::ListCustody(const std::string& item_id) {
  GIAI_PREPARE(s,
               "SELECT id, item_id, org_id, at, event, actor_id, purpose, details, leaf_index, "
               "request_id FROM custody_events WHERE item_id = ?1 ORDER BY id");
  s.Bind(1, item_id);
  std::vector<CustodyRow> out;
  while (s.Step()) {
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Text(7), s.OptionalInt(8).value_or(-1), s.Text(9)});
  }
  GIAI_RETURN_IF_ERROR(s.status());
  return out;
}

}  // namespace giai::store::sqlite

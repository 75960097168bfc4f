// PostgresTx: the transparency log and the chain of custody (see store.h for the contracts).
// Writers run concurrently under SERIALIZABLE: the compare-and-swaps below read the current size,
// then insert with ON CONFLICT DO NOTHING; two writers appending at the same size cannot both
// commit (the loser gets kConflict, or a serialisation failure and, rerun, kConflict).
#include "store/postgres/postgres_tx.h"

namespace giai::store::postgres {

using internal::Bytes;
using internal::Int;
using internal::MaybeInt;
using internal::NullIfEmpty;
using internal::OptionalInt;
using internal::Text;

namespace {
std::int64_t Signed(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t Unsigned(const pqxx::field& f) { return static_cast<std::uint64_t>(Int(f)); }
}  // namespace

Result<std::uint64_t> PostgresTx::LedgerSize() {
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_leaves"));
  if (r.empty()) return Internal("ledger size query returned no row");
  return Unsigned(r[0][0]);
}

Status PostgresTx::LedgerAppend(std::uint64_t expected_size,
                                const std::vector<LedgerLeafRow>& leaves,
                                const std::vector<LedgerNodeRow>& nodes) {
  GIAI_ASSIGN_OR_RETURN(std::uint64_t size, LedgerSize());
  if (size != expected_size) return Conflict("the ledger grew meanwhile");
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    if (leaves[i].index != expected_size + i) return InvalidInput("ledger leaves out of order");
    GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                          Exec("INSERT INTO ledger_leaves (idx, hash, data) VALUES ($1, $2, $3) "
                               "ON CONFLICT DO NOTHING",
                               Signed(leaves[i].index), pqxx::binarystring(leaves[i].hash),
                               pqxx::binarystring(leaves[i].data)));
    if (r.affected_rows() != 1) return Conflict("the ledger grew meanwhile");
  }
  for (const LedgerNodeRow& node : nodes) {
    GIAI_ASSIGN_OR_RETURN(
        pqxx::result r,
        Exec("INSERT INTO ledger_nodes (level, idx, hash) VALUES ($1, $2, $3) "
             "ON CONFLICT DO NOTHING",
             std::int64_t{node.level}, Signed(node.index), pqxx::binarystring(node.hash)));
    if (r.affected_rows() != 1) return Conflict("ledger node exists");
  }
  return Status::Ok();
}

Result<std::string> PostgresTx::LedgerNode(std::uint32_t level, std::uint64_t index) {
  if (level == 0) {
    GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                          Exec("SELECT hash FROM ledger_leaves WHERE idx = $1", Signed(index)));
    if (r.empty()) return NotFound("no such ledger leaf");
    return Bytes(r[0][0]);
  }
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("SELECT hash FROM ledger_nodes WHERE level = $1 AND idx = $2",
                             std::int64_t{level}, Signed(index)));
  if (r.empty()) return NotFound("no such ledger node");
  return Bytes(r[0][0]);
}

Result<std::vector<LedgerLeafRow>> PostgresTx::LedgerLeaves(std::uint64_t from, int limit) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT idx, hash, data FROM ledger_leaves WHERE idx >= $1 ORDER BY idx LIMIT $2",
           Signed(from), std::int64_t{limit}));
  std::vector<LedgerLeafRow> out;
  for (const pqxx::row& row : r) out.push_back({Unsigned(row[0]), Bytes(row[1]), Bytes(row[2])});
  return out;
}

Status PostgresTx::PutCheckpoint(const CheckpointRow& row,
                                 std::optional<std::uint64_t> previous_size) {
  Result<CheckpointRow> latest = LatestCheckpoint();
  if (!latest.ok() && latest.status().code() != Code::kNotFound) return latest.status();
  const std::optional<std::uint64_t> current =
      latest.ok() ? std::optional<std::uint64_t>(latest->size) : std::nullopt;
  if (current != previous_size) return Conflict("another checkpoint was stored meanwhile");
  if (current && row.size <= *current) return Conflict("a checkpoint must cover a larger tree");
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("INSERT INTO ledger_checkpoints (size, note, at) VALUES ($1, $2, $3) "
                             "ON CONFLICT DO NOTHING",
                             Signed(row.size), row.note, row.at));
  if (r.affected_rows() != 1) return Conflict("another checkpoint was stored meanwhile");
  return Status::Ok();
}

Result<CheckpointRow> PostgresTx::LatestCheckpoint() {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT size, note, at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1"));
  if (r.empty()) return NotFound("no checkpoint yet");
  return CheckpointRow{Unsigned(r[0][0]), Text(r[0][1]), Text(r[0][2])};
}

Result<std::vector<CheckpointRow>> PostgresTx::ListCheckpoints(std::uint64_t after_size,
                                                               int limit) {
  GIAI_ASSIGN_OR_RETURN(pqxx::result r,
                        Exec("SELECT size, note, at FROM ledger_checkpoints WHERE size > $1 "
                             "ORDER BY size LIMIT $2",
                             Signed(after_size), std::int64_t{limit}));
  std::vector<CheckpointRow> out;
  for (const pqxx::row& row : r) out.push_back({Unsigned(row[0]), Text(row[1]), Text(row[2])});
  return out;
}

Status PostgresTx::AppendCustody(const CustodyRow& e) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("INSERT INTO custody_events (id, item_id, org_id, at, event, actor_id, purpose, "
           "details, leaf_index, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
           "ON CONFLICT DO NOTHING",
           e.id, e.item_id, e.org_id, e.at, e.event, NullIfEmpty(e.actor_id),
           NullIfEmpty(e.purpose), e.details,
           OptionalInt(e.leaf_index >= 0 ? std::optional<std::int64_t>(e.leaf_index) : std::nullopt)
               .get(),
           NullIfEmpty(e.request_id)));
  if (r.affected_rows() != 1) return Conflict("custody_events: id exists");
  return Status::Ok();
}

Result<std::vector<CustodyRow>> PostgresTx::ListCustody(const std::string& item_id) {
  GIAI_ASSIGN_OR_RETURN(
      pqxx::result r,
      Exec("SELECT id, item_id, org_id, at, event, actor_id, purpose, details, leaf_index, "
           "request_id FROM custody_events WHERE item_id = $1 ORDER BY id",
           item_id));
  std::vector<CustodyRow> out;
  for (const pqxx::row& s : r) {
    out.push_back({Text(s[0]), Text(s[1]), Text(s[2]), Text(s[3]), Text(s[4]), Text(s[5]),
                   Text(s[6]), Text(s[7]), MaybeInt(s[8]).value_or(-1), Text(s[9])});
  }
  return out;
}

}  // namespace giai::store::postgres

#include "store/ledger_leaf_store.h"

#include "ledger/merkle.h"

namespace giai::store {

namespace {
std::string Bytes(const ledger::Hash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}
}  // namespace

Status TxLeafStore::Append(std::uint64_t expected_size, std::span<const ledger::Hash> leaf_hashes,
                           std::span<const ledger::StoredNode> inner_nodes) {
  std::vector<std::string> data = std::move(staged_);
  staged_.clear();
  if (!data.empty() && data.size() != leaf_hashes.size()) {
    return Internal("staged ledger leaves do not match the appended hashes");
  }
  std::vector<LedgerLeafRow> leaves;
  leaves.reserve(leaf_hashes.size());
  for (std::size_t i = 0; i < leaf_hashes.size(); ++i) {
    LedgerLeafRow row{expected_size + i, Bytes(leaf_hashes[i]), data.empty() ? "" : data[i]};
    if (!data.empty() && ledger::HashLeaf(row.data) != leaf_hashes[i]) {
      return Internal("staged ledger leaf does not hash to its leaf hash");
    }
    leaves.push_back(std::move(row));
  }
  std::vector<LedgerNodeRow> nodes;
  nodes.reserve(inner_nodes.size());
  for (const ledger::StoredNode& n : inner_nodes) {
    nodes.push_back({n.id.level, n.id.index, Bytes(n.hash)});
  }
  return tx_.LedgerAppend(expected_size, leaves, nodes);
}

Result<ledger::Hash> TxLeafStore::GetNode(ledger::NodeId id) const {
  GIAI_ASSIGN_OR_RETURN(std::string bytes, tx_.LedgerNode(id.level, id.index));
  Result<ledger::Hash> h = ledger::HashFromBytes(bytes);
  if (!h.ok()) return Integrity("ledger node is damaged");
  return h;
}

Result<std::uint64_t> StoreLeafStore::Size() const {
  std::uint64_t size = 0;
  GIAI_RETURN_IF_ERROR(store_.Read([&](Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(size, tx.LedgerSize());
    return Status::Ok();
  }));
  return size;
}

Status StoreLeafStore::Append(std::uint64_t expected_size,
                              std::span<const ledger::Hash> leaf_hashes,
                              std::span<const ledger::StoredNode> inner_nodes) {
  return store_.Write([&](Tx& tx) {
    TxLeafStore inner(tx);
    return inner.Append(expected_size, leaf_hashes, inner_nodes);
  });
}

Result<ledger::Hash> StoreLeafStore::GetNode(ledger::NodeId id) const {
  ledger::Hash out{};
  GIAI_RETURN_IF_ERROR(store_.Read([&](Tx& tx) -> Status {
    TxLeafStore inner(tx);
    GIAI_ASSIGN_OR_RETURN(out, inner.GetNode(id));
    return Status::Ok();
  }));
  return out;
}

}  // namespace giai::store

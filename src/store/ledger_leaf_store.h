// The ledger's LeafStore (ledger/leaf_store.h) over the database, so that log appends commit in
// the same transaction as the records, custody events and consents they commit to: either both
// are durable or neither is, and no checkpoint can cover data that is not.
//
// TxLeafStore works inside one Store transaction (build a MerkleLog over it per transaction; that
// costs O(log n) reads). The leaf bytes are kept next to their hashes (an auditor or `giai fsck`
// re-hashes them): stage them with StageLeafData before MerkleLog appends their hashes.
// StoreLeafStore runs each call in its own transaction, for tools and the conformance suite.
// Thread safety: as the Tx it wraps (one thread).
#pragma once

#include <string>
#include <vector>

#include "ledger/leaf_store.h"
#include "store/store.h"

namespace giai::store {

class TxLeafStore final : public ledger::LeafStore {
 public:
  explicit TxLeafStore(Tx& tx) : tx_(tx) {}
  // The leaf bytes of the next Append, in order; Append checks each hashes to its leaf hash.
  void StageLeafData(std::vector<std::string> data) { staged_ = std::move(data); }

  Result<std::uint64_t> Size() const override { return tx_.LedgerSize(); }
  Status Append(std::uint64_t expected_size, std::span<const ledger::Hash> leaf_hashes,
                std::span<const ledger::StoredNode> inner_nodes) override;
  Result<ledger::Hash> GetNode(ledger::NodeId id) const override;

 private:
  Tx& tx_;
  std::vector<std::string> staged_;
};

class StoreLeafStore final : public ledger::LeafStore {
 public:
  explicit StoreLeafStore(Store& store) : store_(store) {}
  Result<std::uint64_t> Size() const override;
  Status Append(std::uint64_t expected_size, std::span<const ledger::Hash> leaf_hashes,
                std::span<const ledger::StoredNode> inner_nodes) override;
  Result<ledger::Hash> GetNode(ledger::NodeId id) const override;

 private:
  Store& store_;
};

}  // namespace giai::store

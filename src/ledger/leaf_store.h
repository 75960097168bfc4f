// LeafStore: the one storage seam of the Merkle log (the leveldb `Env` idea): MerkleLog keeps no
// tree state of its own beyond O(log n) hashes, and everything durable goes through here.
//
// A store holds the hashes of the log's perfect subtrees, addressed by (level, index): level 0
// index i is the hash of leaf i; level L index i is the root of the perfect subtree over leaves
// [i * 2^L, (i + 1) * 2^L). A node exists as soon as its last leaf has been appended. Keeping the
// inner nodes (about one per leaf) is what lets MerkleLog compute any root or proof with
// O(log n) reads, for any tree size up to the current one.
//
// Contract for implementations (the database-backed store must honour all of it):
//   - Append is atomic: after a crash either all of the batch (leaves and nodes) is durable or
//     none of it is. It is also a compare-and-swap on the size: if Size() != expected_size it
//     changes nothing and returns kConflict. Two writers on one log therefore produce a single
//     linear history and the loser fails closed (protection requirement 6).
//   - Nodes are immutable once written. GetNode of a node that does not exist returns
//     kNotFound; any other failure to read is kUnavailable (or kIntegrity if the stored value is
//     damaged), never a made-up hash.
//   - Size() is the number of leaves durably appended.
// MerkleLog computes every node it passes to Append; a store never hashes.
// Thread safety: implementation-defined; MemoryLeafStore is not thread safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "ledger/merkle.h"

namespace giai::ledger {

// The address of a perfect subtree (see above).
struct NodeId {
  std::uint32_t level = 0;
  std::uint64_t index = 0;
  friend bool operator==(const NodeId&, const NodeId&) = default;
};

struct StoredNode {
  NodeId id;
  Hash hash{};
};

class LeafStore {
 public:
  virtual ~LeafStore() = default;

  // Number of leaves in the store.
  virtual Result<std::uint64_t> Size() const = 0;

  // Appends `leaf_hashes` as leaves expected_size, expected_size + 1, ... together with
  // `inner_nodes`, the level >= 1 nodes those leaves complete. Atomic; kConflict if the store's
  // size is not `expected_size`.
  virtual Status Append(std::uint64_t expected_size, std::span<const Hash> leaf_hashes,
                        std::span<const StoredNode> inner_nodes) = 0;

  // The hash of node `id`; level 0 gives leaf hashes.
  virtual Result<Hash> GetNode(NodeId id) const = 0;
};

// An in-memory LeafStore for tests and benchmarks: one vector of hashes per level.
class MemoryLeafStore final : public LeafStore {
 public:
  Result<std::uint64_t> Size() const override;
  Status Append(std::uint64_t expected_size, std::span<const Hash> leaf_hashes,
                std::span<const StoredNode> inner_nodes) override;
  Result<Hash> GetNode(NodeId id) const override;

  // Number of GetNode calls so far, to test the O(log n) read bound.
  std::uint64_t reads_for_testing() const { return reads_; }
  // Overwrites a stored node, to test that corruption is detected downstream.
  void CorruptNodeForTesting(NodeId id, const Hash& hash);

 private:
  std::vector<std::vector<Hash>> levels_;  // levels_[L][i] is node (L, i)
  mutable std::uint64_t reads_ = 0;
};

}  // namespace giai::ledger

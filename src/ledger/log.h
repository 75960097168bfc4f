// MerkleLog: an append-only RFC 9162 Merkle log over a LeafStore (leaf_store.h).
//
// The log appends leaf hashes, and computes roots, inclusion proofs and consistency proofs for
// the current tree or any earlier tree size. In memory it keeps only the "compact range" of the
// current tree: the roots of its perfect subtrees, one per set bit of the size (at most 64
// hashes). That gives the current root with no store reads and O(log n) hashing per append; a
// root or proof for any tree size needs O(log n) store reads, because the store keeps every
// perfect subtree's root.
//
// Ownership: the log does not own the store, which must outlive it. The log trusts the store's
// hashes; a damaged store gives roots and proofs that fail verification, never a silent pass.
// Before signing a new checkpoint, the service checks the log against the last signed one (same
// root at that size, consistency proof verifies): that is what catches a store changed offline.
// Concurrency: not thread safe; use one MerkleLog per writer. Several writers (threads or
// processes) may share one store: the store's compare-and-swap makes the loser's Append fail
// with kConflict, and that log then refuses to append until Reload() has caught it up.
//
// Example:
//   MemoryLeafStore store;
//   GIAI_ASSIGN_OR_RETURN(std::unique_ptr<MerkleLog> log, MerkleLog::Create(&store));
//   GIAI_ASSIGN_OR_RETURN(std::uint64_t index, log->Append(EncodeLeaf(commitment)));
//   GIAI_ASSIGN_OR_RETURN(std::vector<Hash> proof, log->InclusionProof(index, log->size()));
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ledger/leaf_store.h"
#include "ledger/merkle.h"

namespace giai::ledger {

class MerkleLog {
 public:
  // Opens the log held by `store` (empty or not), reading O(log n) nodes.
  static Result<std::unique_ptr<MerkleLog>> Create(LeafStore* store);

  MerkleLog(const MerkleLog&) = delete;
  MerkleLog& operator=(const MerkleLog&) = delete;

  // Number of leaves as of the last successful Append or Reload.
  std::uint64_t size() const { return size_; }
  // The root of the current tree (EmptyTreeHash() when empty); no store reads.
  Hash Root() const;

  // Appends one leaf (its data is hashed with HashLeaf) and returns its index.
  Result<std::uint64_t> Append(std::string_view leaf_data);
  // Appends leaf hashes as one atomic batch and returns the index of the first. Nothing changes
  // on failure; kConflict means another writer appended first (call Reload()).
  Result<std::uint64_t> AppendLeafHashes(std::span<const Hash> leaf_hashes);
  // Re-reads the tree from the store, e.g. after a kConflict.
  Status Reload();

  // Fixity check of the whole store: re-derives every inner node from the leaf hashes and
  // compares it with the stored one, and the current root with the one in memory. O(n) reads and
  // hashes; kIntegrity names the first node that differs. Peaks (e.g. the last leaf of an odd
  // tree) derive from nothing else in the store: only a signed checkpoint covering them can
  // vouch for them, which is what SignNextCheckpoint (checkpointer.h) checks.
  Status VerifyStoreIntegrity() const;

  Result<Hash> LeafHash(std::uint64_t leaf_index) const;
  // The root of the tree made of the first `tree_size` leaves (tree_size <= size()).
  Result<Hash> RootAt(std::uint64_t tree_size) const;
  // RFC 9162 §2.1.3.1 PATH(leaf_index, D[tree_size]); needs leaf_index < tree_size <= size().
  Result<std::vector<Hash>> InclusionProof(std::uint64_t leaf_index, std::uint64_t tree_size) const;
  // RFC 9162 §2.1.4.1 PROOF(size1, D[size2]); needs 0 < size1 <= size2 <= size(). Equal sizes
  // give an empty proof, as VerifyConsistency expects.
  Result<std::vector<Hash>> ConsistencyProof(std::uint64_t size1, std::uint64_t size2) const;

 private:
  struct Peak {
    std::uint32_t level;
    Hash hash;
  };

  explicit MerkleLog(LeafStore* store) : store_(store) {}
  // Pushes leaf `index` onto the compact range `peaks`, merging equal-sized subtrees and
  // appending each inner node this completes to `completed`.
  static void AddLeaf(std::vector<Peak>& peaks, const Hash& leaf_hash, std::uint64_t index,
                      std::vector<StoredNode>& completed);
  // MTH(D[begin:end]) for a range the RFC recursion can produce (left parts are perfect).
  Result<Hash> RangeHash(std::uint64_t begin, std::uint64_t end) const;

  LeafStore* store_;
  std::uint64_t size_ = 0;
  std::vector<Peak> peaks_;  // the compact range, largest (leftmost) subtree first
};

}  // namespace giai::ledger

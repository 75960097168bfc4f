// RFC 9162 (Certificate Transparency v2) Merkle tree hashing and proof verification.
//
// These are pure functions over hashes: they know nothing of storage. MerkleLog (log.h) builds
// proofs; anyone holding a root can check them here (or with the Python in docs/LEDGER.md).
//
//   leaf hash  = SHA-256(0x00 || leaf data)
//   node hash  = SHA-256(0x01 || left || right)
//   empty tree = SHA-256("")
//
// Proofs are lists of 32-byte hashes ordered from the leaf (or the old subtree) upwards, exactly
// as RFC 9162 §2.1.3.1 and §2.1.4.1 define them. The verifiers implement §2.1.3.2 and §2.1.4.2
// step by step, plus the checks the RFC leaves to the caller, which transparency-dev/merkle also
// makes: a consistency proof needs 0 < size1 <= size2 (a proof from the empty tree proves
// nothing), and equal sizes need an empty proof and equal roots. A hash is a fixed 32-byte array,
// so a hash of any other length cannot even reach a verifier: HashFromBytes rejects it first.
// Thread safety: all functions are thread safe.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(Hash root, HashFromBytes(root_bytes_from_checkpoint));
//   GIAI_RETURN_IF_ERROR(VerifyInclusion(index, size, HashLeaf(leaf), proof, root));
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/status.h"
#include "crypto/hash.h"

namespace giai::ledger {

inline constexpr std::size_t kHashBytes = 32;
using Hash = crypto::Digest256;

Hash HashLeaf(std::span<const std::uint8_t> leaf_data);
Hash HashLeaf(std::string_view leaf_data);
Hash HashChildren(const Hash& left, const Hash& right);
Hash EmptyTreeHash();

// MTH(D[n]) by the RFC's recursive definition, from all leaf hashes: O(n). The reference that
// MerkleLog's O(log n) roots are tested against; not for production-sized trees.
Hash MerkleTreeHash(std::span<const Hash> leaf_hashes);

// A hash from raw bytes; kInvalidInput unless exactly 32 bytes.
Result<Hash> HashFromBytes(std::string_view bytes);

// The largest power of two strictly smaller than n (n >= 2): the RFC's split point k.
std::uint64_t SplitPoint(std::uint64_t n);

// The root that `proof` implies for `leaf_hash` at `leaf_index` in a tree of `tree_size` leaves
// (RFC 9162 §2.1.3.2 steps 1-4); kIntegrity if the proof has the wrong shape for that position.
Result<Hash> RootFromInclusionProof(std::uint64_t leaf_index, std::uint64_t tree_size,
                                    const Hash& leaf_hash, std::span<const Hash> proof);

// OK iff `proof` shows `leaf_hash` is leaf `leaf_index` of the tree of `tree_size` with `root`;
// kIntegrity otherwise.
Status VerifyInclusion(std::uint64_t leaf_index, std::uint64_t tree_size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root);

// OK iff `proof` shows the tree of `size1` with `root1` is a prefix of the tree of `size2` with
// `root2` (RFC 9162 §2.1.4.2); kIntegrity otherwise, including for size1 == 0 or size1 > size2.
Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2, std::span<const Hash> proof,
                         const Hash& root1, const Hash& root2);

}  // namespace giai::ledger

// Offline proofs of inclusion in the C2SP tlog-proof format (https://c2sp.org/tlog-proof): what
// an export bundle ships with each item (`<item>.tlog-proof`, protection requirement 9).
//
//   c2sp.org/tlog-proof@v1
//   extra <base64 leaf bytes>     giai: the version-1 leaf (leaf.h) committing to the item
//   index <leaf index>            ASCII decimal, no leading zeros
//   <base64 hash>                 inclusion proof, leaf's sibling first (RFC 9162 PATH order)
//   ...
//   <empty line>
//   <checkpoint signed note, verbatim>
//
// The extra line is not authenticated by itself; it becomes so because its hash must be the
// leaf the inclusion proof leads from. VerifyItemProof therefore checks the whole chain: the
// item's SHA-256 equals the digest committed in the leaf, the leaf is at `index` in the tree, and
// that tree's root is in a checkpoint signed by the log key for the expected origin. Changing any
// byte of the item, the proof or the checkpoint makes it fail.
// What it does not show: that the log showed everyone the same tree (see checkpoint.h).
// Thread safety: all functions are thread safe.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(TlogProof proof, MakeTlogProof(log, index, leaf_bytes, checkpoint_note));
//   std::string file = FormatTlogProof(proof);
//   ... offline:
//   GIAI_ASSIGN_OR_RETURN(VerifiedItem item, VerifyItemProof(file, item_sha256, origin, log_key));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ledger/checkpoint.h"
#include "ledger/leaf.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

namespace giai::ledger {

inline constexpr std::string_view kTlogProofHeader = "c2sp.org/tlog-proof@v1";

struct TlogProof {
  std::string extra;  // raw bytes; empty means no extra line
  std::uint64_t index = 0;
  std::vector<Hash> inclusion_proof;
  std::string checkpoint_note;  // the signed checkpoint, verbatim
  friend bool operator==(const TlogProof&, const TlogProof&) = default;
};

std::string FormatTlogProof(const TlogProof& proof);
// Syntax only (kInvalidInput when malformed); nothing is verified.
Result<TlogProof> ParseTlogProof(std::string_view text);

// The proof that leaf `index` of `log`, whose bytes are `leaf_bytes`, is in the tree of the
// signed `checkpoint_note`. kInvalidInput if `leaf_bytes` is not that leaf or the checkpoint is
// beyond the log.
Result<TlogProof> MakeTlogProof(const MerkleLog& log, std::uint64_t index,
                                std::string_view leaf_bytes, std::string_view checkpoint_note);

struct VerifiedItem {
  Commitment commitment;  // decoded from the proof's extra line
  Checkpoint checkpoint;  // the verified checkpoint that includes it
};

// Verifies a giai tlog-proof for an item whose SHA-256 is `item_sha256` (see above). kIntegrity
// when anything does not match; kInvalidInput when the proof is malformed.
Result<VerifiedItem> VerifyItemProof(std::string_view proof_text,
                                     const crypto::Digest256& item_sha256, std::string_view origin,
                                     const NoteVerifier& log_key);

}  // namespace giai::ledger

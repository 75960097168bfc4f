// SignNextCheckpoint: the one way the log signs a checkpoint, so it never signs two checkpoints
// that are inconsistent with each other (tlog-checkpoint: a log "MUST not sign any checkpoint
// which is inconsistent with any checkpoint it previously signed"; protection requirement 6).
//
// Before signing the current tree it checks, against the last checkpoint the log signed:
//   - same origin;
//   - the tree has not shrunk (rollback, e.g. a restored backup);
//   - the tree at the old size still has the old root, and a consistency proof computed from the
//     store verifies from the old root to the new one (a store edited or damaged offline).
// These checks read O(log n) nodes, so they catch damage on the paths they read; damage
// elsewhere is found by MerkleLog::VerifyStoreIntegrity (a periodic O(n) fixity check) or by the
// first client whose proof goes through it.
// Any failure is kIntegrity and nothing is signed: the operator must investigate, because
// signing anyway would create a split view. Persisting the returned note as the new "last
// checkpoint" with compare-and-swap is the caller's job (the store layer).
// Thread safety: as MerkleLog (not thread safe).
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(std::string note,
//                         SignNextCheckpoint(log, origin, last_signed, signer));
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ledger/checkpoint.h"
#include "ledger/log.h"
#include "ledger/note.h"

namespace giai::ledger {

// Signs {origin, log.size(), log.Root()} after the checks above. `previous` is the last
// checkpoint this log signed (already verified by the caller), or nullopt for the first one.
Result<std::string> SignNextCheckpoint(const MerkleLog& log, std::string_view origin,
                                       const std::optional<Checkpoint>& previous,
                                       const NoteSigner& signer);

}  // namespace giai::ledger

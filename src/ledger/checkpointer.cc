#include "ledger/checkpointer.h"

#include <vector>

namespace giai::ledger {

Result<std::string> SignNextCheckpoint(const MerkleLog& log, std::string_view origin,
                                       const std::optional<Checkpoint>& previous,
                                       const NoteSigner& signer) {
  const Checkpoint next{std::string(origin), log.size(), log.Root(), {}};
  if (previous.has_value()) {
    if (previous->origin != origin) {
      return Integrity("last checkpoint is for another log: '" + previous->origin + "'");
    }
    if (previous->size > next.size) {
      return Integrity("log has " + std::to_string(next.size) +
                       " leaves but a checkpoint was signed at " + std::to_string(previous->size) +
                       ": refusing to sign a rollback");
    }
    if (previous->size > 0) {
      GIAI_ASSIGN_OR_RETURN(Hash old_root, log.RootAt(previous->size));
      if (old_root != previous->root) {
        return Integrity("log no longer matches the last signed checkpoint");
      }
      GIAI_ASSIGN_OR_RETURN(std::vector<Hash> proof,
                            log.ConsistencyProof(previous->size, next.size));
      Status consistent =
          VerifyConsistency(previous->size, next.size, proof, previous->root, next.root);
      if (!consistent.ok()) {
        return Integrity("new tree is not consistent with the last signed checkpoint: " +
                         consistent.message());
      }
    } else if (previous->root != EmptyTreeHash()) {
      return Integrity("last checkpoint claims an empty tree with a non-empty root");
    }
  }
  return SignCheckpoint(next, signer);
}

}  // namespace giai::ledger

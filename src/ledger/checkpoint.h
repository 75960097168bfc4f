// Checkpoints (https://c2sp.org/tlog-checkpoint): the signed statement "the log named <origin>
// had <size> leaves and this root", carried in a C2SP signed note (note.h).
//
//   <origin>\n                 e.g. "giai.example.org/ledger"; non-empty, no control characters
//   <tree size>\n              ASCII decimal, no sign, no leading zeros
//   <base64 root hash>\n       standard base64 of exactly 32 bytes
//   [<extension line>\n ...]   optional, non-empty; giai writes none and ignores any it reads
//
// A verified checkpoint proves only that the holder of the log key signed that (size, root) for
// that origin. It does not prove the log showed everyone the same tree (split view) or never
// signed an inconsistent one: that takes consistency proofs between checkpoints and, later,
// witnesses (docs/LEDGER.md, "Threat model").
// Thread safety: all functions are thread safe.
//
// Example:
//   Checkpoint checkpoint{"giai.example.org/ledger", log.size(), log.Root()};
//   GIAI_ASSIGN_OR_RETURN(std::string note, SignCheckpoint(checkpoint, signer));
//   GIAI_ASSIGN_OR_RETURN(Checkpoint seen, OpenCheckpoint(note, "giai.example.org/ledger", vkey));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

namespace giai::ledger {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // extension lines, without their newlines
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// The note text of a checkpoint; kInvalidInput for an empty origin or a line with a newline or
// control character.
Result<std::string> FormatCheckpoint(const Checkpoint& checkpoint);
// Parses checkpoint note text (without signatures); kInvalidInput when malformed.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

// The signed note of `checkpoint`; kInvalidInput unless the signer's key name is the origin.
Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& log_signer);

// Verifies `note` as a checkpoint signed by `log_key` for the log `expected_origin` and returns
// it. kIntegrity when the signature is missing or invalid or the origin differs; kInvalidInput
// when the note or checkpoint is malformed. Other signatures (e.g. witnesses) are ignored here.
Result<Checkpoint> OpenCheckpoint(std::string_view note, std::string_view expected_origin,
                                  const NoteVerifier& log_key);

}  // namespace giai::ledger

// Leaf encoding: what the log commits to. A leaf is a commitment (hashes, an event code, a
// pseudonymous identifier, a time, a random nonce), never personal data: names, narratives,
// free text and file contents stay in the encrypted store, where they can be shredded, while the
// log is public and permanent (protection requirement 11; EDPB 02/2025).
//
// Wire format, version 1 (all integers big-endian; 75 + id length bytes, at most 139):
//   offset  size  field
//   0       1     version       0x01
//   1       1     kind          1 evidence_ingested, 2 custody_event, 3 record_version,
//                               4 consent_version, 5 audit_batch, 6 restriction_version,
//                               7 key_destroyed
//   2       1     id length     1..64
//   3       n     id            opaque pseudonymous id, ASCII [A-Za-z0-9._:-]
//   3+n     32    sha256        the committed digest (e.g. of evidence bytes, a custody event
//                               record, a record version, an audit batch)
//   35+n    8     time          int64 milliseconds since 1970-01-01T00:00:00Z, >= 0
//   43+n    32    nonce         random; stops anyone holding a leaf hash from confirming a guess
//                               of the leaf's contents (e.g. "was file X ingested on day D?")
// The leaf hash in the Merkle tree is SHA-256(0x00 || these bytes). Decoding is strict (exact
// length, known version and kind, valid id), so a leaf has exactly one encoding. A new field
// means a new version byte, never a change to version 1.
// The id charset excludes spaces and non-ASCII so free text cannot slip in, but only the caller
// can ensure an id is opaque: use random identifiers (ULID, UUID), never a name or case number.
// Thread safety: all functions are thread safe.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(Commitment c, Commitment::Create(CommitmentKind::kEvidenceIngested,
//                                                          item_id, sha256_hex, now_ms));
//   GIAI_ASSIGN_OR_RETURN(std::string leaf, EncodeLeaf(c));
//   GIAI_ASSIGN_OR_RETURN(std::uint64_t index, log.Append(leaf));
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "crypto/hash.h"

namespace giai::ledger {

inline constexpr std::uint8_t kLeafVersion = 1;
inline constexpr std::size_t kMaxCommitmentIdBytes = 64;
inline constexpr std::size_t kLeafFixedBytes = 1 + 1 + 1 + 32 + 8 + 32;

enum class CommitmentKind : std::uint8_t {
  kEvidenceIngested = 1,
  kCustodyEvent = 2,
  kRecordVersion = 3,
  kConsentVersion = 4,
  kAuditBatch = 5,
  // Versions of a person's restriction (GDPR Art. 18). Before this kind existed they were
  // committed as kConsentVersion; those leaves stay valid and verifiable as they are.
  kRestrictionVersion = 6,
  // A key was destroyed (crypto-shredding of a whole compartment): id = the compartment.
  kKeyDestroyed = 7,
};

// "evidence_ingested", "custody_event", "record_version", "consent_version", "audit_batch",
// "restriction_version", "key_destroyed".
std::string_view CommitmentKindName(CommitmentKind kind);
Result<CommitmentKind> ParseCommitmentKind(std::string_view name);

struct Commitment {
  CommitmentKind kind = CommitmentKind::kEvidenceIngested;
  std::string id;
  crypto::Digest256 sha256{};
  std::int64_t time_unix_ms = 0;
  std::array<std::uint8_t, 32> nonce{};

  // A commitment with a fresh random nonce; `sha256_hex` is 64 hex digits (either case).
  // kInvalidInput for a bad id, digest or time. crypto::Init() must have been called.
  static Result<Commitment> Create(CommitmentKind kind, std::string id, std::string_view sha256_hex,
                                   std::int64_t time_unix_ms);
  friend bool operator==(const Commitment&, const Commitment&) = default;
};

bool IsValidCommitmentId(std::string_view id);

// The version-1 leaf bytes; kInvalidInput if a field is out of range.
Result<std::string> EncodeLeaf(const Commitment& commitment);
// Parses version-1 leaf bytes; kInvalidInput unless they are exactly what EncodeLeaf produces.
Result<Commitment> DecodeLeaf(std::string_view leaf);

}  // namespace giai::ledger

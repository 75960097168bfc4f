// C2SP signed notes (https://c2sp.org/signed-note, v1.0.0) with Ed25519 keys: the envelope of
// the log's checkpoints (checkpoint.h), byte-compatible with golang.org/x/mod/sumdb/note.
//
//   <text, one or more lines, each ending in "\n">
//   <blank line>
//   — <key name> <base64(key hash (4 bytes, big-endian) || Ed25519 signature (64 bytes))>
//   ... one line per signature
//
// The signed message is the text including its final newline. Key hash =
// SHA-256(name || 0x0A || 0x01 || public key)[:4] (0x01 = Ed25519). Keys travel as
//   verifier key: <name>+<8 lowercase hex key hash>+<base64(0x01 || public key)>
//   signer key:   PRIVATE+KEY+<name>+<8 hex key hash>+<base64(0x01 || seed)>   (secret!)
// A name is non-empty UTF-8 without whitespace or '+'.
//
// OpenNote rejects (kInvalidInput) a note that is not valid UTF-8, holds an ASCII control
// character (below U+0020) other than "\n", lacks the blank line, has a malformed signature line,
// exceeds kMaxNoteBytes, or carries more than kMaxNoteSignatures signature lines. A signature by
// a known key that does not verify, or no verified signature at all, is kIntegrity. Signatures by
// unknown keys are returned, unverified, for the caller to ignore or to check against a witness
// policy later. Repeated signatures by one key count once.
// Thread safety: all functions are thread safe; a const NoteSigner may be shared.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(NoteSigner signer, NoteSigner::Generate("giai.example/log"));
//   GIAI_ASSIGN_OR_RETURN(std::string note, SignNote(text, signer));
//   GIAI_ASSIGN_OR_RETURN(OpenedNote opened, OpenNote(note, signer.verifier()));
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/signing.h"

namespace giai::ledger {

inline constexpr std::size_t kMaxNoteSignatures = 100;  // as golang.org/x/mod/sumdb/note
inline constexpr std::size_t kMaxNoteBytes = 1 << 20;

// SHA-256(name || 0x0A || 0x01 || public_key)[:4] as a big-endian integer.
std::uint32_t NoteKeyHash(std::string_view name, const crypto::Ed25519PublicKey& public_key);
bool IsValidNoteKeyName(std::string_view name);

struct NoteVerifier {
  std::string name;
  std::uint32_t key_hash = 0;
  crypto::Ed25519PublicKey public_key{};

  static Result<NoteVerifier> Create(std::string name, const crypto::Ed25519PublicKey& key);
  // Parses the verifier key format; rejects bad syntax, an unknown algorithm, a key that is not
  // 32 bytes, and a key hash that does not match the name and key.
  static Result<NoteVerifier> Parse(std::string_view vkey);
  std::string ToString() const;
};

class NoteSigner {
 public:
  static Result<NoteSigner> Generate(std::string name);
  static Result<NoteSigner> Create(std::string name, crypto::Ed25519SigningKey key);
  // Parses the signer key format, checking the key hash like NoteVerifier::Parse.
  static Result<NoteSigner> Parse(std::string_view skey);

  const NoteVerifier& verifier() const { return verifier_; }
  // The signer key format. Secret: store it like any private key.
  std::string ToSecretString() const;
  // The signature line ("— name base64\n") for `text`, which must already be valid note text.
  std::string SignatureLine(std::string_view text) const;

 private:
  NoteSigner(NoteVerifier verifier, crypto::Ed25519SigningKey key)
      : verifier_(std::move(verifier)), key_(std::move(key)) {}
  NoteVerifier verifier_;
  crypto::Ed25519SigningKey key_;
};

// The signed note for `text` (non-empty, ending in "\n", no other control characters).
Result<std::string> SignNote(std::string_view text, const NoteSigner& signer);

struct NoteSignature {
  std::string name;
  std::uint32_t key_hash = 0;
  std::string base64;  // base64(key hash || signature), as on the signature line
  friend bool operator==(const NoteSignature&, const NoteSignature&) = default;
};

struct OpenedNote {
  std::string text;                       // including its final newline
  std::vector<NoteSignature> verified;    // by keys in `verifiers`, in note order
  std::vector<NoteSignature> unverified;  // by unknown keys, duplicates removed
};

struct ParsedNote {
  std::string text;                       // including its final newline
  std::vector<NoteSignature> signatures;  // every signature line, in order, none verified
};

// Checks the syntax of `note` and splits it; verifies nothing, so the text must not be trusted.
Result<ParsedNote> ParseNote(std::string_view note);

// Parses `note` and verifies every signature made by a key in `verifiers` (see above).
Result<OpenedNote> OpenNote(std::string_view note, std::span<const NoteVerifier> verifiers);
Result<OpenedNote> OpenNote(std::string_view note, const NoteVerifier& verifier);

}  // namespace giai::ledger

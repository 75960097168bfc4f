// KeyRing: giai's key hierarchy and the sealing of protected fields (identities, narratives).
//
//   master key (data/keys/master.key, 0600, never in the database; random key bytes, or
//               wrapped under an Argon2id passphrase key: see master_key.h)
//     └─ organisation key (random; stored wrapped under the master key in `organisations`)
//          └─ data key (random, one per protected field of one object; stored wrapped under the
//               organisation key next to its ciphertext in `sealed`)
//               └─ ciphertext = XChaCha20-Poly1305(data key, plaintext,
//                                                  AD = "giai/v1|object_id|field|version")
//
// Deleting a data key (crypto-shredding) makes that one field unreadable everywhere it was
// copied, backups included. Re-wrapping organisation keys under a new master key rotates the
// master key without touching payloads.
//
// Thread safety: all methods are safe to call concurrently; unwrapped organisation keys are
// cached in locked memory for the life of the process.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(auto ring, KeyRing::Open(data_dir / "keys/master.key"));
//   GIAI_RETURN_IF_ERROR(ring->SealField(tx, org_id, "inc_X", "narrative", 3, text));
//   GIAI_ASSIGN_OR_RETURN(std::optional<std::string> back, ring->OpenField(tx, org_id, "inc_X",
//                                                                         "narrative", 3));
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/status.h"
#include "crypto/aead.h"
#include "protect/master_key.h"
#include "store/store.h"

namespace giai::protect {

class KeyRing {
 public:
  // Writes a new random master key file with mode 0600. kConflict if the file exists: an
  // existing key is never overwritten (that would make every payload unreadable).
  // With a passphrase target, the new master key is wrapped under the passphrase instead.
  static Status CreateKeyFile(const std::filesystem::path& path,
                              const MasterKeyTarget& target = {});
  // Reads the master key. Refuses a key file readable by group or others, or of the wrong size;
  // a file in passphrase mode asks `passphrase` (kUnauthenticated if it is wrong).
  static Result<std::unique_ptr<KeyRing>> Open(const std::filesystem::path& path,
                                               const PassphraseSource& passphrase = {});
  static std::unique_ptr<KeyRing> FromKeyForTesting(crypto::SecretKey master);

  // Rotates the master key: a new key file is written beside the current one
  // (`<path>.new`), every organisation key is re-wrapped under it in one transaction (payloads
  // are not touched), then the new file atomically replaces the old one. A crash in between is
  // finished by running the rotation again (see FinishInterruptedRotation). Afterwards the old
  // key, and so every backup taken before, can no longer open anything once the old key file
  // is gone. `passphrase` opens the current file; `target` says how the new key is kept (so a
  // rotation can move between key-file and passphrase modes).
  static Status Rotate(const std::filesystem::path& path, store::Store& store,
                       const PassphraseSource& passphrase = {}, const MasterKeyTarget& target = {});
  // After a crash during Rotate: keeps whichever key opens the organisation keys. `passphrase`
  // is tried on both files; if neither opens them, nothing is removed (kUnauthenticated or
  // kIntegrity): run it again with the other passphrase.
  static Status FinishInterruptedRotation(const std::filesystem::path& path, store::Store& store,
                                          const PassphraseSource& passphrase = {});
  static bool RotationInterrupted(const std::filesystem::path& path);
  // True if every organisation key opens with this ring's master key.
  Status CheckOrganisationKeys(store::Tx& tx);

  // A fresh organisation key, wrapped under the master key, for a new organisation row.
  std::string NewWrappedOrganisationKey(const std::string& org_id) const;

  // Encrypts `plaintext` under a new data key and stores it as the (object, field) sealed row.
  Status SealField(store::Tx& tx, const std::string& org_id, const std::string& object_id,
                   const std::string& field, std::int64_t version, std::string_view plaintext);
  // Large objects (evidence files) are encrypted outside the database, as a stream, under their
  // own data key. NewObjectKey makes that key and its wrapped form; StoreObjectKey keeps the
  // wrapped form as the (object, field) sealed row with no ciphertext, once the object is
  // durable; OpenObjectKey unwraps it (kNotFound once shredded with Tx::ShredSealed).
  struct ObjectKey {
    crypto::SecretKey key;
    std::string wrapped;
  };
  Result<ObjectKey> NewObjectKey(store::Tx& tx, const std::string& org_id,
                                 const std::string& object_id, const std::string& field);
  Status StoreObjectKey(store::Tx& tx, const std::string& object_id, const std::string& field,
                        const std::string& wrapped);
  Result<crypto::SecretKey> OpenObjectKey(store::Tx& tx, const std::string& org_id,
                                          const std::string& object_id, const std::string& field);
  // Decrypts the (object, field) row; nullopt if the field was never set. kIntegrity if the
  // ciphertext was altered, moved, or is not at `expected_version`.
  Result<std::optional<std::string>> OpenField(store::Tx& tx, const std::string& org_id,
                                               const std::string& object_id,
                                               const std::string& field,
                                               std::int64_t expected_version);
  // The organisation's blind-index key (protect/blind_index.h), derived from its organisation
  // key, so it never needs storing.
  Result<crypto::SecretKey> BlindIndexKey(store::Tx& tx, const std::string& org_id);

 private:
  explicit KeyRing(crypto::SecretKey master) : master_(std::move(master)) {}
  Result<crypto::SecretKey> OrganisationKey(store::Tx& tx, const std::string& org_id);

  crypto::SecretKey master_;
  std::mutex mutex_;
  std::map<std::string, crypto::SecretKey> organisation_keys_;
};

}  // namespace giai::protect

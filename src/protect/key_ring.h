// KeyRing: giai's key hierarchy and the sealing of protected fields (identities, narratives).
//
//   master key (data/keys/master.key, 0600, never in the database; random key bytes, or
//               wrapped under an Argon2id passphrase key: see master_key.h)
//     └─ organisation key (random; stored wrapped under the master key in `organisations`)
//          ├─ compartment key (random, one per compartment; stored wrapped under the
//          │    organisation key as the sealed row (cmp_id, "compartment_key"))
//          │    └─ data key of each object restricted to that compartment
//          └─ data key (random, one per protected field of one object; stored wrapped next to its
//               ciphertext in `sealed`, under the key of the object's KeyScope)
//               └─ ciphertext = XChaCha20-Poly1305(data key, plaintext,
//                                                  AD = "giai/v1|object_id|field|version")
//
// A wrapped data key says which key wrapped it (see "Envelopes" in key_ring.cc): data sealed
// before compartment keys existed (always under the organisation key) still opens.
//
// Deleting a data key (crypto-shredding) makes that one field unreadable everywhere it was
// copied, backups included; deleting a compartment key does it for every object sealed under
// that compartment. Re-wrapping organisation keys under a new master key rotates the master key
// without touching compartment keys, data keys or payloads.
//
// Thread safety: all methods are safe to call concurrently; unwrapped organisation keys are
// cached in locked memory for the life of the process. Compartment keys are not cached: they are
// unwrapped for each use, so a shredded compartment is unreadable from the next request on.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(auto ring, KeyRing::Open(data_dir / "keys/master.key"));
//   GIAI_ASSIGN_OR_RETURN(KeyScope scope, KeyScope::ForUser(who, row.org_id, row.compartment_id));
//   GIAI_RETURN_IF_ERROR(ring->SealField(tx, scope, "inc_X", "narrative", 3, text));
//   GIAI_ASSIGN_OR_RETURN(std::optional<std::string> back, ring->OpenField(tx, scope, "inc_X",
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
#include "protect/key_scope.h"
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

  // Encrypts `plaintext` under a new data key and stores it as the (object, field) sealed row;
  // the data key is wrapped under the scope's compartment key (made on first use) or, without a
  // compartment, the organisation key. kConflict if the compartment's key was shredded.
  Status SealField(store::Tx& tx, const KeyScope& scope, const std::string& object_id,
                   const std::string& field, std::int64_t version, std::string_view plaintext);
  // Large objects (evidence files) are encrypted outside the database, as a stream, under their
  // own data key. NewObjectKey makes that key and its wrapped form; StoreObjectKey keeps the
  // wrapped form as the (object, field) sealed row with no ciphertext, once the object is
  // durable; OpenObjectKey unwraps it (kNotFound once shredded with Tx::ShredSealed).
  struct ObjectKey {
    crypto::SecretKey key;
    std::string wrapped;
  };
  Result<ObjectKey> NewObjectKey(store::Tx& tx, const KeyScope& scope, const std::string& object_id,
                                 const std::string& field);
  Status StoreObjectKey(store::Tx& tx, const std::string& object_id, const std::string& field,
                        const std::string& wrapped);
  Result<crypto::SecretKey> OpenObjectKey(store::Tx& tx, const KeyScope& scope,
                                          const std::string& object_id, const std::string& field);
  // Decrypts the (object, field) row; nullopt if the field was never set. kIntegrity if the
  // ciphertext was altered, moved, or is not at `expected_version`, or if its data key is wrapped
  // under another compartment than the scope's. kNotFound if its key (or its compartment's key)
  // was destroyed.
  Result<std::optional<std::string>> OpenField(store::Tx& tx, const KeyScope& scope,
                                               const std::string& object_id,
                                               const std::string& field,
                                               std::int64_t expected_version);
  // Moves the data key of the (object, field) row from the key it is wrapped under (`from`) to
  // the key of `to` (a record moving into, out of or between compartments); the payload is not
  // touched. Does nothing if the field was never set or was erased.
  Status RewrapField(store::Tx& tx, const KeyScope& from, const KeyScope& to,
                     const std::string& object_id, const std::string& field);
  // Crypto-shreds a compartment: destroys its key, so that every object sealed under it becomes
  // unreadable everywhere (backups made after the shredding included), and later seals into it
  // are refused. Authorisation, audit and the ledger record are the caller's job.
  // A compartment that never had a key is marked shredded all the same. kConflict if it was
  // already shredded.
  Status ShredCompartmentKey(store::Tx& tx, const std::string& org_id,
                             const std::string& compartment_id);
  // The sealed-row field that holds a compartment's wrapped key (object id = compartment id).
  static constexpr const char* kCompartmentKeyField = "compartment_key";

  // The organisation's blind-index key (protect/blind_index.h), derived from its organisation
  // key, so it never needs storing.
  Result<crypto::SecretKey> BlindIndexKey(store::Tx& tx, const std::string& org_id);

 private:
  explicit KeyRing(crypto::SecretKey master) : master_(std::move(master)) {}
  Result<crypto::SecretKey> OrganisationKey(store::Tx& tx, const std::string& org_id);
  // The key that wraps data keys in `scope` and its reference for the envelope; with `create`,
  // makes the compartment key if the compartment has none yet (write transactions only).
  struct WrappingKey {
    crypto::SecretKey key;
    std::string reference;  // "org" or the compartment id
  };
  Result<WrappingKey> ScopeKey(store::Tx& tx, const KeyScope& scope, bool create);
  Result<crypto::SecretKey> CompartmentKey(store::Tx& tx, const std::string& org_id,
                                           const std::string& compartment_id, bool create);
  Result<std::string> WrapDataKey(store::Tx& tx, const KeyScope& scope,
                                  const crypto::SecretKey& data_key, const std::string& object_id,
                                  const std::string& field);
  Result<crypto::SecretKey> UnwrapDataKey(store::Tx& tx, const KeyScope& scope,
                                          std::string_view wrapped, const std::string& object_id,
                                          const std::string& field);

  crypto::SecretKey master_;
  std::mutex mutex_;
  std::map<std::string, crypto::SecretKey> organisation_keys_;
};

}  // namespace giai::protect

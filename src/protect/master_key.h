// The master key file: the root of giai's key hierarchy (see key_ring.h), kept in one of two
// modes at the same path (DIR/keys/master.key, mode 0600, never in the database):
//
//   key file     32 random bytes. Whoever can read the file can read the data; protect it (and
//                its backup) like the data itself.
//   passphrase   the same random 32-byte master key, wrapped (XChaCha20-Poly1305) under a key
//                derived from the operator's passphrase with Argon2id. The file records the KDF,
//                its parameters and salt next to the wrapped key; the associated data binds the
//                parameters, so a tampered record does not open. Without the passphrase the file
//                is useless to a thief.
//
//     giai-master-key-v1
//     kdf=argon2id13
//     opslimit=3
//     memlimit=268435456
//     salt=<base64, 16 bytes>
//     wrapped=<base64, nonce || ciphertext || tag>
//
// Both modes hold the same kind of master key, so switching mode is a key rotation
// (KeyRing::Rotate) that also picks the target mode.
//
// Errors: a wrong passphrase is kUnauthenticated ("unauthenticated", exit code 4); a missing,
// loose (group/other readable) or malformed file is kUnavailable (exit code 7).
//
// Thread safety: stateless functions. Example:
//   GIAI_RETURN_IF_ERROR(WriteMasterKeyFile(path, SecretKey::Generate(),
//                                           {MasterKeyMode::kPassphrase, passphrase}));
//   GIAI_ASSIGN_OR_RETURN(SecretKey master, ReadMasterKeyFile(path, [&] { return passphrase; }));
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "core/status.h"
#include "crypto/aead.h"
#include "crypto/passphrase_key.h"

namespace giai::protect {

enum class MasterKeyMode { kKeyFile, kPassphrase };

// Supplies the passphrase when (and only when) a file in passphrase mode is opened. May be
// called more than once; sources that can be read only once (a file descriptor, a prompt)
// should cache. Empty function: no passphrase available.
using PassphraseSource = std::function<Result<std::string>()>;

struct MasterKeyTarget {
  MasterKeyMode mode = MasterKeyMode::kKeyFile;
  std::string passphrase;  // kPassphrase only; at least kMinPassphraseSize bytes
  // kPassphrase only: Argon2id parameters; the salt is replaced by a fresh one.
  crypto::PassphraseKdfParams kdf = crypto::PassphraseKdfParams::Default();
};

std::string_view MasterKeyModeName(MasterKeyMode mode);  // "key-file" or "passphrase"

// The mode of an existing master key file (kUnavailable if missing or unreadable).
Result<MasterKeyMode> MasterKeyModeOf(const std::filesystem::path& path);

// Writes `master` to a new file (O_EXCL, mode 0600, fsynced): kConflict if the file exists (an
// existing key is never overwritten), kInvalidInput for a passphrase shorter than 12 bytes.
Status WriteMasterKeyFile(const std::filesystem::path& path, const crypto::SecretKey& master,
                          const MasterKeyTarget& target);

// Reads the master key back. Refuses a file readable by group or others.
Result<crypto::SecretKey> ReadMasterKeyFile(const std::filesystem::path& path,
                                            const PassphraseSource& passphrase);

}  // namespace giai::protect

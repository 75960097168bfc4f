// Vault: the write-once, encrypted store of evidence files (DESIGN.md §5, docs/EVIDENCE.md).
//
//   DIR/vault/objects/<blob>     published blobs; never replaced, never deleted by giai
//   DIR/vault/incoming/<blob>    uploads in progress; removed on abort and when the vault opens
//
// A blob is "GIAIBLB1" + a secretstream header + chunks of at most kChunkBytes plaintext, each
// encrypted with XChaCha20-Poly1305 under the item's own data key, with associated data binding
// it to its item ("giai/v1|evidence|<item id>"); the last chunk carries the FINAL tag, so a blob
// cut short does not decrypt. BlobWriter hashes (SHA-256) the plaintext exactly as received,
// while it encrypts and writes, holding one chunk in memory whatever the file size. Commit()
// fsyncs the file, publishes it by hard link (fails if the name exists: originals are write-once)
// and fsyncs the directory: when it returns OK the blob is durable.
//
// Erasure is by destroying the item's data key (crypto-shredding, recorded in custody); the
// ciphertext stays and can no longer be read by anyone.
//
// Thread safety: a Vault may be shared; each BlobWriter/BlobReader is used by one thread.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(auto vault, Vault::Open(dir / "vault", PosixEnv()));
//   GIAI_ASSIGN_OR_RETURN(auto w, vault->NewBlob(item_id, key));
//   GIAI_RETURN_IF_ERROR(w->Write(bytes));           // as they arrive
//   if (ToHex(w->Digest()) != declared) { w->Abort(); ... }
//   GIAI_ASSIGN_OR_RETURN(std::string blob, w->Commit());
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/secret_stream.h"
#include "vault/env.h"

namespace giai::vault {

inline constexpr std::size_t kChunkBytes = 128 * 1024;
inline constexpr std::size_t kSniffBytes = 64 * 1024;

class BlobWriter {
 public:
  ~BlobWriter();  // aborts if neither Commit nor Abort was called
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;

  // Hashes, encrypts and writes `bytes` (any size; buffered to whole chunks).
  Status Write(std::string_view bytes);
  std::uint64_t size() const { return size_; }
  // The first kSniffBytes of the plaintext, to recognise the media type.
  const std::string& head() const { return head_; }
  // SHA-256 of everything written; call once, after the last Write.
  crypto::Digest256 Digest();
  // Seals, fsyncs and publishes; returns the blob's name. After an error nothing is published.
  Result<std::string> Commit();
  void Abort();

 private:
  friend class Vault;
  BlobWriter(Env& env, std::filesystem::path incoming, std::filesystem::path objects,
             std::string name, std::string associated, const crypto::SecretKey& key,
             std::unique_ptr<WritableFile> file);
  Status Flush(bool final);

  Env& env_;
  std::filesystem::path incoming_dir_, objects_dir_;
  std::string name_, associated_;
  crypto::StreamEncryptor encryptor_;
  std::unique_ptr<WritableFile> file_;
  crypto::Sha256 sha_;
  std::optional<crypto::Digest256> digest_;
  std::string pending_, out_, head_;
  std::uint64_t size_ = 0;
  bool done_ = false;
};

class BlobReader {
 public:
  // The next piece of plaintext; empty once the whole blob has been read and verified.
  // kIntegrity if the blob was altered, cut short, or belongs to another item.
  Result<std::string> Next();

 private:
  friend class Vault;
  BlobReader(std::unique_ptr<ReadableFile> file, std::unique_ptr<crypto::StreamDecryptor> dec,
             std::string associated)
      : file_(std::move(file)), decryptor_(std::move(dec)), associated_(std::move(associated)) {}
  std::unique_ptr<ReadableFile> file_;
  std::unique_ptr<crypto::StreamDecryptor> decryptor_;
  std::string associated_;
  bool finished_ = false;
};

class Vault {
 public:
  // Creates DIR/objects and DIR/incoming if needed and removes abandoned incoming files.
  static Result<std::unique_ptr<Vault>> Open(const std::filesystem::path& dir, Env& env);

  // A writer for a new blob of `item_id`, encrypted under `key`.
  Result<std::unique_ptr<BlobWriter>> NewBlob(const std::string& item_id,
                                              const crypto::SecretKey& key);
  Result<std::unique_ptr<BlobReader>> OpenBlob(const std::string& blob, const std::string& item_id,
                                               const crypto::SecretKey& key);
  // Re-reads a whole blob and returns its plaintext SHA-256 and size (fixity check).
  struct Fixity {
    crypto::Digest256 sha256{};
    std::uint64_t size = 0;
  };
  Result<Fixity> Rehash(const std::string& blob, const std::string& item_id,
                        const crypto::SecretKey& key);
  Result<std::vector<std::string>> ListBlobs();
  bool Exists(const std::string& blob);
  std::filesystem::path PathOf(const std::string& blob) const { return objects_ / blob; }

  static std::string AssociatedData(const std::string& item_id);

 private:
  Vault(Env& env, std::filesystem::path dir)
      : env_(env), objects_(dir / "objects"), incoming_(dir / "incoming") {}
  Env& env_;
  std::filesystem::path objects_, incoming_;
};

}  // namespace giai::vault

#include "vault/vault.h"

#include "crypto/random.h"

namespace giai::vault {

namespace {
constexpr std::string_view kMagic = "GIAIBLB1";
constexpr std::size_t kCipherChunkBytes = kChunkBytes + crypto::kStreamChunkOverhead;

bool ValidBlobName(const std::string& name) {
  if (name.empty() || name.size() > 120) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return name.front() != '.';
}
}  // namespace

std::string Vault::AssociatedData(const std::string& item_id) {
  return "giai/v1|evidence|" + item_id;
}

Result<std::unique_ptr<Vault>> Vault::Open(const std::filesystem::path& dir, Env& env) {
  std::unique_ptr<Vault> vault(new Vault(env, dir));
  GIAI_RETURN_IF_ERROR(env.CreateDirectories(vault->objects_));
  GIAI_RETURN_IF_ERROR(env.CreateDirectories(vault->incoming_));
  // An incoming file was never acknowledged to anyone: a crash mid-upload leaves it behind.
  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> stale, env.ListDirectory(vault->incoming_));
  for (const std::string& name : stale) GIAI_RETURN_IF_ERROR(env.Remove(vault->incoming_ / name));
  return vault;
}

Result<std::unique_ptr<BlobWriter>> Vault::NewBlob(const std::string& item_id,
                                                   const crypto::SecretKey& key) {
  // A fresh name per upload: a retried upload never collides with a blob an earlier attempt
  // published before the database acknowledged it.
  std::string name = item_id + "-" + crypto::RandomToken(12);
  if (!ValidBlobName(name)) return InvalidInput("invalid evidence item id");
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, env_.CreateExclusive(incoming_ / name));
  std::unique_ptr<BlobWriter> w(new BlobWriter(env_, incoming_, objects_, name,
                                               AssociatedData(item_id), key, std::move(file)));
  GIAI_RETURN_IF_ERROR(w->file_->Append(std::string(kMagic) + w->encryptor_.header()));
  return w;
}

BlobWriter::BlobWriter(Env& env, std::filesystem::path incoming, std::filesystem::path objects,
                       std::string name, std::string associated, const crypto::SecretKey& key,
                       std::unique_ptr<WritableFile> file)
    : env_(env),
      incoming_dir_(std::move(incoming)),
      objects_dir_(std::move(objects)),
      name_(std::move(name)),
      associated_(std::move(associated)),
      encryptor_(key),
      file_(std::move(file)) {
  pending_.reserve(kChunkBytes);
}

BlobWriter::~BlobWriter() {
  if (!done_) Abort();
}

Status BlobWriter::Write(std::string_view bytes) {
  if (done_ || digest_) return Internal("blob writer used after it finished");
  sha_.Update(bytes);
  size_ += bytes.size();
  if (head_.size() < kSniffBytes) head_.append(bytes.substr(0, kSniffBytes - head_.size()));
  while (!bytes.empty()) {
    const std::size_t take = std::min(bytes.size(), kChunkBytes - pending_.size());
    pending_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    // A full chunk is only flushed once more bytes arrive, so the final chunk is never empty
    // unless the whole file is.
    if (pending_.size() == kChunkBytes && !bytes.empty()) GIAI_RETURN_IF_ERROR(Flush(false));
  }
  return Status::Ok();
}

Status BlobWriter::Flush(bool final) {
  out_.clear();
  encryptor_.Push(pending_, associated_, final, out_);
  pending_.clear();
  return file_->Append(out_);
}

crypto::Digest256 BlobWriter::Digest() {
  if (!digest_) digest_ = sha_.Finish();
  return *digest_;
}

Result<std::string> BlobWriter::Commit() {
  if (done_) return Internal("blob writer used after it finished");
  Digest();
  if (pending_.size() == kChunkBytes) {
    // Exactly a multiple of the chunk size: the last full chunk is not final, an empty one is.
    GIAI_RETURN_IF_ERROR(Flush(false));
  }
  Status st = Flush(true);
  if (st.ok()) st = file_->Sync();
  if (st.ok()) st = file_->Close();
  if (st.ok()) st = env_.LinkExclusive(incoming_dir_ / name_, objects_dir_ / name_);
  if (st.ok()) st = env_.SyncDirectory(objects_dir_);
  if (!st.ok()) {
    // If the link went through but the directory sync failed, the name may or may not survive
    // a crash; it was never acknowledged, so withdraw it.
    Abort();
    (void)env_.Remove(objects_dir_ / name_);
    return st;
  }
  done_ = true;
  (void)env_.Remove(incoming_dir_ / name_);
  return name_;
}

void BlobWriter::Abort() {
  done_ = true;
  if (file_) (void)file_->Close();
  (void)env_.Remove(incoming_dir_ / name_);
}

Result<std::unique_ptr<BlobReader>> Vault::OpenBlob(const std::string& blob,
                                                    const std::string& item_id,
                                                    const crypto::SecretKey& key) {
  if (!ValidBlobName(blob)) return Integrity("invalid blob name");
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<ReadableFile> file, env_.OpenForRead(objects_ / blob));
  GIAI_ASSIGN_OR_RETURN(std::string start, file->Read(kMagic.size() + crypto::kStreamHeaderBytes));
  if (start.size() != kMagic.size() + crypto::kStreamHeaderBytes || !start.starts_with(kMagic)) {
    return Integrity("blob " + blob + " is not a giai evidence blob");
  }
  GIAI_ASSIGN_OR_RETURN(auto dec,
                        crypto::StreamDecryptor::Create(key, std::string_view(start).substr(8)));
  return std::unique_ptr<BlobReader>(
      new BlobReader(std::move(file), std::move(dec), AssociatedData(item_id)));
}

Result<std::string> BlobReader::Next() {
  if (finished_) {
    GIAI_ASSIGN_OR_RETURN(std::string extra, file_->Read(1));
    if (!extra.empty()) return Integrity("data follows the end of the evidence blob");
    return std::string();
  }
  GIAI_ASSIGN_OR_RETURN(std::string cipher, file_->Read(kCipherChunkBytes));
  if (cipher.empty()) return Integrity("evidence blob is cut short (no final chunk)");
  crypto::StreamChunk chunk;
  GIAI_RETURN_IF_ERROR(decryptor_->Pull(cipher, associated_, chunk));
  if (chunk.final) {
    finished_ = true;
    if (chunk.plaintext.empty()) return Next();
  } else if (cipher.size() != kCipherChunkBytes) {
    return Integrity("evidence blob is cut short (no final chunk)");
  }
  return std::move(chunk.plaintext);
}

Result<Vault::Fixity> Vault::Rehash(const std::string& blob, const std::string& item_id,
                                    const crypto::SecretKey& key) {
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<BlobReader> reader, OpenBlob(blob, item_id, key));
  crypto::Sha256 sha;
  Fixity out;
  while (true) {
    GIAI_ASSIGN_OR_RETURN(std::string piece, reader->Next());
    if (piece.empty()) break;
    sha.Update(piece);
    out.size += piece.size();
  }
  out.sha256 = sha.Finish();
  return out;
}

Result<std::vector<std::string>> Vault::ListBlobs() { return env_.ListDirectory(objects_); }

bool Vault::Exists(const std::string& blob) {
  return ValidBlobName(blob) && env_.FileSize(objects_ / blob).ok();
}

}  // namespace giai::vault

// Streaming authenticated encryption of large payloads (evidence files): libsodium's
// crypto_secretstream_xchacha20poly1305. A stream is a 24-byte header followed by chunks; each
// chunk carries its own tag, and the last one the FINAL tag, so truncation, reordering,
// duplication or a change of any byte is detected. The associated data of every chunk binds the
// stream to where it belongs (e.g. "giai/v1|evidence|evd_X"): moved to another item, it fails.
//
// Thread safety: one encryptor or decryptor per stream, used by one thread at a time.
//
// Example:
//   StreamEncryptor enc(key);                  // enc.header() starts the stream
//   out += enc.Push(chunk1, ad, false); out += enc.Push(last, ad, true);
//   GIAI_ASSIGN_OR_RETURN(auto dec, StreamDecryptor::Create(key, header));
//   GIAI_ASSIGN_OR_RETURN(StreamChunk c, dec->Pull(ciphertext_chunk, ad));  // c.final on the last
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "crypto/aead.h"

namespace giai::crypto {

inline constexpr std::size_t kStreamHeaderBytes = 24;
inline constexpr std::size_t kStreamChunkOverhead = 17;

class StreamEncryptor {
 public:
  explicit StreamEncryptor(const SecretKey& key);
  ~StreamEncryptor();
  StreamEncryptor(const StreamEncryptor&) = delete;
  StreamEncryptor& operator=(const StreamEncryptor&) = delete;

  const std::string& header() const { return header_; }
  // Encrypts one chunk (plaintext.size() + kStreamChunkOverhead bytes out), appending to `out`.
  void Push(std::string_view plaintext, std::string_view associated, bool final, std::string& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string header_;
};

struct StreamChunk {
  std::string plaintext;
  bool final = false;
};

class StreamDecryptor {
 public:
  // kIntegrity if the header is not a valid stream header for this key.
  static Result<std::unique_ptr<StreamDecryptor>> Create(const SecretKey& key,
                                                         std::string_view header);
  ~StreamDecryptor();
  StreamDecryptor(const StreamDecryptor&) = delete;
  StreamDecryptor& operator=(const StreamDecryptor&) = delete;

  // Decrypts the next chunk; kIntegrity if it was altered, reordered, cut or moved, or if a chunk
  // follows the final one.
  Status Pull(std::string_view ciphertext, std::string_view associated, StreamChunk& out);

 private:
  StreamDecryptor();
  struct State;
  std::unique_ptr<State> state_;
  bool finished_ = false;
};

}  // namespace giai::crypto

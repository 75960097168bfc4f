#include "crypto/secret_stream.h"

#include <sodium.h>

namespace giai::crypto {

static_assert(kStreamHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kStreamChunkOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);
static_assert(SecretKey::kSize == crypto_secretstream_xchacha20poly1305_KEYBYTES);

struct StreamEncryptor::State {
  crypto_secretstream_xchacha20poly1305_state s;
};
struct StreamDecryptor::State {
  crypto_secretstream_xchacha20poly1305_state s;
};

StreamEncryptor::StreamEncryptor(const SecretKey& key) : state_(std::make_unique<State>()) {
  header_.resize(kStreamHeaderBytes);
  crypto_secretstream_xchacha20poly1305_init_push(
      &state_->s, reinterpret_cast<unsigned char*>(header_.data()), key.data());
}

StreamEncryptor::~StreamEncryptor() { sodium_memzero(state_.get(), sizeof(State)); }

void StreamEncryptor::Push(std::string_view plaintext, std::string_view associated, bool final,
                           std::string& out) {
  const std::size_t at = out.size();
  out.resize(at + plaintext.size() + kStreamChunkOverhead);
  crypto_secretstream_xchacha20poly1305_push(
      &state_->s, reinterpret_cast<unsigned char*>(out.data() + at), nullptr,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(associated.data()), associated.size(),
      final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
}

StreamDecryptor::StreamDecryptor() : state_(std::make_unique<State>()) {}

StreamDecryptor::~StreamDecryptor() { sodium_memzero(state_.get(), sizeof(State)); }

Result<std::unique_ptr<StreamDecryptor>> StreamDecryptor::Create(const SecretKey& key,
                                                                 std::string_view header) {
  if (header.size() != kStreamHeaderBytes) return Integrity("encrypted stream header is damaged");
  std::unique_ptr<StreamDecryptor> d(new StreamDecryptor());
  if (crypto_secretstream_xchacha20poly1305_init_pull(
          &d->state_->s, reinterpret_cast<const unsigned char*>(header.data()), key.data()) != 0) {
    return Integrity("encrypted stream header is damaged");
  }
  return d;
}

Status StreamDecryptor::Pull(std::string_view ciphertext, std::string_view associated,
                             StreamChunk& out) {
  if (finished_) return Integrity("data follows the end of the encrypted stream");
  if (ciphertext.size() < kStreamChunkOverhead) return Integrity("encrypted chunk is truncated");
  out.plaintext.resize(ciphertext.size() - kStreamChunkOverhead);
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          &state_->s, reinterpret_cast<unsigned char*>(out.plaintext.data()), nullptr, &tag,
          reinterpret_cast<const unsigned char*>(ciphertext.data()), ciphertext.size(),
          reinterpret_cast<const unsigned char*>(associated.data()), associated.size()) != 0) {
    return Integrity("encrypted chunk was altered, reordered or moved");
  }
  out.final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  finished_ = out.final;
  return Status::Ok();
}

}  // namespace giai::crypto

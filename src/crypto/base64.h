// Standard base64 (RFC 4648 §4, with padding), as used by C2SP signed notes, checkpoints and the
// transparency-dev proof vectors.
//
// Decoding is strict: it rejects characters outside the alphabet, missing or extra padding,
// whitespace, and non-canonical encodings (non-zero trailing bits). Strictness matters because a
// signed note must have exactly one textual form: two spellings of the same bytes would let an
// attacker change a signed text without breaking a hash over the decoded value.
// Thread safe (pure functions).
//
// Example:
//   std::string text = Base64Encode(digest);
//   std::string bytes;
//   if (!Base64Decode(text, bytes)) return InvalidInput("bad base64");
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace giai::crypto {

std::string Base64Encode(std::span<const std::uint8_t> bytes);
std::string Base64Encode(std::string_view bytes);

// Returns false (and leaves `out` unspecified) if `text` is not canonical padded base64.
bool Base64Decode(std::string_view text, std::string& out);

}  // namespace giai::crypto

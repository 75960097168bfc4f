#include "http/content_stream.h"

#include <cctype>
#include <charconv>

#include "crypto/base64.h"
#include "crypto/hash.h"

namespace giai::http {

Result<std::optional<std::uint64_t>> ContentLength(const Request& request) {
  std::string_view text = request.Header("Content-Length");
  if (text.empty()) return std::optional<std::uint64_t>();
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return InvalidInput("is not a number", "Content-Length");
  }
  return std::optional<std::uint64_t>(value);
}

std::string ContentDisposition(const std::string& name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename*=UTF-8''" + encoded;
}

Response ContentResponse(service::Content content) {
  Response r{200, {{"Content-Type", content.media_type}}, ""};
  std::string digest;
  if (crypto::FromHex(content.sha256, digest)) {
    // RFC 9530: lets the client check what it received against the ingest hash.
    r.headers.emplace_back("Repr-Digest", "sha-256=:" + crypto::Base64Encode(digest) + ":");
  }
  r.source = std::make_shared<ContentSource>(std::move(content.reader));
  if (!content.file_name.empty()) {
    r.headers.emplace_back("Content-Disposition", ContentDisposition(content.file_name));
  }
  return r;
}

}  // namespace giai::http

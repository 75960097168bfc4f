#include "vault/file_name.h"

#include "core/utf8.h"

namespace giai::vault {

namespace {
constexpr std::size_t kMaxBytes = 200;

// Cuts at `max` bytes without splitting a UTF-8 sequence.
std::string CutUtf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}
}  // namespace

Result<std::string> SanitiseFileName(std::string_view name) {
  if (!IsValidUtf8(name)) return InvalidInput("is not valid UTF-8", "file_name");
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) continue;
    if (c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') {
      out += '_';
      continue;
    }
    out += static_cast<char>(c);
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(0, 1);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out = CutUtf8(std::move(out), kMaxBytes);
  if (out.empty()) return InvalidInput("has no usable characters", "file_name");
  return out;
}

}  // namespace giai::vault

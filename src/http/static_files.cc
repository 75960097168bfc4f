// Serves the built web UI (web/dist) from `web_root`. Paths are resolved inside the root and
// anything that would escape it (.., symlinks out, NUL) is not served. Unknown paths without a
// file extension get index.html, so the single-page app can route them.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/api.h"

namespace giai::http {

namespace {

std::string ContentType(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

std::optional<Response> ReadFile(const std::filesystem::path& file, bool immutable) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  Response r{200, {{"Content-Type", ContentType(file)}}, buffer.str()};
  r.headers.emplace_back("Cache-Control",
                         immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace

std::optional<Response> ServeStatic(const std::string& web_root, const std::string& path) {
  if (web_root.empty()) return std::nullopt;
  std::string decoded;
  if (!PercentDecode(path, decoded)) return std::nullopt;
  std::error_code ec;
  std::filesystem::path root = std::filesystem::canonical(web_root, ec);
  if (ec) return std::nullopt;
  std::filesystem::path wanted = (root / decoded.substr(1)).lexically_normal();
  std::filesystem::path resolved = std::filesystem::weakly_canonical(wanted, ec);
  auto inside = [&](const std::filesystem::path& p) {
    auto rel = p.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
  };
  if (!ec && inside(resolved) && std::filesystem::is_regular_file(resolved, ec)) {
    return ReadFile(resolved, decoded.starts_with("/assets/"));
  }
  // Client-side routes ("/incidents/inc_…") fall back to the app shell.
  if (std::filesystem::path(decoded).has_extension() && decoded != "/") return std::nullopt;
  return ReadFile(root / "index.html", false);
}

}  // namespace giai::http

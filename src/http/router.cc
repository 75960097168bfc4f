#include "http/router.h"

#include <algorithm>

namespace giai::http {

namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool IsToken(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }

}  // namespace

void Router::AddStreamed(Route route, StreamFactory stream) {
  streams_[route.method + " " + route.pattern] = std::move(stream);
  Add(std::move(route));
}

const StreamFactory* Router::StreamOf(const Route& route) const {
  auto it = streams_.find(route.method + " " + route.pattern);
  return it == streams_.end() ? nullptr : &it->second;
}

void Router::Add(Route route) {
  std::vector<std::string> pattern;
  for (std::string_view segment : Segments(route.pattern)) pattern.emplace_back(segment);
  patterns_.push_back(std::move(pattern));
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  if (path.empty() || path[0] != '/') return match;
  const std::vector<std::string_view> segments = Segments(path);
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const std::vector<std::string>& pattern = patterns_[r];
    if (pattern.size() != segments.size()) continue;
    // Literal segments first: most routes fail here, before any decoding.
    bool ok = true;
    for (std::size_t i = 0; i < pattern.size() && ok; ++i) {
      ok = IsToken(pattern[i]) ? !segments[i].empty() : pattern[i] == segments[i];
    }
    if (!ok) continue;
    std::map<std::string, std::string> params;
    for (std::size_t i = 0; i < pattern.size() && ok; ++i) {
      if (!IsToken(pattern[i])) continue;
      std::string value;
      ok = PercentDecode(segments[i], value) && value.find('/') == std::string::npos;
      params[pattern[i].substr(1, pattern[i].size() - 2)] = std::move(value);
    }
    if (!ok) continue;
    const Route& route = routes_[r];
    if (route.method == method) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
    match.allowed_methods.push_back(route.method);
  }
  return match;
}

bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space) {
  auto hex = [](char h) -> int {
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char decoded = static_cast<char>((hi << 4) | lo);
      if (decoded == '\0') return false;
      out.push_back(decoded);
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

Result<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), key, true) ||
        (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), value, true))) {
      return InvalidInput("malformed percent-encoding in the query string");
    }
    if (out.contains(key)) return InvalidInput("query parameter given twice", key);
    out[key] = value;
  }
  return out;
}

Result<nlohmann::json> Call::JsonBody() const {
  std::string_view type = request.Header("Content-Type");
  std::string_view base = type.substr(0, type.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  if (base != "application/json" && base != "application/merge-patch+json") {
    return Status(Code::kUnsupportedMediaType, "send JSON with Content-Type: application/json");
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return InvalidInput("the body is not valid JSON (UTF-8)");
  return body;
}

Result<std::int64_t> Call::IfMatchVersion() const {
  std::string_view v = request.Header("If-Match");
  if (v.empty()) {
    return Status(Code::kPreconditionRequired,
                  "send If-Match with the ETag you read, so a concurrent change is not lost");
  }
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() < 3 || v.front() != '"' || v.back() != '"') {
    return InvalidInput("If-Match must be an ETag such as \"3\"", "If-Match");
  }
  v = v.substr(1, v.size() - 2);
  std::int64_t version = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || version > (INT64_MAX / 10)) {
      return InvalidInput("If-Match must be an ETag such as \"3\"", "If-Match");
    }
    version = version * 10 + (c - '0');
  }
  return version;
}

std::string Call::Query(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

Response JsonResponse(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view part = header.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return "";
}

}  // namespace giai::http

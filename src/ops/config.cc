#include "ops/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <filesystem>

namespace giai::ops {

namespace {

Result<long long> ParseInt(std::string_view text, const std::string& key, long long lo,
                           long long hi) {
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < lo || value > hi) {
    return InvalidInput(
        "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]", key);
  }
  return value;
}

Result<bool> ParseBool(std::string_view text, const std::string& key) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return InvalidInput("must be true or false", key);
}

Status CheckLogLevel(const std::string& level) {
  if (level == "debug" || level == "info" || level == "warn" || level == "error") {
    return Status::Ok();
  }
  return InvalidInput("must be debug, info, warn or error", "log_level");
}

// One setter per key, shared by the TOML file and the environment (values as text).
Status Set(ServerConfig& c, const std::string& key, const std::string& value) {
  if (key == "listen") return SetListen(c, value);
  if (key == "threads") {
    GIAI_ASSIGN_OR_RETURN(long long v, ParseInt(value, key, 1, 256));
    c.threads = static_cast<int>(v);
  } else if (key == "body_limit_bytes") {
    GIAI_ASSIGN_OR_RETURN(long long v, ParseInt(value, key, 1024, 1LL << 34));
    c.body_limit_bytes = static_cast<std::size_t>(v);
  } else if (key == "upload_limit_bytes") {
    GIAI_ASSIGN_OR_RETURN(long long v, ParseInt(value, key, 1, 1LL << 42));
    c.upload_limit_bytes = static_cast<std::uint64_t>(v);
  } else if (key == "session_ttl_minutes") {
    GIAI_ASSIGN_OR_RETURN(long long v, ParseInt(value, key, 1, 60 * 24 * 30));
    c.session_ttl_minutes = static_cast<int>(v);
  } else if (key == "secure_cookies") {
    GIAI_ASSIGN_OR_RETURN(c.secure_cookies, ParseBool(value, key));
  } else if (key == "tls_cert") {
    c.tls_cert = value;
  } else if (key == "tls_key") {
    c.tls_key = value;
  } else if (key == "web_root") {
    c.web_root = value;
  } else if (key == "database") {
    c.database = value;
  } else if (key == "audit_seal_seconds") {
    GIAI_ASSIGN_OR_RETURN(long long v, ParseInt(value, key, 1, 86400));
    c.audit_seal_seconds = static_cast<int>(v);
  } else if (key == "read_cache_bytes") {
    GIAI_ASSIGN_OR_RETURN(long long v, ParseInt(value, key, 0, 1LL << 40));
    c.read_cache_bytes = static_cast<std::size_t>(v);
  } else if (key == "log_level") {
    GIAI_RETURN_IF_ERROR(CheckLogLevel(value));
    c.log_level = value;
  } else {
    return InvalidInput("unknown configuration key", key);
  }
  return Status::Ok();
}

constexpr const char* kKeys[] = {"listen",
                                 "threads",
                                 "body_limit_bytes",
                                 "upload_limit_bytes",
                                 "session_ttl_minutes",
                                 "secure_cookies",
                                 "tls_cert",
                                 "tls_key",
                                 "web_root",
                                 "log_level",
                                 "database",
                                 "audit_seal_seconds",
                                 "read_cache_bytes"};

}  // namespace

Status SetListen(ServerConfig& config, const std::string& listen) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidInput("must be host:port, e.g. 127.0.0.1:8080", "listen");
  }
  GIAI_ASSIGN_OR_RETURN(long long port, ParseInt(listen.substr(colon + 1), "listen", 0, 65535));
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  config.address = host;
  config.port = static_cast<std::uint16_t>(port);
  return Status::Ok();
}

Status ApplyTomlFile(ServerConfig& config, const std::string& path, bool required) {
  if (!std::filesystem::exists(path)) {
    if (required) return InvalidInput("configuration file not found: " + path, "config");
    return Status::Ok();
  }
  toml::table parsed;
  try {
    parsed = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidInput(
        "configuration file " + path + " is not valid TOML: " + std::string(e.description()),
        "config");
  }
  for (const auto& [key, node] : parsed) {
    std::string k(key.str());
    std::string value;
    if (auto s = node.template value<std::string>(); s && node.is_string()) {
      value = *s;
    } else if (auto i = node.template value<long long>(); i && node.is_integer()) {
      value = std::to_string(*i);
    } else if (auto b = node.template value<bool>(); b && node.is_boolean()) {
      value = *b ? "true" : "false";
    } else {
      return InvalidInput("must be a string, integer or boolean", k);
    }
    GIAI_RETURN_IF_ERROR(Set(config, k, value));
  }
  return Status::Ok();
}

Status ApplyEnvironment(ServerConfig& config,
                        const std::function<const char*(const char*)>& getenv) {
  for (const char* key : kKeys) {
    std::string name = "GIAI_";
    for (const char* p = key; *p; ++p) name.push_back(static_cast<char>(std::toupper(*p)));
    if (const char* value = getenv(name.c_str())) GIAI_RETURN_IF_ERROR(Set(config, key, value));
  }
  return Status::Ok();
}

}  // namespace giai::ops

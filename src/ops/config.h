// Server configuration: defaults, then a TOML file, then GIAI_* environment variables, then
// command-line flags (applied by the caller). Every key is documented in `giai serve --help`
// and docs/OPERATIONS.md.
//
//   listen = "127.0.0.1:8080"        GIAI_LISTEN
//   threads = 4                      GIAI_THREADS
//   body_limit_bytes = 1048576       GIAI_BODY_LIMIT_BYTES
//   upload_limit_bytes = 20 GiB      GIAI_UPLOAD_LIMIT_BYTES (evidence files, streamed)
//   session_ttl_minutes = 480        GIAI_SESSION_TTL_MINUTES
//   secure_cookies = false           GIAI_SECURE_COOKIES (always on under TLS)
//   tls_cert = "" / tls_key = ""     GIAI_TLS_CERT / GIAI_TLS_KEY
//   web_root = ""                    GIAI_WEB_ROOT (built web UI; empty: API only)
//   log_level = "info"               GIAI_LOG_LEVEL (debug, info, warn, error)
//   database = ""                    GIAI_DATABASE (postgresql://...; empty: SQLite in DIR)
//   audit_seal_seconds = 300         GIAI_AUDIT_SEAL_SECONDS (audit batches into the ledger)
//   read_cache_bytes = 64 MiB        GIAI_READ_CACHE_BYTES (answers reused until data change;
//                                    0: off; http/read_cache.h)
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"

namespace giai::ops {

struct ServerConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 4;
  std::size_t body_limit_bytes = 1 << 20;
  std::uint64_t upload_limit_bytes = 20ull << 30;
  int session_ttl_minutes = 480;
  bool secure_cookies = false;
  std::string tls_cert, tls_key;
  std::string web_root;
  std::string log_level = "info";
  std::string database;  // postgresql://...; empty: SQLite in the data directory
  int audit_seal_seconds = 300;
  std::size_t read_cache_bytes = 64u << 20;
};

// Parses "host:port" into the config.
Status SetListen(ServerConfig& config, const std::string& listen);
// Applies a TOML file (missing file: error only if `required`). Unknown keys are errors.
Status ApplyTomlFile(ServerConfig& config, const std::string& path, bool required);
// Applies GIAI_* variables read through `getenv` (injectable for tests).
Status ApplyEnvironment(ServerConfig& config,
                        const std::function<const char*(const char*)>& getenv);

}  // namespace giai::ops

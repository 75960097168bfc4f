// giai serve: the HTTP server on a data directory.
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/passphrase.h"
#include "cli/runtime.h"
#include "http/api.h"
#include "http/server.h"
#include "ops/config.h"
#include "ops/log.h"
#include "ops/periodic_task.h"
#include "service/audit_seal.h"

namespace giai::cli {

namespace {

struct ServeOptions {
  std::string data;
  std::string config_file;
  std::string listen;
  std::string tls_cert, tls_key;
  std::string web_root;
};

ops::LogLevel ParseLevel(const std::string& level) {
  if (level == "debug") return ops::LogLevel::kDebug;
  if (level == "warn") return ops::LogLevel::kWarn;
  if (level == "error") return ops::LogLevel::kError;
  return ops::LogLevel::kInfo;
}

void SealAudit(service::AuditSealer& sealer, std::chrono::seconds settle) {
  auto sealed = sealer.SealPending(settle);
  if (!sealed.ok()) {
    ops::Log(ops::LogLevel::kError, "audit seal failed", {{"error", sealed.status().ToString()}});
    return;
  }
  std::uint64_t events = 0;
  for (const auto& batch : *sealed) events += batch.count;
  if (!sealed->empty()) {
    ops::Log(ops::LogLevel::kInfo, "audit sealed",
             {{"batches", sealed->size()}, {"events", events}});
  }
}

int RunServe(const ServeOptions& o, const std::string& database) {
  ::umask(077);
  ops::ServerConfig config;
  bool explicit_file = !o.config_file.empty();
  std::string file =
      explicit_file ? o.config_file : (std::filesystem::path(o.data) / "giai.toml").string();
  Status st = ops::ApplyTomlFile(config, file, explicit_file);
  if (st.ok()) st = ops::ApplyEnvironment(config, [](const char* n) { return std::getenv(n); });
  if (st.ok() && !o.listen.empty()) st = ops::SetListen(config, o.listen);
  if (!st.ok()) return Fail(st);
  if (!o.tls_cert.empty()) config.tls_cert = o.tls_cert;
  if (!o.tls_key.empty()) config.tls_key = o.tls_key;
  if (!o.web_root.empty()) config.web_root = o.web_root;
  ops::InitLogging(ParseLevel(config.log_level));

  auto rt = Runtime::Open(o.data, database.empty() ? config.database : database);
  ForgetPassphrases();  // the keys are open; the passphrase is not kept
  if (!rt.ok()) return Fail(rt.status());
  Runtime& r = **rt;
  // Jobs a crashed run left queued or running would otherwise say so forever.
  // Not fatal: a read replica serves analysts although it cannot write.
  Result<int> interrupted = r.linkage->RecoverInterruptedJobs();
  if (!interrupted.ok()) {
    ops::Log(ops::LogLevel::kError, "linkage job recovery failed",
             {{"error", interrupted.status().ToString()}});
  } else if (*interrupted > 0) {
    ops::Log(ops::LogLevel::kWarn, "linkage jobs interrupted", {{"jobs", *interrupted}});
  }
  http::ApiOptions api_options;
  api_options.secure_cookies = config.secure_cookies || !config.tls_cert.empty();
  api_options.web_root = config.web_root;
  api_options.session_ttl_minutes = config.session_ttl_minutes;
  api_options.read_cache_bytes = config.read_cache_bytes;
  http::Api api({*r.store, *r.authenticator, *r.documentation, *r.admin, *r.consent, *r.cases,
                 *r.evidence, *r.ledger, *r.grants, *r.linkage, *r.interview_checks, *r.estimates,
                 *r.shares, Vocabulary::Builtin()},
                api_options);

  http::ServerOptions server_options;
  server_options.address = config.address;
  server_options.port = config.port;
  server_options.threads = config.threads;
  server_options.body_limit = config.body_limit_bytes;
  server_options.tls_cert_file = config.tls_cert;
  server_options.tls_key_file = config.tls_key;
  server_options.stream_body_limit = config.upload_limit_bytes;
  server_options.stream_selector = [&api](const http::Request& head) {
    return api.SelectStream(head);
  };
  r.evidence->set_max_upload_bytes(config.upload_limit_bytes);
  auto server = http::Server::Create(server_options,
                                     [&api](const http::Request& req) { return api.Handle(req); });
  if (!server.ok()) return Fail(server.status());
  std::string scheme = config.tls_cert.empty() ? "http" : "https";
  std::cout << "giai listening on " << scheme << "://" << config.address << ":" << (*server)->port()
            << std::endl;
  ops::Log(ops::LogLevel::kInfo, "listening",
           {{"address", config.address}, {"port", (*server)->port()}, {"tls", scheme == "https"}});
  {
    // The audit trail is sealed into the ledger while serving, and once more when stopping
    // (nothing is running then, so nothing needs to settle).
    service::AuditSealer sealer(*r.store, *r.ledger);
    ops::PeriodicTask sealing(std::chrono::seconds(config.audit_seal_seconds),
                              [&sealer] { SealAudit(sealer, std::chrono::seconds(60)); });
    ops::PeriodicTask linkage_leases(service::LinkageService::kLeaseRenewal, [&r] {
      Status kept = r.linkage->KeepAlive();
      if (!kept.ok()) {
        ops::Log(ops::LogLevel::kError, "linkage lease renewal failed",
                 {{"error", kept.ToString()}});
      }
    });
    (*server)->Run();
    linkage_leases.Stop();
    sealing.Stop();
    SealAudit(sealer, std::chrono::seconds(0));
  }
  ops::Log(ops::LogLevel::kInfo, "stopped");
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, CommandContext& ctx) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the API (and the web UI) over HTTP");
  cmd->add_option("--data", o->data, "Data directory made by `giai init`")->required();
  cmd->add_option("--config", o->config_file, "TOML configuration file (default DATA/giai.toml)");
  cmd->add_option("--listen", o->listen,
                  "host:port (key `listen`, env GIAI_LISTEN; default 127.0.0.1:8080)");
  cmd->add_option("--tls-cert", o->tls_cert, "PEM certificate: serve HTTPS (key `tls_cert`)");
  cmd->add_option("--tls-key", o->tls_key, "PEM private key (key `tls_key`)");
  cmd->add_option("--web-root", o->web_root, "Directory of the built web UI (key `web_root`)");
  cmd->footer(
      "Configuration keys (TOML file, then GIAI_<KEY> environment variables, then flags):\n"
      "  listen               host:port to bind (127.0.0.1:8080)\n"
      "  threads              I/O threads that also run requests (4)\n"
      "  body_limit_bytes     largest accepted request body, chunked included (1048576)\n"
      "  upload_limit_bytes   largest evidence file, streamed to the vault (21474836480)\n"
      "  audit_seal_seconds   how often the audit trail is sealed into the ledger (300)\n"
      "  read_cache_bytes     memory for answers to repeated reads, reused until any data\n"
      "                       changes (67108864; 0: off; SQLite only)\n"
      "  session_ttl_minutes  browser session lifetime (480)\n"
      "  secure_cookies       mark cookies Secure; always on with TLS (false)\n"
      "  tls_cert, tls_key    PEM files; both set: HTTPS only\n"
      "  web_root             built web UI directory; empty: API only\n"
      "  database             postgresql://... URL; empty: SQLite in the data directory\n"
      "  log_level            debug, info, warn or error (info); logs are JSON lines on stderr\n"
      "Stops gracefully on SIGINT and SIGTERM.");
  cmd->callback([o, &ctx] { ctx.exit_code = RunServe(*o, ctx.database); });
}

}  // namespace giai::cli

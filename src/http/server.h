// HTTP/1.1 server transport: accepts connections, parses requests and hands each one to a single
// synchronous Handler; routing, JSON and problem mapping for application errors live above it.
//
// Only src/http/server.cc (Boost.Beast + Asio) knows how the bytes move; this header includes no
// Boost so that the rest of the project compiles fast and can be tested without sockets.
//
// Ownership and threads:
// - The Server owns its io_context, listening socket and connections. `threads` io threads run
//   handlers; a handler may block (e.g. SQLite), which occupies one io thread for that time.
// - The Handler is called concurrently from several threads and must be thread-safe. It must not
//   call Stop() and then wait for Run() to return (that would deadlock on itself).
// - Run() is called at most once. Stop() may be called from any thread, any number of times,
//   before or during Run(). Destroy the Server only after Run() has returned (or was never called).
//
// Streamed bodies: see BodySink and ServerOptions::stream_selector.
//
// Errors the transport answers itself, with an RFC 9457 problem+json body, then closes the
// connection: 400 `invalid_input` (malformed HTTP), 413 `payload_too_large` (body over
// `body_limit`, Content-Length or chunked), 431 `invalid_input` (header block over 16 KiB),
// 500 `internal` (the handler threw). Idle connections are closed after `idle_timeout`.
//
// Example:
//   http::ServerOptions options;
//   options.port = 0;  // any free port
//   GIAI_ASSIGN_OR_RETURN(std::unique_ptr<http::Server> server,
//                         http::Server::Create(options, [](const http::Request& request) {
//                           return http::Response{200, {{"Content-Type", "text/plain"}}, "hi"};
//                         }));
//   std::printf("listening on %u\n", server->port());
//   server->Run();  // until SIGINT/SIGTERM or server->Stop()
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace giai::http {

// One parsed request. Header names are compared case-insensitively.
struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received, e.g. "/api/v1/incidents?country=SY"
  std::string path;    // target without the query, NOT percent-decoded
  std::string query;   // text after '?', may be empty
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;
  std::string remote_address;  // "127.0.0.1"
  bool tls = false;

  // First value of a header (case-insensitive name), or empty.
  std::string_view Header(std::string_view name) const;
};

// A response body produced piece by piece (evidence files, export bundles of many GiB) instead
// of held in Response::body. Called on the connection's strand, one call at a time, after the
// handler returned. With a size(), it is sent as Content-Length; without, the body is chunked
// (HTTP/1.0: delimited by closing the connection). A source that fails, or yields more or fewer
// bytes than its size, aborts the connection: the client sees a body shorter than announced (or
// without its last chunk) and never one that looks complete.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual std::optional<std::uint64_t> size() const = 0;
  // The next piece; empty at the end.
  virtual Result<std::string> Next() = 0;
};

// What the handler answers. Content-Length is computed by the server (a handler-supplied
// Content-Length or Transfer-Encoding is ignored); a `Connection: close` header closes the
// connection after the response. With `source`, the body is streamed from it and `body` is
// ignored.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>>
      headers;  // e.g. {"Content-Type", "application/json"}
  std::string body;
  std::shared_ptr<BodySource> source = nullptr;  // defaulted: brace-initialised Responses omit it
};

using Handler = std::function<Response(const Request&)>;

// A request body consumed as it arrives (evidence uploads of many GiB) instead of buffered in
// Request::body. Called on the connection's strand, one call at a time. Destroyed without
// Finish() when the client goes away mid-body: it must then discard what it received.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // The next piece of the body. A response stops reading: the server sends it and closes.
  virtual std::optional<Response> Write(std::string_view piece) = 0;
  // The whole body has arrived.
  virtual Response Finish() = 0;
};

// Decides from a request's head (Request::body empty) whether to stream its body into a sink,
// to refuse it before reading it (no `100 Continue` is sent), or, with neither, to buffer it as
// usual under `body_limit`.
struct StreamDecision {
  std::unique_ptr<BodySink> sink;
  std::optional<Response> refuse;
};
using StreamSelector = std::function<StreamDecision(const Request& head)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;         // 0 = pick a free port
  int threads = 4;                   // io threads; handlers run on them and may block (SQLite)
  std::size_t body_limit = 1 << 20;  // bytes, applies to chunked bodies too
  std::chrono::seconds idle_timeout{30};
  std::string tls_cert_file;  // both set: serve HTTPS only (OpenSSL via Asio SSL)
  std::string tls_key_file;
  bool stop_on_signals = true;                    // SIGINT/SIGTERM: graceful shutdown
  StreamSelector stream_selector;                 // optional
  std::uint64_t stream_body_limit = 20ull << 30;  // bytes, for streamed bodies
};

class Server {
 public:
  // Binds and listens. Errors: kUnavailable (port in use), kInvalidInput (bad address, unreadable
  // or mismatched TLS files, only one of the two TLS files set).
  static Result<std::unique_ptr<Server>> Create(ServerOptions options, Handler handler);

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // The bound port (the chosen one when options.port was 0).
  std::uint16_t port() const;

  // Serves until Stop() or a signal; then stops accepting, lets in-flight requests finish (at most
  // 5 s), closes idle connections and returns.
  void Run();

  // Thread-safe and idempotent.
  void Stop();

  struct Impl;  // server.cc

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace giai::http

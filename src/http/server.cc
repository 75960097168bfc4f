// Boost.Beast implementation of http::Server (see server.h for the contract).
//
// Shape: one io_context run by N threads. The acceptor, the signal_set and the shutdown timer share
// one strand; every connection gets its own strand (the socket is accepted onto it), so a
// session's handlers never run concurrently and need no locks. A session reads one request with a
// fresh request_parser, calls the Handler synchronously on its strand, writes the response and
// loops (keep-alive). Plain TCP and TLS sessions are the same template; `if constexpr` covers the
// handshake and the close.
//
// Callback style on purpose: Boost 1.74 coroutines break on g++ 12 / clang 14.
#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace giai::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

// Large enough for big cookies and tokens; small enough that a client cannot make us buffer much.
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
// How long Stop() waits for in-flight requests before forcing the io_context to stop.
constexpr auto kShutdownGrace = std::chrono::seconds(5);
// After an error response we read and discard what the client is still sending (bounded), so that
// closing with unread data does not reset the connection before the client reads our answer.
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
// Read size for streamed bodies: large enough for disk-speed uploads, small enough per connection.
constexpr std::size_t kUploadChunk = 1 << 20;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Header injection guard: handler-provided names and values go onto the wire verbatim, so names
// must be RFC 9110 tokens and values free of CR, LF and NUL.
bool IsValidHeader(std::string_view name, std::string_view value) {
  constexpr std::string_view kTokenPunctuation = "!#$%&'*+-.^_`|~";
  if (name.empty()) return false;
  for (char c : name) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && kTokenPunctuation.find(c) == std::string_view::npos) return false;
  }
  return std::none_of(value.begin(), value.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// An RFC 9457 problem for errors the transport produces itself. `code` and `detail` are constants
// of this file, so they need no JSON escaping.
Response Problem(int status, std::string_view code, std::string_view title,
                 std::string_view detail) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/problem+json");
  response.body = "{\"type\":\"https://giai.example/problems/" + std::string(code) +
                  "\",\"title\":\"" + std::string(title) +
                  "\",\"status\":" + std::to_string(status) + ",\"code\":\"" + std::string(code) +
                  "\",\"detail\":\"" + std::string(detail) + "\"}";
  return response;
}

class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  virtual ~SessionBase() = default;
  // Called (via a post onto the session's strand) when the server starts shutting down.
  virtual void OnServerStop() = 0;
  virtual void PostServerStop() = 0;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  std::atomic<bool> stopping{false};
  std::uint16_t port = 0;

  // Live sessions, so Stop() can close idle ones. Declared before io_context: sessions destroyed
  // while the io_context is torn down still unregister here.
  std::mutex sessions_mutex;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;

  // Before io_context too: TLS sessions destroyed with it still reference the context.
  std::optional<asio::ssl::context> ssl_context;

  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> control_strand{asio::make_strand(ioc)};
  tcp::acceptor acceptor{control_strand};
  asio::signal_set signals{control_strand};
  asio::steady_timer shutdown_timer{control_strand};
  std::chrono::steady_clock::time_point shutdown_deadline;

  Impl(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}

  void Register(const std::shared_ptr<SessionBase>& session) {
    std::lock_guard lock(sessions_mutex);
    sessions.emplace(session.get(), session);
  }
  void Unregister(SessionBase* session) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(session);
  }
  bool NoSessions() {
    std::lock_guard lock(sessions_mutex);
    return sessions.empty();
  }

  void DoAccept();
  void OnAccept(error_code ec, tcp::socket socket);
  void BeginShutdown();  // on control_strand
  void WaitForSessions();
};

namespace {

template <bool kTls>
class Session final : public SessionBase {
 public:
  using Stream = std::conditional_t<kTls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

  Session(Server::Impl& server, tcp::socket socket, std::string remote_address)
      : server_(server),
        stream_(MakeStream(server, std::move(socket))),
        remote_address_(std::move(remote_address)) {}

  ~Session() override { server_.Unregister(this); }

  void Start() {
    server_.Register(shared_from_this());
    // The socket was accepted onto this session's strand; everything below runs there.
    asio::dispatch(stream_.get_executor(), [self = Self()] {
      if constexpr (kTls) {
        self->state_ = State::kHandshake;
        beast::get_lowest_layer(self->stream_).expires_after(self->server_.options.idle_timeout);
        self->stream_.async_handshake(asio::ssl::stream_base::server,
                                      [self](error_code ec) { self->OnHandshake(ec); });
      } else {
        self->DoRead();
      }
    });
  }

  void PostServerStop() override {
    asio::post(stream_.get_executor(), [self = Self()] { self->OnServerStop(); });
  }

  void OnServerStop() override {
    // A connection waiting for its next request (or still handshaking) is idle: close it now.
    // One that has received part of a request, or is handling/writing, finishes that request and
    // then closes (DoRead and OnWrite look at `stopping`).
    const bool idle = state_ == State::kHandshake ||
                      (state_ == State::kReading && parser_ && !parser_->got_some());
    if (idle) {
      error_code ignored;
      beast::get_lowest_layer(stream_).socket().cancel(ignored);
    }
  }

 private:
  enum class State { kHandshake, kReading, kHandling, kWriting, kClosing };

  static Stream MakeStream(Server::Impl& server, tcp::socket socket) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *server.ssl_context);
    } else {
      return Stream(std::move(socket));
    }
  }

  std::shared_ptr<Session> Self() { return std::static_pointer_cast<Session>(shared_from_this()); }

  void OnHandshake(error_code ec) {
    if (ec) return Close();  // includes plain HTTP spoken to the HTTPS port
    DoRead();
  }

  void DoRead() {
    if (server_.stopping.load()) return DoShutdown(false);
    state_ = State::kReading;
    parser_.emplace();
    // Beast refuses a Content-Length over the limit while parsing the header, before we can
    // tell whether the body will be streamed: allow the larger limit until then (OnHeader).
    parser_->body_limit(
        server_.options.stream_selector
            ? std::max<std::uint64_t>(server_.options.body_limit, server_.options.stream_body_limit)
            : static_cast<std::uint64_t>(server_.options.body_limit));
    parser_->header_limit(kHeaderLimit);
    beast::get_lowest_layer(stream_).expires_after(server_.options.idle_timeout);
    // Header first, so an `Expect: 100-continue` client (curl uploading evidence) is told to go
    // on, or gets its 413 before sending a body we would refuse.
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = Self()](error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(error_code ec) {
    if (ec) return OnRead(ec);
    if (server_.options.stream_selector && !parser_->is_done()) {
      StreamDecision decision;
      try {
        decision = server_.options.stream_selector(MakeRequest(parser_->get()));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "giai http: stream selector threw: %s\n", e.what());
        decision.refuse = Problem(500, "internal", "Internal error", "the server failed");
      }
      if (decision.refuse) {
        return WriteResponse(std::move(*decision.refuse), parser_->get().version(), false, true);
      }
      if (decision.sink) {
        sink_ = std::move(decision.sink);
        upload_version_ = parser_->get().version();
        upload_keep_alive_ = parser_->get().keep_alive();
        upload_parser_.emplace(std::move(*parser_));
        parser_.reset();
        upload_parser_->body_limit(server_.options.stream_body_limit);
        upload_buffer_.resize(kUploadChunk);
        return SendContinueThen(upload_parser_->get(), [self = Self()] { self->DoReadUpload(); });
      }
    }
    if (parser_->is_done()) return OnRead(ec);
    if (server_.options.stream_selector) {
      const auto length = parser_->content_length();
      if (length && *length > server_.options.body_limit) {
        return OnRead(bhttp::error::body_limit);
      }
      parser_->body_limit(static_cast<std::uint64_t>(server_.options.body_limit));
    }
    SendContinueThen(parser_->get(), [self = Self()] { self->DoReadBody(); });
  }

  // Tells an `Expect: 100-continue` client (curl uploading evidence) to go on, then reads.
  template <class Header, class Next>
  void SendContinueThen(const Header& header, Next next) {
    const auto expect = header.find(bhttp::field::expect);
    if (header.version() >= 11 && expect != header.end() &&
        beast::iequals(expect->value(), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = Self(), next](error_code write_ec, std::size_t) {
                          if (write_ec) return self->Close();
                          next();
                        });
      return;
    }
    next();
  }

  void DoReadUpload() {
    auto& body = upload_parser_->get().body();
    body.data = upload_buffer_.data();
    body.size = upload_buffer_.size();
    beast::get_lowest_layer(stream_).expires_after(server_.options.idle_timeout);
    bhttp::async_read(stream_, buffer_, *upload_parser_,
                      [self = Self()](error_code ec, std::size_t) { self->OnUploadRead(ec); });
  }

  void OnUploadRead(error_code ec) {
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec == bhttp::error::body_limit) {
      sink_.reset();
      return WriteResponse(Problem(413, "payload_too_large", "Payload too large",
                                   "the request body exceeds the server's limit"),
                           11, false, true);
    }
    if (ec) {
      sink_.reset();  // client gone or timed out: the sink discards what it received
      return Close();
    }
    const std::size_t got = upload_buffer_.size() - upload_parser_->get().body().size;
    std::optional<Response> stop;
    if (got > 0) stop = GuardedWrite(std::string_view(upload_buffer_.data(), got));
    if (stop) {
      sink_.reset();
      return WriteResponse(std::move(*stop), upload_version_, false, true);
    }
    if (!upload_parser_->is_done()) return DoReadUpload();
    state_ = State::kHandling;
    Response response = GuardedFinish();
    sink_.reset();
    upload_parser_.reset();
    WriteResponse(std::move(response), upload_version_, upload_keep_alive_, false);
  }

  std::optional<Response> GuardedWrite(std::string_view piece) {
    try {
      return sink_->Write(piece);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "giai http: body sink threw: %s\n", e.what());
    }
    return Problem(500, "internal", "Internal error", "the server failed to handle the request");
  }

  Response GuardedFinish() {
    try {
      return sink_->Finish();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "giai http: body sink threw: %s\n", e.what());
    }
    return Problem(500, "internal", "Internal error", "the server failed to handle the request");
  }

  void DoReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = Self()](error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return WriteResponse(Problem(413, "payload_too_large", "Payload too large",
                                   "the request body exceeds the server's limit"),
                           11, false, true);
    }
    if (ec == bhttp::error::header_limit) {
      return WriteResponse(Problem(431, "invalid_input", "Request header fields too large",
                                   "the request header block exceeds the server's limit"),
                           11, false, true);
    }
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return Close();
    if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
      return WriteResponse(
          Problem(400, "invalid_input", "Invalid input", "the request is not valid HTTP/1.1"), 11,
          false, true);
    }
    if (ec) return Close();  // timeout, reset, cancelled by Stop(), TLS failure

    state_ = State::kHandling;
    bhttp::request<bhttp::string_body> message = parser_->release();
    parser_.reset();
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();
    Response response = CallHandler(std::move(message));
    WriteResponse(std::move(response), version, keep_alive, false);
  }

  template <class Message>
  Request MakeRequest(const Message& message) const {
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    const std::size_t question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    request.headers.reserve(16);
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.remote_address = remote_address_;
    request.tls = kTls;
    return request;
  }

  Response CallHandler(bhttp::request<bhttp::string_body>&& message) {
    Request request = MakeRequest(message);
    request.body = std::move(message.body());
    // A handler bug must cost one request, not the server.
    try {
      return server_.handler(request);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "giai http: handler threw: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "giai http: handler threw a non-exception\n");
    }
    return Problem(500, "internal", "Internal error", "the server failed to handle the request");
  }

  // `linger`: the request may not have been read completely; drain before closing.
  void WriteResponse(Response response, unsigned version, bool keep_alive, bool linger) {
    // 1xx would need protocol support we do not have (and Beast throws on some of these).
    if (response.status < 200 || response.status > 599) {
      std::fprintf(stderr, "giai http: handler returned invalid status %d\n", response.status);
      response =
          Problem(500, "internal", "Internal error", "the server failed to handle the request");
    }
    const bool bad_header =
        std::any_of(response.headers.begin(), response.headers.end(),
                    [](const auto& header) { return !IsValidHeader(header.first, header.second); });
    if (bad_header) {
      std::fprintf(stderr, "giai http: handler returned an invalid header\n");
      response =
          Problem(500, "internal", "Internal error", "the server failed to handle the request");
    }
    // These statuses have no body by definition; Beast's prepare_payload throws if one is set.
    if (response.status == 204 || response.status == 304) response.body.clear();
    auto& out = response_.emplace();
    out.version(version == 10 ? 10 : 11);
    out.result(static_cast<unsigned>(response.status));
    for (auto& [name, value] : response.headers) {
      if (EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding")) {
        continue;
      }
      if (EqualsIgnoreCase(name, "connection")) {
        if (EqualsIgnoreCase(value, "close")) keep_alive = false;
        continue;
      }
      out.insert(name, value);
    }
    if (out.find(bhttp::field::server) == out.end()) out.set(bhttp::field::server, "giai");
    out.body() = std::move(response.body);
    keep_alive = keep_alive && !server_.stopping.load();
    out.keep_alive(keep_alive);
    out.prepare_payload();

    state_ = State::kWriting;
    beast::get_lowest_layer(stream_).expires_after(server_.options.idle_timeout);
    bhttp::async_write(stream_, out,
                       [self = Self(), keep_alive, linger](error_code ec, std::size_t) {
                         self->response_.reset();
                         if (ec) return self->Close();
                         if (keep_alive && !self->server_.stopping.load()) return self->DoRead();
                         self->DoShutdown(linger);
                       });
  }

  // Orderly close: TLS close_notify, or TCP FIN (optionally draining unread request bytes).
  void DoShutdown(bool linger) {
    state_ = State::kClosing;
    if constexpr (kTls) {
      (void)linger;
      beast::get_lowest_layer(stream_).expires_after(kLingerTime);
      stream_.async_shutdown([self = Self()](error_code) { self->Close(); });
    } else {
      error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      if (!linger) return Close();
      linger_left_ = kLingerBytes;
      stream_.expires_after(kLingerTime);
      DoDrain();
    }
  }

  void DoDrain() {
    if constexpr (!kTls) {
      stream_.async_read_some(asio::buffer(drain_buffer_),
                              [self = Self()](error_code ec, std::size_t n) {
                                if (ec || n >= self->linger_left_) return self->Close();
                                self->linger_left_ -= n;
                                self->DoDrain();
                              });
    }
  }

  void Close() {
    state_ = State::kClosing;
    error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  Server::Impl& server_;
  Stream stream_;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
  // Streamed request body (BodySink).
  std::unique_ptr<BodySink> sink_;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> upload_parser_;
  std::vector<char> upload_buffer_;
  unsigned upload_version_ = 11;
  bool upload_keep_alive_ = false;
  State state_ = State::kReading;
  std::size_t linger_left_ = 0;
  std::array<char, 16 * 1024> drain_buffer_{};
};

}  // namespace

void Server::Impl::DoAccept() {
  // Each connection gets its own strand so its handlers never run concurrently.
  acceptor.async_accept(asio::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Server::Impl::OnAccept(error_code ec, tcp::socket socket) {
  if (stopping.load() || !acceptor.is_open()) return;
  if (!ec) {
    error_code endpoint_ec;
    tcp::endpoint remote = socket.remote_endpoint(endpoint_ec);
    if (!endpoint_ec) {
      std::string address = remote.address().to_string();
      socket.set_option(tcp::no_delay(true), endpoint_ec);
      if (ssl_context) {
        auto tls = std::make_shared<Session<true>>(*this, std::move(socket), std::move(address));
        tls->Start();
      } else {
        auto plain = std::make_shared<Session<false>>(*this, std::move(socket), std::move(address));
        plain->Start();
      }
    }
  } else if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space) {
    // Out of file descriptors: back off briefly instead of spinning on accept.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  DoAccept();
}

void Server::Impl::BeginShutdown() {
  error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->PostServerStop();
  shutdown_deadline = std::chrono::steady_clock::now() + kShutdownGrace;
  WaitForSessions();
}

// Polls rather than being signalled by the last session: simple, and only runs while stopping.
void Server::Impl::WaitForSessions() {
  if (NoSessions()) return;  // nothing left: Run()'s io_context runs out of work and returns
  if (std::chrono::steady_clock::now() >= shutdown_deadline) {
    std::fprintf(stderr, "giai http: shutdown grace period over, dropping connections\n");
    ioc.stop();
    return;
  }
  shutdown_timer.expires_after(std::chrono::milliseconds(20));
  shutdown_timer.async_wait([this](error_code ec) {
    if (!ec) WaitForSessions();
  });
}

Result<std::unique_ptr<Server>> Server::Create(ServerOptions options, Handler handler) {
  if (!handler) return InvalidInput("http server needs a handler");
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return InvalidInput("TLS needs both a certificate file and a key file");
  }
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler));
  const ServerOptions& opts = impl->options;

  if (!opts.tls_cert_file.empty()) {
    auto& ctx = impl->ssl_context.emplace(asio::ssl::context::tls_server);
    // TLS 1.2+ only; the server picks the cipher so weak client preferences do not win.
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    SSL_CTX_set_options(ctx.native_handle(), SSL_OP_CIPHER_SERVER_PREFERENCE);
    error_code ec;
    ctx.use_certificate_chain_file(opts.tls_cert_file, ec);
    if (ec) return InvalidInput("cannot load TLS certificate: " + ec.message(), "tls_cert_file");
    ctx.use_private_key_file(opts.tls_key_file, asio::ssl::context::pem, ec);
    if (ec) return InvalidInput("cannot load TLS key: " + ec.message(), "tls_key_file");
    if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
      return InvalidInput("TLS key does not match the certificate", "tls_key_file");
    }
  }

  error_code ec;
  const asio::ip::address address = asio::ip::make_address(opts.address, ec);
  if (ec) return InvalidInput("not an IP address: " + opts.address, "address");
  const tcp::endpoint endpoint(address, opts.port);
  tcp::acceptor& acceptor = impl->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return Unavailable("cannot open socket: " + ec.message());
  }
  // Allows restarting while old connections sit in TIME_WAIT; still fails on a live listener.
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    if (ec == asio::error::address_in_use || ec == asio::error::access_denied) {
      return Unavailable("cannot bind " + opts.address + ":" + std::to_string(opts.port) + ": " +
                         ec.message());
    }
    return InvalidInput("cannot bind " + opts.address + ": " + ec.message(), "address");
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return Unavailable("cannot listen: " + ec.message());
  }
  impl->port = acceptor.local_endpoint(ec).port();

  if (opts.stop_on_signals) {
    impl->signals.add(SIGINT, ec);
    impl->signals.add(SIGTERM, ec);
    Impl* raw = impl.get();
    impl->signals.async_wait([raw](error_code wait_ec, int) {
      if (wait_ec) return;
      if (!raw->stopping.exchange(true)) raw->BeginShutdown();  // already on control_strand
    });
  }
  impl->DoAccept();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  Stop();
  // Stop all remaining io (Run() is not running anymore per the contract), then let the
  // io_context destroy the pending handlers and the sessions they own.
  impl_->ioc.stop();
}

std::uint16_t Server::port() const { return impl_->port; }

void Server::Run() {
  const int count = std::max(1, impl_->options.threads);
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(count - 1));
  // An exception escaping a completion handler (e.g. bad_alloc) costs that connection, whose
  // session unwinds and closes; the thread goes back to serving the others.
  auto serve = [this] {
    for (;;) {
      try {
        impl_->ioc.run();
        return;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "giai http: io thread caught: %s\n", e.what());
      }
    }
  };
  for (int i = 1; i < count; ++i) threads.emplace_back(serve);
  serve();
  for (auto& thread : threads) thread.join();
}

void Server::Stop() {
  if (impl_->stopping.exchange(true)) return;
  asio::post(impl_->control_strand, [impl = impl_.get()] { impl->BeginShutdown(); });
}

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

}  // namespace giai::http

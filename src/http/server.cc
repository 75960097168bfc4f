// Boost.Beast implementation of http::Server (see server.h for the contract).
//
// Shape: one io_context run by N threads. The acceptor, the signal_set and the shutdown timer share
// one strand; every connection gets its own strand (the socket is accepted onto it), so a
// session's handlers never run concurrently and need no locks. Socket and timer are typed on that
// strand (`Socket`, `Timer` in server_impl.h), not on the type-erased any_io_executor. A session
// reads one request with a fresh request_parser, fills its reused Request, calls the Handler
// synchronously on its strand, writes the response and loops (keep-alive). A buffered response's
// head is serialised by hand (server_response.h) and sent with the body in one gathered write;
// streamed responses go through Beast's serializer. Timeouts: one timer per connection, moved
// lazily (Session::Arm). Plain TCP and TLS sessions are the same template; `if constexpr` covers
// the handshake and the close.
//
// Callback style on purpose: Boost 1.74 coroutines break on g++ 12 / clang 14.
#include "http/server.h"

#include "http/server_impl.h"
#include "http/server_session.h"

namespace giai::http {

using internal::EqualsIgnoreCase;
using internal::kShutdownGrace;
using internal::Session;

void Server::Impl::DoAccept() {
  // Each connection gets its own strand so its handlers never run concurrently.
  acceptor.async_accept(asio::make_strand(ioc),
                        [this](error_code ec, Socket socket) { OnAccept(ec, std::move(socket)); });
}

void Server::Impl::OnAccept(error_code ec, Socket socket) {
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

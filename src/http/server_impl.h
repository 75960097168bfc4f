// The private state of http::Server and what its sessions share: Boost aliases, limits, small
// helpers, and the session registry. Included only by server.cc and server_session.h (Beast stays
// inside the server's one translation unit).
#pragma once

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
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/server.h"

namespace giai::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
// Concrete executor types: a connection's socket and timer run on its strand without the
// type-erased any_io_executor (whose copies and reference counts cost per operation).
using Strand = asio::strand<asio::io_context::executor_type>;
using Socket = asio::basic_stream_socket<tcp, Strand>;
using Timer = asio::basic_waitable_timer<std::chrono::steady_clock,
                                         asio::wait_traits<std::chrono::steady_clock>, Strand>;

namespace internal {

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

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
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
inline constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

inline bool IsValidHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!kTokenChars[static_cast<unsigned char>(c)]) return false;
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

// An RFC 9457 problem for errors the transport produces itself. `code` and `detail` are constants
// of this file, so they need no JSON escaping.
inline Response Problem(int status, std::string_view code, std::string_view title,
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

// Storage for one request's header fields. Beast's basic_fields allocates every field (and the
// target) separately; a connection's parser takes them from this buffer instead, rewound when
// the next request's parser is made (Session::NewParser), and from the heap past its size.
class FieldArena {
 public:
  void* Allocate(std::size_t bytes, std::size_t align) {
    const std::size_t at = (used_ + align - 1) & ~(align - 1);
    if (align <= alignof(std::max_align_t) && at <= kSize && bytes <= kSize - at) {
      used_ = at + bytes;
      return storage_ + at;
    }
    return ::operator new(bytes);
  }
  void Deallocate(void* pointer) noexcept {
    const std::less<const char*> before;
    const char* p = static_cast<const char*>(pointer);
    if (before(p, storage_) || !before(p, storage_ + kSize)) ::operator delete(pointer);
  }
  // Only when nothing allocated here is alive any more.
  void Rewind() { used_ = 0; }

 private:
  static constexpr std::size_t kSize = 2048;  // a typical request's fields, cookies included
  alignas(std::max_align_t) char storage_[kSize];
  std::size_t used_ = 0;
};

template <class T>
class FieldAllocator {
 public:
  using value_type = T;
  explicit FieldAllocator(FieldArena& arena) noexcept : arena_(&arena) {}
  template <class U>
  FieldAllocator(const FieldAllocator<U>& other) noexcept : arena_(other.arena()) {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(arena_->Allocate(n * sizeof(T), alignof(T)));
  }
  void deallocate(T* pointer, std::size_t) noexcept { arena_->Deallocate(pointer); }
  FieldArena* arena() const noexcept { return arena_; }
  friend bool operator==(const FieldAllocator& a, const FieldAllocator& b) {
    return a.arena_ == b.arena_;
  }
  friend bool operator!=(const FieldAllocator& a, const FieldAllocator& b) { return !(a == b); }

 private:
  FieldArena* arena_;
};

class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  virtual ~SessionBase() = default;
  // Called (via a post onto the session's strand) when the server starts shutting down.
  virtual void OnServerStop() = 0;
  virtual void PostServerStop() = 0;
};

}  // namespace internal

using internal::SessionBase;

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
  void OnAccept(error_code ec, Socket socket);
  void BeginShutdown();  // on control_strand
  void WaitForSessions();
};

}  // namespace giai::http

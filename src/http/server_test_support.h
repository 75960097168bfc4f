// Test support for the HTTP transport's tests: a server on its own thread, and a raw loopback
// socket for the bytes a well-behaved client never sends.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "gtest/gtest.h"
#include "http/server.h"

namespace giai::http::test_support {

// A server running on its own thread for the duration of a test.
class RunningServer {
 public:
  RunningServer(ServerOptions options, Handler handler) {
    options.port = 0;
    options.threads = 2;
    options.stop_on_signals = false;
    auto created = Server::Create(std::move(options), std::move(handler));
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    server_ = std::move(created).value();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningServer() {
    server_->Stop();
    thread_.join();
  }
  Server& server() { return *server_; }
  std::uint16_t port() const { return server_->port(); }
  void StopAndJoin() {
    server_->Stop();
    thread_.join();
    thread_ = std::thread([] {});
  }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// Blocking loopback socket with a receive timeout, for hand-written HTTP.
class RawSocket {
 public:
  explicit RawSocket(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~RawSocket() { ::close(fd_); }
  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  void ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }

  // Everything until the peer closes (or the 5 s timeout).
  std::string ReadAll() {
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = ::recv(fd_, buffer, sizeof(buffer), 0)) > 0)
      out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }

  // One response with a Content-Length body; empty on close/timeout.
  std::string ReadResponse() {
    std::string out;
    char c;
    while (out.find("\r\n\r\n") == std::string::npos) {
      if (::recv(fd_, &c, 1, 0) != 1) return out;
      out.push_back(c);
    }
    std::size_t at = out.find("Content-Length: ");
    if (at == std::string::npos) return out;
    std::size_t length = std::stoul(out.substr(at + 16));
    std::string body(length, '\0');
    std::size_t got = 0;
    while (got < length) {
      ssize_t n = ::recv(fd_, body.data() + got, length - got, 0);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    return out + body.substr(0, got);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

}  // namespace giai::http::test_support

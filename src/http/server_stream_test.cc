// Tests of the transport's streamed bodies over real loopback sockets: request bodies handed to a
// BodySink as they arrive (Content-Length read straight off the socket, chunked through the
// parser), and response bodies pulled from a BodySource.
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/server.h"
#include "http/server_test_support.h"

namespace giai::http {
namespace {

using test_support::RawSocket;
using test_support::RunningServer;
using ::testing::HasSubstr;

// What the sinks of one server received, by request target.
struct Received {
  std::mutex mutex;
  std::string body;
  int writes = 0;
  int finished = 0;
  int abandoned = 0;
};

// Collects the body; refuses (413-like 422) once more than `refuse_after` bytes arrived.
class CollectingSink final : public BodySink {
 public:
  CollectingSink(Received& into, std::size_t refuse_after) : into_(into), limit_(refuse_after) {}
  ~CollectingSink() override {
    if (!finished_) {
      std::lock_guard lock(into_.mutex);
      ++into_.abandoned;
    }
  }
  std::optional<Response> Write(std::string_view piece) override {
    std::lock_guard lock(into_.mutex);
    into_.body.append(piece);
    ++into_.writes;
    if (into_.body.size() > limit_) return Response{422, {}, "refused"};
    return std::nullopt;
  }
  Response Finish() override {
    finished_ = true;
    std::lock_guard lock(into_.mutex);
    ++into_.finished;
    return Response{200, {{"Content-Type", "text/plain"}}, std::to_string(into_.body.size())};
  }

 private:
  Received& into_;
  std::size_t limit_;
  bool finished_ = false;
};

// Streams PUT /upload (refusing past 1 MiB at /upload-small) into sinks. GET /download?n=PIECES
// streams n pieces of 300 KiB (chunked with `X-Unsized: 1`); /broken fails after one piece;
// anything else answers "plain:" + body.
class StreamingServer {
 public:
  StreamingServer() : running_(Options(), [this](const Request& r) { return Handle(r); }) {
    // A client still sending when the server refuses and closes must get EPIPE, not a signal
    // that kills the test process.
    std::signal(SIGPIPE, SIG_IGN);
  }
  std::uint16_t port() const { return running_.port(); }
  Received& received() { return received_; }

 private:
  class Pieces final : public BodySource {
   public:
    Pieces(int count, bool fail_after_first, bool unsized)
        : count_(count), fail_(fail_after_first), unsized_(unsized) {}
    std::optional<std::uint64_t> size() const override {
      if (unsized_) return std::nullopt;
      return static_cast<std::uint64_t>(count_) * kPiece;
    }
    Result<std::string> Next() override {
      if (next_ == count_) return std::string();
      if (fail_ && next_ == 1) return Integrity("the source went bad");
      return std::string(kPiece, static_cast<char>('a' + next_++ % 26));
    }

   private:
    int count_;
    bool fail_;
    bool unsized_;
    int next_ = 0;
  };
  static constexpr std::size_t kPiece = 300 * 1024;

  ServerOptions Options() {
    ServerOptions options;
    options.body_limit = 1024;
    options.stream_body_limit = 64 << 20;
    options.stream_selector = [this](const Request& head) {
      StreamDecision decision;
      if (head.method == "PUT" && head.path == "/upload") {
        decision.sink = std::make_unique<CollectingSink>(received_, SIZE_MAX);
      } else if (head.method == "PUT" && head.path == "/upload-small") {
        decision.sink = std::make_unique<CollectingSink>(received_, 1 << 20);
      }
      return decision;
    };
    return options;
  }

  Response Handle(const Request& request) {
    if (request.path == "/download" || request.path == "/broken") {
      Response response{200, {{"Content-Type", "application/octet-stream"}}, "ignored"};
      response.source =
          std::make_shared<Pieces>(std::stoi(request.query.substr(2)), request.path == "/broken",
                                   request.Header("x-unsized") == "1");
      return response;
    }
    return Response{200, {{"Content-Type", "text/plain"}}, "plain:" + request.body};
  }

  Received received_;
  RunningServer running_;
};

std::string Pattern(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 7919) % 251);
  return s;
}

TEST(HttpStreamTest, ContentLengthUploadArrivesWholeInLargePieces) {
  StreamingServer server;
  httplib::Client client("127.0.0.1", server.port());
  const std::string body = Pattern(20 << 20);
  auto result = client.Put("/upload", body, "application/octet-stream");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, std::to_string(body.size()));
  std::lock_guard lock(server.received().mutex);
  EXPECT_TRUE(server.received().body == body) << "the sink received other bytes";
  EXPECT_EQ(server.received().finished, 1);
  // Read straight off the socket in up to 1 MiB pieces, not the parser's few KiB: 20 MiB in
  // far fewer than the ~5,000 pieces a 4 KiB read size would give.
  EXPECT_LT(server.received().writes, 2000);
}

TEST(HttpStreamTest, ChunkedUploadArrivesWhole) {
  StreamingServer server;
  RawSocket socket(server.port());
  ASSERT_TRUE(socket.connected());
  const std::string part1 = Pattern(70000), part2 = Pattern(5);
  std::string request = "PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  auto hex = [](std::size_t n) {
    char b[32];
    std::snprintf(b, sizeof b, "%zx", n);
    return std::string(b);
  };
  request += hex(part1.size()) + "\r\n" + part1 + "\r\n" + hex(part2.size()) + "\r\n" + part2 +
             "\r\n0\r\n\r\n";
  ASSERT_TRUE(socket.Send(request));
  const std::string response = socket.ReadResponse();
  EXPECT_THAT(response, HasSubstr("200 OK"));
  EXPECT_THAT(response, HasSubstr(std::to_string(part1.size() + part2.size())));
  std::lock_guard lock(server.received().mutex);
  EXPECT_TRUE(server.received().body == part1 + part2);
}

TEST(HttpStreamTest, PipelinedRequestAfterAnUploadIsServedNotSwallowed) {
  StreamingServer server;
  RawSocket socket(server.port());
  ASSERT_TRUE(socket.connected());
  // Both requests in one send: the upload's body must end exactly at its Content-Length.
  ASSERT_TRUE(
      socket.Send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                  "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"));
  EXPECT_THAT(socket.ReadResponse(), HasSubstr("\r\n\r\n5"));
  EXPECT_THAT(socket.ReadResponse(), HasSubstr("plain:abc"));
  std::lock_guard lock(server.received().mutex);
  EXPECT_EQ(server.received().body, "hello");
}

TEST(HttpStreamTest, SinkRefusalStopsTheUploadAndAbandonsTheSink) {
  StreamingServer server;
  httplib::Client client("127.0.0.1", server.port());
  auto result = client.Put("/upload-small", Pattern(8 << 20), "application/octet-stream");
  if (result) {  // else the connection was cut while the client was still sending
    EXPECT_EQ(result->status, 422);
  }
  std::lock_guard lock(server.received().mutex);
  EXPECT_EQ(server.received().finished, 0);
  EXPECT_EQ(server.received().abandoned, 1);
  EXPECT_LT(server.received().body.size(), std::size_t{8 << 20});
}

TEST(HttpStreamTest, ClientGoneMidUploadAbandonsTheSink) {
  StreamingServer server;
  {
    RawSocket socket(server.port());
    ASSERT_TRUE(socket.connected());
    ASSERT_TRUE(
        socket.Send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\npartial"));
  }  // closed with 999,993 bytes missing
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(server.received().mutex);
      if (server.received().abandoned == 1) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::lock_guard lock(server.received().mutex);
  EXPECT_EQ(server.received().abandoned, 1);
  EXPECT_EQ(server.received().finished, 0);
}

TEST(HttpStreamTest, StreamedResponseHasItsLengthAndEveryPieceThenKeepsTheConnection) {
  StreamingServer server;
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  auto result = client.Get("/download?n=7");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Length"), std::to_string(7 * 300 * 1024));
  ASSERT_EQ(result->body.size(), std::size_t{7 * 300 * 1024});
  for (int piece = 0; piece < 7; ++piece) {
    EXPECT_EQ(result->body[static_cast<std::size_t>(piece) * 300 * 1024 + 17], 'a' + piece);
  }
  auto again = client.Post("/echo", "x", "text/plain");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "plain:x");
}

TEST(HttpStreamTest, UnsizedStreamedResponseIsChunked) {
  StreamingServer server;
  httplib::Client client("127.0.0.1", server.port());
  auto result = client.Get("/download?n=3", {{"X-Unsized", "1"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(result->body.size(), std::size_t{3 * 300 * 1024});
}

TEST(HttpStreamTest, FailingUnsizedSourceNeverSendsTheLastChunk) {
  StreamingServer server;
  RawSocket socket(server.port());
  ASSERT_TRUE(socket.connected());
  ASSERT_TRUE(socket.Send("GET /broken?n=3 HTTP/1.1\r\nHost: x\r\nX-Unsized: 1\r\n\r\n"));
  const std::string all = socket.ReadAll();
  EXPECT_THAT(all, HasSubstr("Transfer-Encoding: chunked"));
  EXPECT_EQ(all.find("\r\n0\r\n\r\n"), std::string::npos) << "a failed body looks complete";
}

TEST(HttpStreamTest, EmptyStreamedResponseIsZeroLength) {
  StreamingServer server;
  httplib::Client client("127.0.0.1", server.port());
  auto result = client.Get("/download?n=0");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Length"), "0");
  EXPECT_TRUE(result->body.empty());
}

TEST(HttpStreamTest, FailingSourceCutsTheConnectionShortOfTheAnnouncedLength) {
  StreamingServer server;
  RawSocket socket(server.port());
  ASSERT_TRUE(socket.connected());
  ASSERT_TRUE(socket.Send("GET /broken?n=3 HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string all = socket.ReadAll();  // until the server closes
  EXPECT_THAT(all, HasSubstr("Content-Length: " + std::to_string(3 * 300 * 1024)));
  const std::size_t header_end = all.find("\r\n\r\n");
  ASSERT_NE(header_end, std::string::npos);
  EXPECT_EQ(all.size() - header_end - 4, std::size_t{300 * 1024}) << "only the first piece";
  // The server is still fine for others.
  httplib::Client client("127.0.0.1", server.port());
  auto result = client.Post("/echo", "y", "text/plain");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "plain:y");
}

}  // namespace
}  // namespace giai::http

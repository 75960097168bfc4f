// The exact bytes of buffered responses: the transport serialises them itself (server_session.h),
// and must emit what Beast's serializer emitted before it (header order, duplicate grouping,
// trimmed values, the default Server header, Connection and Content-Length rules, reasons).
// The expected strings below were captured from the Beast serializer (commit 8562b8b).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/server.h"
#include "http/server_test_support.h"

namespace giai::http {
namespace {

using test_support::RawSocket;
using test_support::RunningServer;

Response Wire(const Request& request) {
  const std::string& path = request.path;
  if (path == "/headers") {
    return Response{200,
                    {{"Content-Type", "text/plain"},
                     {"Set-Cookie", "a=1"},
                     {"X-Padded", " \t padded value\t "},
                     {"set-cookie", "b=2"},
                     {"Content-Length", "999"},
                     {"Transfer-Encoding", "chunked"},
                     {"Connection", "keep-alive"},
                     {"X-Empty", "   "},
                     {"SET-COOKIE", "c=3"}},
                    "hi"};
  }
  if (path == "/server") return Response{200, {{"server", "custom"}, {"X-A", "1"}}, "s"};
  if (path == "/close") return Response{200, {{"connection", "Close"}}, "bye"};
  if (path == "/204") return Response{204, {{"X-A", "1"}}, "dropped"};
  if (path == "/304") return Response{304, {}, ""};
  if (path == "/299") return Response{299, {}, "odd"};
  if (path == "/418") return Response{418, {}, ""};
  if (path == "/large") return Response{200, {}, std::string(3 << 20, 'L')};
  return Response{200, {{"Content-Type", "text/plain"}}, request.method + " " + request.target};
}

TEST(HttpWireTest, BufferedResponsesAreSerialisedExactly) {
  RunningServer running(ServerOptions{}, Wire);
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.connected());
  const auto get = [&](const std::string& target) {
    EXPECT_TRUE(socket.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    return socket.ReadResponse();
  };
  // Handler headers in order, same names grouped at the first one's place, values trimmed;
  // Content-Length, Transfer-Encoding and Connection from the handler dropped.
  EXPECT_EQ(get("/headers"),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\n"
            "set-cookie: b=2\r\nSET-COOKIE: c=3\r\nX-Padded: padded value\r\nX-Empty: \r\n"
            "Server: giai\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_EQ(get("/server"),
            "HTTP/1.1 200 OK\r\nserver: custom\r\nX-A: 1\r\nContent-Length: 1\r\n\r\ns");
  EXPECT_EQ(get("/204"),
            "HTTP/1.1 204 No Content\r\nX-A: 1\r\nServer: giai\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(get("/304"), "HTTP/1.1 304 Not Modified\r\nServer: giai\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(get("/299"),
            "HTTP/1.1 299 <unknown-status>\r\nServer: giai\r\nContent-Length: 3\r\n\r\nodd");
  EXPECT_EQ(get("/418"),
            "HTTP/1.1 418 <unknown-status>\r\nServer: giai\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(get("/"),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: giai\r\nContent-Length: 5\r\n"
            "\r\nGET /");
  // HEAD: the handler's body is sent as it is (the API layer decides what a HEAD answers).
  EXPECT_TRUE(socket.Send("HEAD /head HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(socket.ReadResponse(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: giai\r\nContent-Length: 10\r\n"
            "\r\nHEAD /head");
  // Pipelined: both answered, in order.
  EXPECT_TRUE(
      socket.Send("GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\n\r\n"));
  for (const char* path : {"/p1", "/p2"}) {
    EXPECT_EQ(socket.ReadResponse(),
              std::string("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: giai\r\n"
                          "Content-Length: 7\r\n\r\nGET ") +
                  path);
  }
  // The handler's `Connection: close` (any case) closes after the response.
  EXPECT_TRUE(socket.Send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(socket.ReadAll(),
            "HTTP/1.1 200 OK\r\nServer: giai\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye");
}

// Head and body go out in one gathered write; an answer larger than the socket's buffer is written
// in several partial writes, and the connection stays usable after it.
TEST(HttpWireTest, LargeAnswerArrivesWholeTwiceOnOneConnection) {
  RunningServer running(ServerOptions{}, Wire);
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.connected());
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(socket.Send("GET /large HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(socket.ReadResponse(),
              "HTTP/1.1 200 OK\r\nServer: giai\r\nContent-Length: 3145728\r\n\r\n" +
                  std::string(3 << 20, 'L'));
  }
}

TEST(HttpWireTest, Http10KeepAliveIsAnnouncedAndItsAbsenceCloses) {
  RunningServer running(ServerOptions{}, Wire);
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.connected());
  EXPECT_TRUE(socket.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(socket.ReadResponse(),
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nServer: giai\r\n"
            "Connection: keep-alive\r\nContent-Length: 6\r\n\r\nGET /a");
  EXPECT_TRUE(socket.Send("GET /b HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(socket.ReadAll(),
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nServer: giai\r\nContent-Length: 6\r\n"
            "\r\nGET /b");
}

}  // namespace
}  // namespace giai::http

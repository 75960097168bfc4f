// Tests of the HTTP transport over real loopback sockets. httplib is the well-behaved client; a
// tiny POSIX socket helper sends the bytes a well-behaved client never would (chunked bodies over
// the limit, malformed requests, idle connections).
#include "http/server.h"

// Debian ships httplib compiled (libcpp-httplib); its pkg-config flags define
// CPPHTTPLIB_OPENSSL_SUPPORT, which enables httplib::SSLClient.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/server_test_support.h"

namespace giai::http {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Echoes the request as "method|path|query|body" and its X-Echo header; /throw throws.
Response Echo(const Request& request) {
  if (request.path == "/throw") throw std::runtime_error("boom");
  Response response;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.headers.emplace_back("X-Echo", std::string(request.Header("x-echo")));
  response.headers.emplace_back("X-Tls", request.tls ? "1" : "0");
  response.headers.emplace_back("X-Remote", request.remote_address);
  response.body = request.method + "|" + request.path + "|" + request.query + "|" + request.body;
  return response;
}

using test_support::RawSocket;

// A server running the echo handler (or `handler`) on its own thread for a test.
class RunningServer : public test_support::RunningServer {
 public:
  explicit RunningServer(ServerOptions options = {}, Handler handler = Echo)
      : test_support::RunningServer(std::move(options), std::move(handler)) {}
};

TEST(HttpServerTest, EchoesRequestRoundTrip) {
  RunningServer running;
  httplib::Client client("127.0.0.1", running.port());
  auto result = client.Post("/api/v1/things?x=1", httplib::Headers{{"X-Echo", "hello"}}, "payload",
                            "text/plain");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "POST|/api/v1/things|x=1|payload");
  EXPECT_EQ(result->get_header_value("X-Echo"), "hello");
  EXPECT_EQ(result->get_header_value("X-Tls"), "0");
  EXPECT_EQ(result->get_header_value("X-Remote"), "127.0.0.1");
  EXPECT_EQ(result->get_header_value("Content-Length"), "31");
  EXPECT_EQ(result->get_header_value("Server"), "giai");
}

TEST(HttpServerTest, HeaderLookupIsCaseInsensitive) {
  Request request;
  request.headers = {{"Content-Type", "application/json"}, {"X-Purpose", "a"}, {"x-purpose", "b"}};
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("X-PURPOSE"), "a");  // first value wins
  EXPECT_EQ(request.Header("missing"), "");

  RunningServer running;
  httplib::Client client("127.0.0.1", running.port());
  auto result = client.Get("/", httplib::Headers{{"x-ECHO", "mixed"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->get_header_value("X-Echo"), "mixed");
}

TEST(HttpServerTest, SplitsQueryFromPathWithoutDecoding) {
  RunningServer running;
  httplib::Client client("127.0.0.1", running.port());
  auto with_query = client.Get("/a%20b/c?country=SY&q=%C3%A9");
  ASSERT_TRUE(with_query);
  EXPECT_EQ(with_query->body, "GET|/a%20b/c|country=SY&q=%C3%A9|");
  auto without_query = client.Get("/plain");
  ASSERT_TRUE(without_query);
  EXPECT_EQ(without_query->body, "GET|/plain||");
  auto empty_query = client.Get("/e?");
  ASSERT_TRUE(empty_query);
  EXPECT_EQ(empty_query->body, "GET|/e||");
}

TEST(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RunningServer running;
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(socket.Send("GET /n?i=" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string response = socket.ReadResponse();
    EXPECT_THAT(response, StartsWith("HTTP/1.1 200"));
    EXPECT_THAT(response, HasSubstr("GET|/n|i=" + std::to_string(i) + "|"));
    EXPECT_THAT(response, ::testing::Not(HasSubstr("Connection: close")));
  }
  // httplib's keep-alive client too.
  httplib::Client client("127.0.0.1", running.port());
  client.set_keep_alive(true);
  for (int i = 0; i < 3; ++i) {
    auto result = client.Get("/k");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
  }
}

TEST(HttpServerTest, Http10RequestIsAnsweredAndClosed) {
  RunningServer running;
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.Send("GET /old HTTP/1.0\r\n\r\n"));
  std::string response = socket.ReadAll();
  EXPECT_THAT(response, StartsWith("HTTP/1.0 200"));
  EXPECT_THAT(response, HasSubstr("GET|/old||"));
}

TEST(HttpServerTest, RejectsContentLengthOverLimitBeforeReadingBody) {
  ServerOptions options;
  options.body_limit = 1024;
  std::atomic<int> calls{0};
  RunningServer running(options, [&](const Request& request) {
    ++calls;
    return Echo(request);
  });
  // Only the header is sent: the 413 must come without waiting for the body.
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.Send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n"));
  std::string response = socket.ReadResponse();
  EXPECT_THAT(response, StartsWith("HTTP/1.1 413"));
  EXPECT_THAT(response, HasSubstr("Content-Type: application/problem+json"));
  EXPECT_THAT(response, HasSubstr("Connection: close"));
  EXPECT_THAT(response, HasSubstr("\"code\":\"payload_too_large\""));
  EXPECT_THAT(response, HasSubstr("\"status\":413"));

  // A real client that sends the whole body still reads the 413 (the server drains, then closes).
  httplib::Client client("127.0.0.1", running.port());
  auto result = client.Post("/up", std::string(200000, 'x'), "application/octet-stream");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 413);
  // Exactly at the limit is fine.
  auto at_limit = client.Post("/up", std::string(1024, 'x'), "application/octet-stream");
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->status, 200);
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpServerTest, RejectsChunkedBodyOverLimit) {
  ServerOptions options;
  options.body_limit = 1024;
  std::atomic<int> calls{0};
  RunningServer running(options, [&](const Request& request) {
    ++calls;
    return Echo(request);
  });
  std::string chunk = "258\r\n" + std::string(600, 'y') + "\r\n";  // 0x258 = 600 bytes
  {
    RawSocket socket(running.port());
    ASSERT_TRUE(socket.Send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
    socket.Send(chunk);
    socket.Send(chunk);
    socket.Send(chunk);
    socket.Send("0\r\n\r\n");
    socket.ShutdownWrite();
    std::string response = socket.ReadAll();
    EXPECT_THAT(response, StartsWith("HTTP/1.1 413"));
    EXPECT_THAT(response, HasSubstr("\"code\":\"payload_too_large\""));
  }
  {
    // Under the limit, chunked works and the body arrives de-chunked.
    RawSocket socket(running.port());
    ASSERT_TRUE(socket.Send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                            chunk + "0\r\n\r\n"));
    std::string response = socket.ReadResponse();
    EXPECT_THAT(response, StartsWith("HTTP/1.1 200"));
    EXPECT_THAT(response, HasSubstr("POST|/up||" + std::string(600, 'y')));
  }
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpServerTest, AnswersExpectContinueBeforeReadingBody) {
  ServerOptions options;
  options.body_limit = 1024;
  RunningServer running(options);
  {
    RawSocket socket(running.port());
    ASSERT_TRUE(socket.Send(
        "PUT /blob HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
    std::string interim = socket.ReadResponse();  // no Content-Length: the head only
    EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
    ASSERT_TRUE(socket.Send("data"));
    std::string response = socket.ReadResponse();
    EXPECT_THAT(response, StartsWith("HTTP/1.1 200"));
    EXPECT_THAT(response, HasSubstr("PUT|/blob||data"));
  }
  {
    // Over the limit: 413 straight away, no 100 Continue.
    RawSocket socket(running.port());
    ASSERT_TRUE(socket.Send(
        "PUT /blob HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n"));
    EXPECT_THAT(socket.ReadResponse(), StartsWith("HTTP/1.1 413"));
  }
}

TEST(HttpServerTest, MalformedRequestGets400ProblemJson) {
  RunningServer running;
  for (std::string garbage : {"NOT HTTP AT ALL\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                              "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
    RawSocket socket(running.port());
    ASSERT_TRUE(socket.Send(garbage));
    std::string response = socket.ReadAll();
    EXPECT_THAT(response, StartsWith("HTTP/1.1 400")) << garbage;
    EXPECT_THAT(response, HasSubstr("application/problem+json"));
    EXPECT_THAT(response, HasSubstr("\"code\":\"invalid_input\""));
    EXPECT_THAT(response, HasSubstr("Connection: close"));
  }
}

TEST(HttpServerTest, OversizedHeaderGets431) {
  RunningServer running;
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.Send("GET / HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n"));
  std::string response = socket.ReadAll();
  EXPECT_THAT(response, StartsWith("HTTP/1.1 431"));
}

TEST(HttpServerTest, HandlerExceptionBecomes500AndServerSurvives) {
  RunningServer running;
  httplib::Client client("127.0.0.1", running.port());
  auto thrown = client.Get("/throw");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 500);
  EXPECT_EQ(thrown->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_THAT(thrown->body, HasSubstr("\"code\":\"internal\""));
  auto after = client.Get("/fine");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST(HttpServerTest, HandlerHeaderInjectionIsRefused) {
  RunningServer running(ServerOptions{}, [](const Request&) {
    return Response{200, {{"X-Evil", "a\r\nSet-Cookie: x=1"}}, "no"};
  });
  httplib::Client client("127.0.0.1", running.port());
  auto result = client.Get("/");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_FALSE(result->has_header("Set-Cookie"));
}

TEST(HttpServerTest, InvalidHandlerResponsesAreSanitised) {
  RunningServer running(ServerOptions{}, [](const Request& request) {
    if (request.path == "/204") return Response{204, {}, "a body a 204 cannot have"};
    if (request.path == "/101") return Response{101, {}, ""};
    if (request.path == "/name") return Response{200, {{"Bad Name:", "x"}}, ""};
    return Response{1000, {}, ""};
  });
  httplib::Client client("127.0.0.1", running.port());
  auto no_content = client.Get("/204");
  ASSERT_TRUE(no_content);
  EXPECT_EQ(no_content->status, 204);
  EXPECT_EQ(no_content->body, "");
  for (const char* path : {"/101", "/name", "/1000"}) {
    auto result = client.Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 500) << path;
  }
}

TEST(HttpServerTest, PortZeroPicksFreePort) {
  ServerOptions options;
  options.port = 0;
  options.stop_on_signals = false;
  auto a = Server::Create(options, Echo);
  auto b = Server::Create(options, Echo);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE((*a)->port(), 0);
  EXPECT_NE((*a)->port(), (*b)->port());
}

TEST(HttpServerTest, CreateOnPortInUseIsUnavailable) {
  RunningServer running;
  ServerOptions options;
  options.port = running.port();
  options.stop_on_signals = false;
  auto second = Server::Create(options, Echo);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Code::kUnavailable);
}

TEST(HttpServerTest, CreateRejectsBadAddressAndTlsFiles) {
  ServerOptions options;
  options.port = 0;
  options.stop_on_signals = false;
  options.address = "not-an-address";
  EXPECT_EQ(Server::Create(options, Echo).status().code(), Code::kInvalidInput);
  options.address = "127.0.0.1";
  options.tls_cert_file = "/nonexistent/cert.pem";
  EXPECT_EQ(Server::Create(options, Echo).status().code(), Code::kInvalidInput);  // key missing
  options.tls_key_file = "/nonexistent/key.pem";
  EXPECT_EQ(Server::Create(options, Echo).status().code(), Code::kInvalidInput);
}

TEST(HttpServerTest, StopLetsInFlightRequestComplete) {
  std::atomic<bool> entered{false};
  ServerOptions options;
  RunningServer running(options, [&](const Request& request) {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return Echo(request);
  });
  RawSocket idle(running.port());  // an idle keep-alive connection must not hold up shutdown
  ASSERT_TRUE(idle.connected());
  httplib::Result result{nullptr, httplib::Error::Unknown};
  std::thread client_thread([&] {
    httplib::Client client("127.0.0.1", running.port());
    result = client.Get("/slow");
  });
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto start = std::chrono::steady_clock::now();
  running.StopAndJoin();  // Run() returns only after the slow request was answered
  client_thread.join();
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "GET|/slow||");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(idle.ReadAll(), "");  // closed without a response
  // No longer accepting.
  httplib::Client late("127.0.0.1", running.port());
  EXPECT_FALSE(late.Get("/late"));
}

TEST(HttpServerTest, StopBeforeRunMakesRunReturnAndStopIsIdempotent) {
  ServerOptions options;
  options.port = 0;
  options.stop_on_signals = false;
  auto server = Server::Create(options, Echo);
  ASSERT_TRUE(server.ok());
  (*server)->Stop();
  (*server)->Stop();
  (*server)->Run();  // returns at once
  (*server)->Stop();
}

TEST(HttpServerTest, ConcurrentClientsThenStopShutDownCleanly) {
  auto running = std::make_unique<RunningServer>();
  std::atomic<int> ok_responses{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, port = running->port(), i] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(i % 2 == 0);  // half keep-alive, half a connection per request
      for (int n = 0; n < 2000; ++n) {
        auto result = client.Post("/load", std::string(100, 'x'), "text/plain");
        if (!result) return;  // the server stopped
        if (result->status == 200) ++ok_responses;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  running.reset();  // Stop(), join Run(), destroy while clients still talk
  for (auto& client : clients) client.join();
  EXPECT_GT(ok_responses.load(), 0);
}

TEST(HttpServerTest, IdleConnectionTimesOut) {
  ServerOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  RunningServer running(options);
  RawSocket socket(running.port());
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(socket.ReadAll(), "");
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(4));
}

// The timeout follows the connection from operation to operation: after a response, a kept-alive
// connection that sends nothing more is closed one idle_timeout later.
TEST(HttpServerTest, KeptAliveConnectionTimesOutAfterItsLastResponse) {
  ServerOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  RunningServer running(options);
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.Send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_THAT(socket.ReadResponse(), HasSubstr("GET|/a||"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(socket.ReadAll(), "");  // the server closes; RawSocket's own timeout is 5 s
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

// Slow-loris: a header that keeps trickling in does not extend the deadline of its read.
TEST(HttpServerTest, TricklingHeaderIsCutAtTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  RunningServer running(options);
  RawSocket socket(running.port());
  ASSERT_TRUE(socket.Send("GET /slow HTTP/1.1\r\n"));
  const auto start = std::chrono::steady_clock::now();
  bool cut = false;
  for (int i = 0; i < 40 && !cut; ++i) {  // 40 x 100 ms: four times the timeout
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cut = !socket.Send("X-Drip: " + std::to_string(i) + "\r\n");
  }
  if (!cut) {
    EXPECT_EQ(socket.ReadAll(), "");  // closed without an answer
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(3500));
}

TEST(HttpServerTest, SigtermStopsRun) {
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.stop_on_signals = true;
  auto server = Server::Create(options, Echo);
  ASSERT_TRUE(server.ok());
  std::thread runner([&] { (*server)->Run(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ::kill(::getpid(), SIGTERM);
  runner.join();  // hangs (test timeout) if the signal is not handled
}

TEST(HttpServerTest, ServesHttpsWithSelfSignedCertificate) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("giai_http_tls_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string();
  const std::string key = (dir / "key.pem").string();
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=localhost -keyout '" +
      key + "' -out '" + cert + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);

  ServerOptions options;
  options.tls_cert_file = cert;
  options.tls_key_file = key;
  {
    RunningServer running(options);
    httplib::SSLClient client("127.0.0.1", running.port());
    client.enable_server_certificate_verification(false);
    auto result = client.Post("/secure?a=b", "body", "text/plain");
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->body, "POST|/secure|a=b|body");
    EXPECT_EQ(result->get_header_value("X-Tls"), "1");
    // Large answers over TLS (head and body in one gathered write), twice on one connection.
    client.set_keep_alive(true);
    const std::string big(512 * 1024, 'y');
    for (int i = 0; i < 2; ++i) {
      auto echoed = client.Post("/big", big, "text/plain");
      ASSERT_TRUE(echoed) << httplib::to_string(echoed.error());
      EXPECT_EQ(echoed->body, "POST|/big||" + big);
    }

    // Plain HTTP on the HTTPS port gets no answer.
    httplib::Client plain("127.0.0.1", running.port());
    auto refused = plain.Get("/");
    EXPECT_TRUE(!refused || refused->status != 200);
  }
  // Key and certificate that do not belong together.
  const std::string other_key = (dir / "other.pem").string();
  ASSERT_EQ(
      std::system(("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out '" +
                   other_key + "' >/dev/null 2>&1")
                      .c_str()),
      0);
  options.tls_key_file = other_key;
  options.port = 0;
  options.stop_on_signals = false;
  EXPECT_EQ(Server::Create(options, Echo).status().code(), Code::kInvalidInput);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace giai::http

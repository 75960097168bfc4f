// Minimal server for HTTP load tests of the transport alone (no routing, no store):
//   build/release/bench/http_hello_server 8089 2 &
//   wrk -t2 -c50 -d5s http://127.0.0.1:8089/
// Stops on SIGINT/SIGTERM.
#include <cstdio>
#include <cstdlib>

#include "http/server.h"

int main(int argc, char** argv) {
  giai::http::ServerOptions options;
  options.port = static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8089);
  options.threads = argc > 2 ? std::atoi(argv[2]) : 2;
  auto server = giai::http::Server::Create(options, [](const giai::http::Request&) {
    return giai::http::Response{200, {{"Content-Type", "text/plain"}}, "hello\n"};
  });
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("listening on %u\n", (*server)->port());
  std::fflush(stdout);
  (*server)->Run();
  return 0;
}

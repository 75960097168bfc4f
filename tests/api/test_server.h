// TestServer: starts the real `giai` binary on a free loopback port over a fresh data directory
// (the fictional demo dataset, or an empty `giai init`), for tests that speak HTTP to it.
// Stops it with SIGTERM (exercising graceful shutdown) and removes the directory.
// With GIAI_TEST_BACKEND=postgresql (the suites' second CTest registration) every server also
// gets a fresh PostgreSQL database, passed to each `giai` it runs as GIAI_DATABASE.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace giai::testing {

class TestDatabase;

class TestServer {
 public:
  struct Options {
    bool demo = true;
    std::map<std::string, std::string> env;  // e.g. GIAI_BODY_LIMIT_BYTES
    // Serve an existing data directory (no demo, no init) on this database URL (not owned).
    std::string existing_data_dir = "";
    std::string database = "";
  };
  static std::unique_ptr<TestServer> Start(const Options& options);
  static std::unique_ptr<TestServer> Start() { return Start(Options{}); }
  ~TestServer();

  // Runs `giai <args>` (with --data added by the caller) and returns its stdout; fails the test
  // if it exits non-zero.
  std::string Giai(const std::vector<std::string>& args) const;
  std::string Token(const std::string& email) const;
  httplib::Client Client() const;
  void Stop();  // SIGTERM and wait; idempotent

  const std::string& data_dir() const { return data_dir_; }
  const std::string& log_file() const { return log_file_; }
  int port() const { return port_; }
  int pid() const { return pid_; }  // the running server process; -1 once stopped
  // The PostgreSQL URL of this server's database; empty on SQLite.
  std::string database_url() const;

 private:
  std::unique_ptr<TestDatabase> database_;  // outlives the server process (see Stop)
  std::string external_database_;
  bool owns_data_dir_ = true;
  std::string data_dir_, log_file_;
  int port_ = 0;
  int pid_ = -1;
};

std::string GiaiBinary();
// "GIAI_DATABASE='url' " to prefix a shell command with, or "" on SQLite.
std::string DatabaseEnvPrefix(const std::string& url);

// `giai <args>` run through the shell (args are shell words), with GIAI_DATABASE=`database_url`
// when not empty: its exit code and its stdout and stderr together.
struct Outcome {
  int code;
  std::string out;
};
Outcome RunGiai(const std::string& args, const std::string& database_url = "");

// Headers for a bearer-authenticated JSON call.
httplib::Headers Bearer(const std::string& token,
                        std::initializer_list<std::pair<std::string, std::string>> extra = {});

}  // namespace giai::testing

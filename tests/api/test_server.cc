#include "tests/api/test_server.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/postgres_test_database.h"

namespace giai::testing {

Outcome RunGiai(const std::string& args, const std::string& database_url) {
  std::string out;
  FILE* p =
      popen((DatabaseEnvPrefix(database_url) + GiaiBinary() + " " + args + " 2>&1").c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string GiaiBinary() {
  const char* dir = std::getenv("GIAI_BINARY_DIR");
  return std::string(dir ? dir : ".") + "/src/cli/giai";
}

namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::string Run(const std::string& command, int* exit_code) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

}  // namespace

std::string DatabaseEnvPrefix(const std::string& url) {
  return url.empty() ? std::string() : "GIAI_DATABASE=" + Quote(url) + " ";
}

std::string TestServer::database_url() const {
  return database_ ? database_->url() : external_database_;
}

std::unique_ptr<TestServer> TestServer::Start(const Options& options) {
  auto server = std::unique_ptr<TestServer>(new TestServer());
  server->external_database_ = options.database;
  if (options.database.empty() && PostgresBackendRequested()) {
    server->database_ = TestDatabase::Create();
    if (server->database_ == nullptr) return nullptr;
  }
  std::string env = DatabaseEnvPrefix(server->database_url());
  int code = 0;
  std::string out;
  if (!options.existing_data_dir.empty()) {
    server->data_dir_ = options.existing_data_dir;
    server->owns_data_dir_ = false;
  } else {
    char tmpl[] = "/tmp/giai-api-XXXXXX";
    server->data_dir_ = std::string(mkdtemp(tmpl)) + "/data";
  }
  if (!server->owns_data_dir_) {
    // Serve the directory as it is.
  } else if (options.demo) {
    out = Run(env + Quote(GiaiBinary()) + " demo --data " + Quote(server->data_dir_), &code);
  } else {
    out = Run(env + Quote(GiaiBinary()) + " init --data " + Quote(server->data_dir_), &code);
  }
  EXPECT_EQ(code, 0) << out;
  if (code != 0) return nullptr;
  // Logs go inside the data directory so the stolen-directory scan covers them too.
  server->log_file_ = server->data_dir_ + "/server.log";
  std::string port_file = server->data_dir_ + "/../port.txt";
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return nullptr;
  pid_t pid = fork();
  if (pid == 0) {
    if (!server->database_url().empty()) {
      setenv("GIAI_DATABASE", server->database_url().c_str(), 1);
    }
    for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
    dup2(pipe_fds[1], STDOUT_FILENO);
    FILE* log = std::fopen(server->log_file_.c_str(), "w");
    if (log) dup2(fileno(log), STDERR_FILENO);
    close(pipe_fds[0]);
    std::string bin = GiaiBinary();
    execl(bin.c_str(), bin.c_str(), "serve", "--data", server->data_dir_.c_str(), "--listen",
          "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_fds[1]);
  server->pid_ = pid;
  // The server prints "giai listening on http://127.0.0.1:PORT" once it accepts connections.
  std::string line;
  char c;
  while (read(pipe_fds[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(pipe_fds[0]);
  std::size_t colon = line.rfind(':');
  if (line.find("listening") == std::string::npos || colon == std::string::npos) {
    ADD_FAILURE() << "server did not start: " << line;
    return nullptr;
  }
  server->port_ = std::stoi(line.substr(colon + 1));
  return server;
}

TestServer::~TestServer() {
  Stop();
  if (!data_dir_.empty() && owns_data_dir_) {
    std::filesystem::remove_all(std::filesystem::path(data_dir_).parent_path());
  }
}

void TestServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "giai serve did not stop cleanly on SIGTERM";
  pid_ = -1;
}

std::string TestServer::Giai(const std::vector<std::string>& args) const {
  std::string cmd = DatabaseEnvPrefix(database_url()) + Quote(GiaiBinary());
  for (const auto& a : args) cmd += " " + Quote(a);
  int code = 0;
  std::string out = Run(cmd + " 2>&1", &code);
  EXPECT_EQ(code, 0) << cmd << "\n" << out;
  return out;
}

std::string TestServer::Token(const std::string& email) const {
  std::string out = Giai({"token", "create", "--data", data_dir_, "--user", email});
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

httplib::Client TestServer::Client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(30, 0);
  return client;
}

httplib::Headers Bearer(const std::string& token,
                        std::initializer_list<std::pair<std::string, std::string>> extra) {
  httplib::Headers h = {{"Authorization", "Bearer " + token}};
  for (const auto& [k, v] : extra) h.emplace(k, v);
  return h;
}

}  // namespace giai::testing

// TestDatabase: a fresh, uniquely named PostgreSQL database on the throwaway test server that the
// CTest fixture `postgres` starts (scripts/postgres-test-server), dropped again at destruction.
// Every test gets its own database, so tests stay independent and may run in parallel.
//
// The server's URL comes from GIAI_TEST_POSTGRES_URL, else from the file
// $GIAI_BINARY_DIR/postgres-test/url that the fixture writes.
//
// Example:
//   auto db = TestDatabase::Create();  // ADD_FAILURE and nullptr without a server
//   auto store = store::postgres::PostgresStore::Create(db->url());
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "store/postgres/postgres_store.h"

namespace giai::testing {

// True when this test process should run against PostgreSQL (GIAI_TEST_BACKEND=postgresql, set
// by the second CTest registration of each HTTP suite).
inline bool PostgresBackendRequested() {
  const char* backend = std::getenv("GIAI_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgresql";
}

class TestDatabase {
 public:
  static std::string ServerUrl() {
    if (const char* url = std::getenv("GIAI_TEST_POSTGRES_URL")) return url;
    const char* dir = std::getenv("GIAI_BINARY_DIR");
    std::ifstream in(std::string(dir ? dir : ".") + "/postgres-test/url");
    std::string url;
    std::getline(in, url);
    return url;
  }

  // The test server's cluster directory (its "disk"), for tests that scan what a thief of the
  // database server would read; empty if unknown.
  static std::string ClusterDirectory() {
    const char* dir = std::getenv("GIAI_BINARY_DIR");
    std::ifstream in(std::string(dir ? dir : ".") + "/postgres-test/pgdata");
    std::string path;
    std::getline(in, path);
    return path.empty() ? path : path + "/data";
  }

  static std::unique_ptr<TestDatabase> Create() {
    std::string server = ServerUrl();
    if (server.empty()) {
      ADD_FAILURE() << "no PostgreSQL test server: run through ctest (fixture `postgres`) or "
                       "set GIAI_TEST_POSTGRES_URL (scripts/postgres-test-server start DIR)";
      return nullptr;
    }
    static thread_local std::mt19937_64 random(std::random_device{}());
    char name[32];
    std::snprintf(name, sizeof name, "giai_test_%016llx",
                  static_cast<unsigned long long>(random()));
    auto url = store::postgres::CreateDatabase(server, name);
    if (!url.ok()) {
      ADD_FAILURE() << "CREATE DATABASE failed: " << url.status().ToString();
      return nullptr;
    }
    return std::unique_ptr<TestDatabase>(new TestDatabase(server, name, *url));
  }

  ~TestDatabase() {
    Status st = store::postgres::DropDatabase(server_, name_);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }

 private:
  TestDatabase(std::string server, std::string name, std::string url)
      : server_(std::move(server)), name_(std::move(name)), url_(std::move(url)) {}
  std::string server_, name_, url_;
};

}  // namespace giai::testing

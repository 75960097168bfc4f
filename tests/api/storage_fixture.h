// The storage of a running TestServer opened from the test process, as another process (the
// CLI, a crashed server, a second server) would: SQLite in its data directory, or its
// PostgreSQL database. Suites that include this link giai_store_sqlite and giai_store_postgres.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/api/test_server.h"

namespace giai::testing {

inline std::unique_ptr<store::Store> OpenStorage(const TestServer& server) {
  auto opened = server.database_url().empty()
                    ? store::sqlite::SqliteStore::Create(server.data_dir() + "/giai.db", 1, true)
                    : store::postgres::PostgresStore::Create(server.database_url(), 1);
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  return opened.ok() ? std::move(*opened) : nullptr;
}

}  // namespace giai::testing

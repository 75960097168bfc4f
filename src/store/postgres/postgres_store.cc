#include "store/postgres/postgres_store.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "core/metrics.h"
#include "store/postgres/postgres_tx.h"
#include "store/postgres/schema.h"

namespace giai::store::postgres {
namespace {

// Serialises migrations of concurrent giai processes (an arbitrary, fixed key).
constexpr std::int64_t kMigrationLock = 0x6769616930;
// Serialises writers of every giai process on the database (see postgres_store.h: every write
// appends to the one transparency log, so concurrent writers would only collide on its tail).
constexpr std::int64_t kWriterLock = 0x6769616931;

Status Migrate(pqxx::connection& c) {
  TxOutcome outcome;
  try {
    pqxx::work t(c);
    t.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
    t.exec("CREATE TABLE IF NOT EXISTS giai_schema (version INTEGER NOT NULL)");
    pqxx::result r = t.exec("SELECT version FROM giai_schema");
    int current = r.empty() ? 0 : r[0][0].as<int>();
    const auto& migrations = Migrations();
    if (current > static_cast<int>(migrations.size())) {
      return Unavailable("the database was written by a newer giai (schema " +
                         std::to_string(current) + ")");
    }
    for (std::size_t i = static_cast<std::size_t>(current); i < migrations.size(); ++i) {
      t.exec(std::string(migrations[i]));
    }
    if (r.empty()) {
      t.exec("INSERT INTO giai_schema (version) VALUES (" + std::to_string(migrations.size()) +
             ")");
    } else {
      t.exec("UPDATE giai_schema SET version = " + std::to_string(migrations.size()));
    }
    t.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return FromPqxx(e, "migrate", outcome);
  }
}

class PostgresStoreImpl : public Store {
 public:
  PostgresStoreImpl(std::string url, int pool_size) : url_(std::move(url)), max_(pool_size) {}

  Status Write(const std::function<Status(Tx&)>& work) override {
    thread_local std::minstd_rand jitter(std::random_device{}());
    bool reconnected = false;
    for (int attempt = 1;; ++attempt) {
      TxOutcome outcome;
      Status st = Run<pqxx::transaction<pqxx::serializable>>(work, outcome, kWriterLock);
      if (st.ok()) return st;
      // Lost before COMMIT was sent, nothing was committed: rerun once on a new connection.
      // Lost during COMMIT the outcome is unknown, so the caller hears kUnavailable.
      if (ShouldReconnect(outcome, reconnected)) continue;
      if (!outcome.retry) return st;
      // Visible in /metrics: with the writer lock, reruns should stay at zero.
      Metrics::Global().Increment("giai_db_write_reruns_total", {{"backend", "postgresql"}});
      if (attempt >= kMaxWriteAttempts) {
        return Unavailable("gave up after " + std::to_string(attempt) +
                           " serialisation failures: " + st.message());
      }
      // Jittered exponential backoff, 1 ms .. 64 ms.
      int ceiling = 1 << std::min(attempt, 6);
      std::this_thread::sleep_for(std::chrono::microseconds(
          std::uniform_int_distribution<int>(500, 1000 * ceiling)(jitter)));
    }
  }

  Status Read(const std::function<Status(Tx&)>& work) override {
    bool reconnected = false;
    for (;;) {
      TxOutcome outcome;
      Status st = Run<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(work, outcome);
      if (st.ok() || !ShouldReconnect(outcome, reconnected)) return st;
    }
  }

  Result<int> SchemaVersion() override {
    int version = 0;
    TxOutcome outcome;
    GIAI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Acquire());
    Status st;
    try {
      pqxx::read_transaction t(c->c);
      version = t.exec1("SELECT version FROM giai_schema")[0].as<int>();
    } catch (const std::exception& e) {
      st = FromPqxx(e, "schema version", outcome);
    }
    Release(std::move(c), outcome.broken);
    GIAI_RETURN_IF_ERROR(st);
    return version;
  }

  Status Open() {
    GIAI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Acquire());
    Status st = Migrate(c->c);
    Release(std::move(c), !st.ok());
    return st;
  }

 private:
  // Runs `work` in a Transaction on a pooled connection. With `session_lock`, the connection
  // first takes that session-level advisory lock and releases it after the commit: taken before
  // the transaction starts, so the transaction's snapshot already sees the previous holder's
  // commit (a lock taken inside a SERIALIZABLE transaction comes after its snapshot). A broken
  // connection is closed, which releases the lock on the server.
  template <typename Transaction>
  Status Run(const std::function<Status(Tx&)>& work, TxOutcome& outcome,
             std::optional<std::int64_t> session_lock = std::nullopt) {
    GIAI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Acquire());
    Status st;
    bool locked = false;
    try {
      if (session_lock) {
        pqxx::nontransaction n(c->c);
        n.exec("SELECT pg_advisory_lock(" + std::to_string(*session_lock) + ")");
        locked = true;
      }
      {
        Transaction t(c->c);
        PostgresTx tx(t, *c, outcome);
        st = work(tx);
        if (st.ok()) {
          t.commit();
        } else {
          t.abort();
        }
      }
    } catch (const std::exception& e) {
      st = FromPqxx(e, "transaction", outcome);
    }
    if (!st.ok() && !c->c.is_open()) outcome.broken = true;
    if (locked && !outcome.broken) {
      try {
        pqxx::nontransaction n(c->c);
        n.exec("SELECT pg_advisory_unlock(" + std::to_string(*session_lock) + ")");
      } catch (const std::exception&) {
        // The transaction's outcome stands; closing the connection releases the lock, and a
        // connection that may still hold it never goes back to the pool.
        outcome.broken = true;
      }
    }
    Release(std::move(c), outcome.broken);
    return st;
  }

  // After a lost connection (server restart, failover, terminated session), every idle
  // connection opened before it is suspect: close them all, so the one rerun that follows gets a
  // fresh connection instead of the next dead one. A second loss in a row is reported.
  bool ShouldReconnect(const TxOutcome& outcome, bool& reconnected) {
    if (!outcome.broken || outcome.in_doubt || reconnected) return false;
    reconnected = true;
    std::vector<std::unique_ptr<Connection>> stale;
    {
      std::lock_guard lock(mutex_);
      open_ -= static_cast<int>(idle_.size());
      stale.swap(idle_);
    }
    available_.notify_all();
    stale.clear();  // closes them outside the lock
    Metrics::Global().Increment("giai_db_reconnects_total", {{"backend", "postgresql"}});
    return true;
  }

  Result<std::unique_ptr<Connection>> Acquire() {
    {
      std::unique_lock lock(mutex_);
      available_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
      if (!idle_.empty()) {
        std::unique_ptr<Connection> c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
      ++open_;
    }
    try {
      return std::make_unique<Connection>(url_);
    } catch (const std::exception& e) {
      {
        std::lock_guard lock(mutex_);
        --open_;
      }
      available_.notify_one();
      std::string what = e.what();
      while (!what.empty() && what.back() == '\n') what.pop_back();
      return Unavailable("cannot connect to PostgreSQL: " + what);
    }
  }

  void Release(std::unique_ptr<Connection> c, bool broken) {
    {
      std::lock_guard lock(mutex_);
      if (broken || !c->c.is_open()) {
        --open_;
        c.reset();
      } else {
        idle_.push_back(std::move(c));
      }
    }
    available_.notify_one();
  }

  std::string url_;
  int max_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 60) return false;
  for (char ch : name) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  }
  return true;
}

// The URL of database `name` on the server of `url` (replaces the path, keeps the query).
std::string WithDatabase(const std::string& url, const std::string& name) {
  std::size_t scheme = url.find("://");
  std::size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  std::size_t query = url.find('?');
  std::string base = url.substr(0, path == std::string::npos ? query : path);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + name + rest;
}

Status AdminExec(const std::string& server_url, const std::string& sql) {
  TxOutcome outcome;
  try {
    pqxx::connection c(server_url);
    pqxx::nontransaction t(c);
    t.exec(sql);
    return Status::Ok();
  } catch (const std::exception& e) {
    return FromPqxx(e, "admin", outcome);
  }
}

}  // namespace

bool IsPostgresUrl(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Store>> PostgresStore::Create(const std::string& url, int pool_size) {
  if (!IsPostgresUrl(url)) return InvalidInput("not a postgresql:// URL");
  auto store = std::make_unique<PostgresStoreImpl>(url, pool_size < 1 ? 1 : pool_size);
  GIAI_RETURN_IF_ERROR(store->Open());
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::string> CreateDatabase(const std::string& server_url, const std::string& name) {
  if (!ValidName(name)) return InvalidInput("database names are [a-z0-9_]");
  // A name cannot be a parameter; ValidName makes the quoted identifier safe.
  GIAI_RETURN_IF_ERROR(AdminExec(server_url, "CREATE DATABASE \"" + name + "\""));
  return WithDatabase(server_url, name);
}

Status DropDatabase(const std::string& server_url, const std::string& name) {
  if (!ValidName(name)) return InvalidInput("database names are [a-z0-9_]");
  return AdminExec(server_url, "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
}

}  // namespace giai::store::postgres

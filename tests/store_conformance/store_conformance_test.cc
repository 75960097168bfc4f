// One suite, every Store back end (CONVENTIONS.md "Tests"). Back ends register in Backends():
// SQLite in a temporary directory, PostgreSQL in a fresh database on the test server of the
// CTest fixture `postgres` (tests/support/postgres_test_database.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "core/metrics.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/schema.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "store_conformance/store_fixture.h"
#include "support/postgres_test_database.h"

namespace giai::store {
namespace {

TEST_P(StoreConformance, AppliesEveryMigration) {
  Result<int> v = store_->SchemaVersion();
  ASSERT_TRUE(v.ok());
  // Both back ends carry the same numbered migrations: a migration added to one only fails here.
  EXPECT_EQ(sqlite::Migrations().size(), postgres::Migrations().size());
  EXPECT_EQ(*v, static_cast<int>(sqlite::Migrations().size()));
}

TEST_P(StoreConformance, FailedWorkRollsBackEverything) {
  Status st = store_->Write([&](Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(Incident("inc_1", "org_a")));
    return InvalidInput("later step failed");
  });
  EXPECT_EQ(st.code(), Code::kInvalidInput);
  Status read = store_->Read([](Tx& tx) { return tx.GetRecord("inc_1").status(); });
  EXPECT_EQ(read.code(), Code::kNotFound);
}

TEST_P(StoreConformance, UpdateWithStaleVersionIsRefused) {
  ASSERT_TRUE(
      store_->Write([&](Tx& tx) { return tx.InsertRecord(Incident("inc_1", "org_a")); }).ok());
  RecordRow next = Incident("inc_1", "org_a");
  next.version = 2;
  next.body = R"({"title":"v2"})";
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.UpdateRecord(next, 1); }).ok());
  Status stale = store_->Write([&](Tx& tx) { return tx.UpdateRecord(next, 1); });
  EXPECT_EQ(stale.code(), Code::kPreconditionFailed);
  std::string body;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(RecordRow r, tx.GetRecord("inc_1"));
                    body = r.body;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(body, R"({"title":"v2"})");
}

TEST_P(StoreConformance, AuditEventsAreAppendOnlyAndPerOrganisation) {
  ASSERT_TRUE(store_
                  ->Write([](Tx& tx) {
                    return tx.AppendAudit(
                        {"aud_1", "t", "org_a", "usr_1", "incident.create", "inc_1", "", "ok", ""});
                  })
                  .ok());
  Status dup = store_->Write([](Tx& tx) {
    return tx.AppendAudit({"aud_1", "t", "org_a", "usr_1", "x", "", "", "ok", ""});
  });
  EXPECT_EQ(dup.code(), Code::kConflict);
  std::size_t a = 0, b = 0;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(auto ea, tx.ListAudit("org_a", "", 10));
                    GIAI_ASSIGN_OR_RETURN(auto eb, tx.ListAudit("org_b", "", 10));
                    a = ea.size();
                    b = eb.size();
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 0u);
}

TEST_P(StoreConformance, DuplicateUserEmailIsAConflict) {
  UserRow u{"usr_1", "org_a", "a@example.org", "A", "admin", "h", {}, false, "t"};
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.InsertUser(u); }).ok());
  u.id = "usr_2";
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.InsertUser(u); }).code(), Code::kConflict);
}

TEST_P(StoreConformance, AccountsSessionsAndTokensRoundTrip) {
  UserRow u{"usr_1", "org_a", "a@example.org", "A", "documenter", "h", {"cmp_1", "cmp_2"},
            true,    "t"};
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    GIAI_RETURN_IF_ERROR(tx.InsertCompartment({"cmp_2", "org_a", "Two"}));
                    GIAI_RETURN_IF_ERROR(tx.InsertCompartment({"cmp_1", "org_a", "One"}));
                    GIAI_RETURN_IF_ERROR(tx.InsertUser(u));
                    GIAI_RETURN_IF_ERROR(tx.InsertSession({"sh", "usr_1", "csrf", "t0", "t1"}));
                    return tx.InsertApiToken({"tok_1", "th", "usr_1", "label", "t0"});
                  })
                  .ok());
  EXPECT_EQ(store_->Write([](Tx& tx) {
                    return tx.InsertCompartment({"cmp_3", "org_a", "One"});
                  })
                .code(),
            Code::kConflict);
  ASSERT_TRUE(
      store_
          ->Read([&](Tx& tx) -> Status {
            GIAI_ASSIGN_OR_RETURN(UserRow by_email, tx.GetUserByEmail("a@example.org"));
            EXPECT_EQ(by_email.id, "usr_1");
            EXPECT_EQ(by_email.compartments, (std::vector<std::string>{"cmp_1", "cmp_2"}));
            EXPECT_TRUE(by_email.disabled);
            GIAI_ASSIGN_OR_RETURN(auto users, tx.ListUsers("org_a"));
            EXPECT_EQ(users.size(), 1u);
            GIAI_ASSIGN_OR_RETURN(auto compartments, tx.ListCompartments("org_a"));
            EXPECT_EQ(compartments.size(), 2u);
            GIAI_ASSIGN_OR_RETURN(SessionRow session, tx.GetSession("sh"));
            EXPECT_EQ(session.csrf_token, "csrf");
            GIAI_ASSIGN_OR_RETURN(ApiTokenRow token, tx.GetApiToken("th"));
            EXPECT_EQ(token.user_id, "usr_1");
            EXPECT_EQ(tx.GetUser("usr_x").status().code(), Code::kNotFound);
            EXPECT_EQ(tx.GetApiToken("nope").status().code(), Code::kNotFound);
            // What authentication reads on every request, in one query.
            GIAI_ASSIGN_OR_RETURN(CredentialHolder by_token,
                                  tx.GetCredentialHolder(CredentialKind::kApiToken, "th"));
            EXPECT_EQ(by_token.user.id, "usr_1");
            EXPECT_EQ(by_token.user.org_id, "org_a");
            EXPECT_EQ(by_token.user.role, "documenter");
            EXPECT_TRUE(by_token.user.disabled);
            EXPECT_EQ(by_token.user.password_hash, "");
            EXPECT_EQ(by_token.user.compartments, (std::vector<std::string>{"cmp_1", "cmp_2"}));
            EXPECT_EQ(by_token.csrf_token, "");
            GIAI_ASSIGN_OR_RETURN(CredentialHolder by_session,
                                  tx.GetCredentialHolder(CredentialKind::kSession, "sh"));
            EXPECT_EQ(by_session.user.email, "a@example.org");
            EXPECT_EQ(by_session.csrf_token, "csrf");
            EXPECT_EQ(by_session.expires_at, "t1");
            // A token's hash is not a session's, and the reverse.
            EXPECT_EQ(tx.GetCredentialHolder(CredentialKind::kSession, "th").status().code(),
                      Code::kNotFound);
            EXPECT_EQ(tx.GetCredentialHolder(CredentialKind::kApiToken, "sh").status().code(),
                      Code::kNotFound);
            return Status::Ok();
          })
          .ok());
  ASSERT_TRUE(store_->Write([](Tx& tx) { return tx.DeleteSession("sh"); }).ok());
  EXPECT_EQ(store_->Read([](Tx& tx) { return tx.GetSession("sh").status(); }).code(),
            Code::kNotFound);
  EXPECT_EQ(store_
                ->Read([](Tx& tx) {
                  return tx.GetCredentialHolder(CredentialKind::kSession, "sh").status();
                })
                .code(),
            Code::kNotFound);
}

TEST_P(StoreConformance, CredentialHolderWithoutCompartmentsHasNone) {
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    GIAI_RETURN_IF_ERROR(tx.InsertUser(
                        {"usr_2", "org_a", "b@example.org", "B", "legal", "h", {}, false, "t"}));
                    return tx.InsertApiToken({"tok_2", "th2", "usr_2", "label", "t0"});
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(CredentialHolder holder,
                                          tx.GetCredentialHolder(CredentialKind::kApiToken, "th2"));
                    EXPECT_EQ(holder.user.id, "usr_2");
                    EXPECT_TRUE(holder.user.compartments.empty());
                    EXPECT_FALSE(holder.user.disabled);
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(StoreConformance, BlobsKeepEveryByteAndShreddingKeepsTheRow) {
  std::string key("\x00\x01\xff\x80 key", 9);
  std::string ciphertext;
  for (int i = 0; i < 256; ++i) ciphertext.push_back(static_cast<char>(i));
  ASSERT_TRUE(
      store_->Write([&](Tx& tx) {
              return tx.PutSealed({"per_1", "identity", 1, key, ciphertext});
            })
          .ok());
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.SetOrganisationKey("org_a", key); }).ok());
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.SetOrganisationKey("org_x", key); }).code(),
            Code::kNotFound);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(SealedRow row, tx.GetSealed("per_1", "identity"));
                    EXPECT_EQ(row.wrapped_key, key);
                    EXPECT_EQ(row.ciphertext, ciphertext);
                    GIAI_ASSIGN_OR_RETURN(OrganisationRow org, tx.GetOrganisation("org_a"));
                    EXPECT_EQ(org.wrapped_key, key);
                    return Status::Ok();
                  })
                  .ok());
  // Replacing keeps one row per (object, field).
  ASSERT_TRUE(
      store_->Write([&](Tx& tx) {
              return tx.PutSealed({"per_1", "identity", 2, "k2", "c2"});
            })
          .ok());
  ASSERT_TRUE(store_->Write([](Tx& tx) { return tx.ShredSealed("per_1", "identity"); }).ok());
  EXPECT_EQ(store_->Write([](Tx& tx) { return tx.ShredSealed("per_1", "narrative"); }).code(),
            Code::kNotFound);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(SealedRow row, tx.GetSealed("per_1", "identity"));
                    EXPECT_EQ(row.version, 2);
                    EXPECT_TRUE(row.wrapped_key.empty());
                    EXPECT_TRUE(row.ciphertext.empty());
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(StoreConformance, OptionalColumnsRoundTripAndChildTermsFollowTheParent) {
  RecordRow act = Incident("act_1", "org_a");
  act.kind = "act";
  act.parent_id = "inc_1";
  act.terms = {"crime:x"};
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    GIAI_RETURN_IF_ERROR(tx.InsertRecord(Incident("inc_1", "org_a")));
                    GIAI_RETURN_IF_ERROR(tx.InsertRecord(Incident("inc_2", "org_a")));
                    return tx.InsertRecord(act);
                  })
                  .ok());
  EXPECT_EQ(
      store_->Write([&](Tx& tx) { return tx.InsertRecord(Incident("inc_1", "org_a")); }).code(),
      Code::kConflict);
  RecordQuery q;
  q.kind = "incident";
  q.org_id = "org_a";
  q.terms = {"crime:x"};
  q.terms_via_children = true;
  auto ids = [&] {
    std::vector<std::string> out;
    EXPECT_TRUE(store_
                    ->Read([&](Tx& tx) -> Status {
                      GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListRecords(q));
                      for (auto& r : rows) out.push_back(r.id);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  };
  EXPECT_EQ(ids(), (std::vector<std::string>{"inc_1"}));
  // Moving the act to another incident moves its terms.
  act.version = 2;
  act.parent_id = "inc_2";
  act.earliest = -5;
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.UpdateRecord(act, 1); }).ok());
  EXPECT_EQ(ids(), (std::vector<std::string>{"inc_2"}));
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(RecordRow inc, tx.GetRecord("inc_1"));
                    EXPECT_TRUE(inc.compartment_id.empty());
                    EXPECT_TRUE(inc.country.empty());
                    EXPECT_FALSE(inc.earliest.has_value());
                    GIAI_ASSIGN_OR_RETURN(RecordRow moved, tx.GetRecord("act_1"));
                    EXPECT_EQ(moved.earliest, std::optional<std::int64_t>(-5));
                    EXPECT_FALSE(moved.latest.has_value());
                    EXPECT_EQ(moved.terms, (std::vector<std::string>{"crime:x"}));
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(StoreConformance, AConflictDoesNotSpoilTheRestOfTheTransaction) {
  // On SQLite a failed statement leaves the transaction usable; PostgreSQL must behave alike
  // (use cases branch on kConflict and carry on).
  IdempotencyRow key{"usr_1", "k", "hash", 201, "/api/v1/incidents/inc_1", "t"};
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.PutIdempotency(key); }).ok());
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    EXPECT_EQ(tx.PutIdempotency(key).code(), Code::kConflict);
                    EXPECT_EQ(tx.InsertOrganisation({"org_c", "A", "member", "t", "k"}).code(),
                              Code::kConflict);
                    return tx.InsertOrganisation({"org_c", "C", "member", "t", "k"});
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(IdempotencyRow row, tx.GetIdempotency("usr_1", "k"));
                    EXPECT_EQ(row.status, 201);
                    GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
                    EXPECT_EQ(orgs.size(), 3u);
                    return Status::Ok();
                  })
                  .ok());
}

// Many writers updating the same records at once, each write touching two records in a random
// order (deadlock-prone on a row-locking database) and appending an audit event. Expected: no
// lost update (a record's final version is 1 + its acknowledged updates), no error other than
// the version check surfaces (deadlocks and serialisation failures are retried by the store),
// and every acknowledged write is present.
TEST_P(StoreConformance, ConcurrentUpdatesLoseNothing) {
  const std::vector<std::string> ids = {"inc_a", "inc_b", "inc_c"};
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    for (const auto& id : ids)
                      GIAI_RETURN_IF_ERROR(tx.InsertRecord(Incident(id, "org_a")));
                    return Status::Ok();
                  })
                  .ok());
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 25;
  std::mutex mutex;
  std::map<std::string, int> acknowledged;  // record -> acknowledged updates
  std::set<std::string> audit_ids;
  std::atomic<int> unexpected{0}, stale{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        std::string first = ids[(t + i) % ids.size()];
        std::string second = ids[(t + 2 * i + 1) % ids.size()];
        if (first == second) second = ids[(t + i + 1) % ids.size()];
        for (;;) {  // a client retrying on 412, as the HTTP API's clients do
          std::map<std::string, RecordRow> read;
          Status st = store_->Read([&](Tx& tx) -> Status {
            for (const auto& id : {first, second}) {
              GIAI_ASSIGN_OR_RETURN(read[id], tx.GetRecord(id));
            }
            return Status::Ok();
          });
          if (!st.ok()) {
            ++unexpected;
            break;
          }
          std::string audit_id = "aud_" + std::to_string(t) + "_" + std::to_string(i);
          st = store_->Write([&](Tx& tx) -> Status {
            for (const auto& id : {first, second}) {
              RecordRow next = read[id];
              next.version = read[id].version + 1;
              next.body = "{\"by\":\"" + audit_id + "\"}";
              GIAI_RETURN_IF_ERROR(tx.UpdateRecord(next, read[id].version));
            }
            return tx.AppendAudit(
                {audit_id, "t", "org_a", "usr_1", "incident.update", first, "", "ok", ""});
          });
          if (st.ok()) {
            std::lock_guard lock(mutex);
            ++acknowledged[first];
            ++acknowledged[second];
            audit_ids.insert(audit_id);
            break;
          }
          if (st.code() == Code::kPreconditionFailed) {
            ++stale;
            continue;
          }
          ADD_FAILURE() << st.ToString();
          ++unexpected;
          break;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(audit_ids.size(), static_cast<std::size_t>(kThreads * kWritesPerThread));
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    for (const auto& id : ids) {
                      GIAI_ASSIGN_OR_RETURN(RecordRow r, tx.GetRecord(id));
                      EXPECT_EQ(r.version, 1 + acknowledged[id]) << id;
                    }
                    std::set<std::string> stored;
                    std::string after;
                    for (;;) {
                      GIAI_ASSIGN_OR_RETURN(auto page, tx.ListAudit("org_a", after, 100));
                      if (page.empty()) break;
                      for (auto& e : page) stored.insert(e.id);
                      after = page.back().id;
                    }
                    EXPECT_EQ(stored, audit_ids);
                    return Status::Ok();
                  })
                  .ok());
  RecordProperty("stale_retries", stale.load());
}

TEST_P(StoreConformance, CheckpointsAdvanceByCompareAndSwapOnly) {
  ASSERT_TRUE(
      store_->Write([](Tx& tx) {
              return tx.PutCheckpoint({2, "note-2", "t"}, std::nullopt);
            })
          .ok());
  // A second writer that still believes there is no checkpoint loses.
  EXPECT_EQ(store_->Write([](Tx& tx) {
                    return tx.PutCheckpoint({3, "fork", "t"}, std::nullopt);
                  })
                .code(),
            Code::kConflict);
  // A checkpoint that does not cover a larger tree is refused.
  EXPECT_EQ(store_->Write([](Tx& tx) {
                    return tx.PutCheckpoint({2, "same", "t"}, 2);
                  })
                .code(),
            Code::kConflict);
  ASSERT_TRUE(store_->Write([](Tx& tx) { return tx.PutCheckpoint({5, "note-5", "t"}, 2); }).ok());
  std::vector<CheckpointRow> all;
  CheckpointRow latest;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(all, tx.ListCheckpoints(0, 10));
                    GIAI_ASSIGN_OR_RETURN(latest, tx.LatestCheckpoint());
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].note, "note-2");
  EXPECT_EQ(latest.size, 5u);
  EXPECT_EQ(latest.note, "note-5");
}

TEST_P(StoreConformance, LedgerAppendIsACompareAndSwapAndKeepsLeafBytes) {
  const std::string hash(32, 'h'), node(32, 'n');
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) {
            return tx.LedgerAppend(0, {{0, hash, "leaf-0"}, {1, hash, "leaf-1"}}, {{1, 0, node}});
          })
          .ok());
  EXPECT_EQ(store_->Write([&](Tx& tx) {
                    return tx.LedgerAppend(1, {{1, hash, "x"}}, {});
                  })
                .code(),
            Code::kConflict);
  std::vector<LedgerLeafRow> leaves;
  std::string inner;
  std::uint64_t size = 0;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(size, tx.LedgerSize());
                    GIAI_ASSIGN_OR_RETURN(leaves, tx.LedgerLeaves(1, 10));
                    GIAI_ASSIGN_OR_RETURN(inner, tx.LedgerNode(1, 0));
                    return tx.LedgerNode(1, 1).status();
                  })
                  .code() == Code::kNotFound);
  EXPECT_EQ(size, 2u);
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(leaves[0].data, "leaf-1");
  EXPECT_EQ(inner, node);
}

TEST_P(StoreConformance, CustodyEventsAreAppendOnlyAndListedInOrder) {
  CustodyRow a{"cus_1", "evd_1", "org_a", "t1", "received", "usr_1", "", "{}", 0, "req"};
  CustodyRow b{"cus_2", "evd_1", "org_a", "t2", "accessed", "usr_2", "review", "{}", 3, ""};
  CustodyRow other{"cus_3", "evd_2", "org_a", "t3", "received", "usr_1", "", "{}", -1, ""};
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) {
                    GIAI_RETURN_IF_ERROR(tx.AppendCustody(a));
                    GIAI_RETURN_IF_ERROR(tx.AppendCustody(b));
                    return tx.AppendCustody(other);
                  })
                  .ok());
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.AppendCustody(a); }).code(), Code::kConflict);
  std::vector<CustodyRow> chain;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(chain, tx.ListCustody("evd_1"));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].event, "received");
  EXPECT_EQ(chain[1].purpose, "review");
  EXPECT_EQ(chain[1].leaf_index, 3);
}

// Writes the PostgreSQL back end had to rerun (serialisation failures), from /metrics.
double WriteReruns() {
  const std::string text = Metrics::Global().Render();
  const std::string key = "giai_db_write_reruns_total{backend=\"postgresql\"} ";
  const std::size_t at = text.find(key);
  return at == std::string::npos ? 0 : std::stod(text.substr(at + key.size()));
}

// Concurrent use cases that each append to the one ledger (evidence ingests, custody events):
// every append that reads the size inside its own transaction succeeds — both back ends
// serialise writers (PostgreSQL with an advisory lock taken before the snapshot; without it,
// 16 writers exhaust the reruns) — and no index is used twice.
TEST_P(StoreConformance, ConcurrentLedgerAppendsAllLand) {
  constexpr int kThreads = 16;
  constexpr int kAppendsPerThread = 25;
  const double reruns_before = WriteReruns();
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsPerThread; ++i) {
        std::string data = "leaf-" + std::to_string(t) + "-" + std::to_string(i);
        Status st = store_->Write([&](Tx& tx) -> Status {
          GIAI_ASSIGN_OR_RETURN(std::uint64_t size, tx.LedgerSize());
          return tx.LedgerAppend(size, {{size, std::string(32, 'h'), data}}, {});
        });
        if (!st.ok()) {
          ADD_FAILURE() << st.ToString();
          ++failed;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  std::set<std::string> stored;
  std::uint64_t size = 0;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(size, tx.LedgerSize());
                    GIAI_ASSIGN_OR_RETURN(auto leaves, tx.LedgerLeaves(0, 1000));
                    for (auto& leaf : leaves) stored.insert(leaf.data);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(size, static_cast<std::uint64_t>(kThreads * kAppendsPerThread));
  EXPECT_EQ(stored.size(), static_cast<std::size_t>(kThreads * kAppendsPerThread));
  // Serialised, not merely retried until they happened to pass.
  EXPECT_EQ(WriteReruns(), reruns_before);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, StoreConformance, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace giai::store

namespace giai::store {
namespace {

// What the HTTP read cache relies on (http/read_cache.h): equal versions mean no commit in
// between. A back end that cannot tell says nullopt, and then nothing is reused.
TEST_P(StoreConformance, DataVersionMovesWithEveryCommitAndOnlyThen) {
  const std::optional<std::uint64_t> first = store_->DataVersion();
  if (!first) {
    // Only PostgreSQL declines (no change signal cheaper than the reads themselves).
    EXPECT_EQ(GetParam().name, "postgresql");
    EXPECT_FALSE(store_->DataVersion().has_value());
    return;
  }
  EXPECT_EQ(store_->DataVersion(), first);
  ASSERT_TRUE(store_->Read([](Tx& tx) { return tx.GetOrganisation("org_a").status(); }).ok());
  EXPECT_EQ(store_->DataVersion(), first) << "a read is not a commit";
  ASSERT_TRUE(
      store_->Write([&](Tx& tx) { return tx.InsertRecord(Incident("inc_1", "org_a")); }).ok());
  const std::optional<std::uint64_t> second = store_->DataVersion();
  ASSERT_TRUE(second.has_value());
  EXPECT_GT(*second, *first);
  EXPECT_EQ(store_->DataVersion(), second);
}

// Another process (the CLI, a second server) writing the same SQLite file: its commit must
// move this store's version on the very next call, whichever pooled reader answers it.
TEST(SqliteDataVersion, MovesWhenAnotherConnectionCommits) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("giai-data-version-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  {
    auto mine = sqlite::SqliteStore::Create((dir / "giai.db").string(), 4);
    ASSERT_TRUE(mine.ok());
    auto theirs = sqlite::SqliteStore::Create((dir / "giai.db").string(), 1);
    ASSERT_TRUE(theirs.ok());
    // Several readers in the pool, each with its own view of `PRAGMA data_version`.
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) readers.emplace_back([&] { (void)(*mine)->DataVersion(); });
    for (auto& t : readers) t.join();
    for (int round = 0; round < 20; ++round) {
      const std::optional<std::uint64_t> before = (*mine)->DataVersion();
      ASSERT_TRUE(before.has_value());
      const std::string id = "org_" + std::to_string(round);
      ASSERT_TRUE((*theirs)
                      ->Write([&](Tx& tx) {
                        return tx.InsertOrganisation({id, id, "member", "t", "k"});
                      })
                      .ok());
      const std::optional<std::uint64_t> after = (*mine)->DataVersion();
      ASSERT_TRUE(after.has_value());
      EXPECT_GT(*after, *before) << "round " << round;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace giai::store

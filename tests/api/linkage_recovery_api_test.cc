// Linkage jobs left open by a server that died: at start-up the next server marks them failed
// with a reason (its own host's dead processes, lapsed leases, jobs from before runners were
// recorded) and leaves alone a running job whose live runner on another host keeps its lease.
// The situation is made as a crash leaves it: a real job's row, written back to storage as
// "running" under the process that was just stopped, then the server is started again.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/api/storage_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string HostName() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

json Job(const TestServer& server, const std::string& token, const std::string& id) {
  auto r = server.Client().Get("/api/v1/linkage/jobs/" + id, Bearer(token));
  EXPECT_EQ(r->status, 200) << r->body;
  return json::parse(r->body);
}

TEST(LinkageRecoveryApiTest, JobsOfADeadServerAreFailedAtStartUpAndALiveSiblingsAreKept) {
  auto first = TestServer::Start();
  ASSERT_NE(first, nullptr);
  const std::string token = first->Token("documenter@org1.demo.example");
  const std::string admin = first->Token("admin@org1.demo.example");
  auto r =
      first->Client().Post("/api/v1/linkage/jobs", Bearer(token, {{"X-Purpose", "deduplication"}}),
                           "{}", "application/json");
  ASSERT_EQ(r->status, 202) << r->body;
  const std::string real = json::parse(r->body)["id"];
  json done;
  for (int i = 0; i < 600; ++i) {
    done = Job(*first, token, real);
    if (done["status"] != "queued" && done["status"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(done["status"], "done") << done.dump();
  const int dead_pid = first->pid();
  first->Stop();

  // What storage holds after a crash: open jobs as their runners last wrote them.
  {
    auto storage = OpenStorage(*first);
    ASSERT_NE(storage, nullptr);
    store::RecordRow model;
    ASSERT_TRUE(storage
                    ->Read([&](store::Tx& tx) -> Status {
                      GIAI_ASSIGN_OR_RETURN(model, tx.GetRecord(real));
                      return Status::Ok();
                    })
                    .ok());
    json base = json::parse(model.body);
    base.erase("result");
    base.erase("finished_at");
    auto open_job = [&](const std::string& id, const std::string& status, const json& runner) {
      store::RecordRow row = model;
      row.id = id;
      row.version = 1;
      json body = base;
      body["status"] = status;
      if (!runner.is_null()) body["runner"] = runner;
      row.terms = runner.is_null() ? std::vector<std::string>{} : std::vector<std::string>{"open"};
      row.body = body.dump();
      return row;
    };
    const std::vector<store::RecordRow> rows = {
        // This host's server, killed in the middle of the run (its lease had not run out).
        open_job("lnj_crashed", "running",
                 {{"host", HostName()},
                  {"pid", dead_pid},
                  {"instance", "run_before_the_crash"},
                  {"lease_until", UnixNow() + 600}}),
        // Queued by a version that recorded no runner.
        open_job("lnj_legacy", "queued", nullptr),
        // A server on another host that stopped renewing its lease.
        open_job("lnj_lapsed", "running",
                 {{"host", "gone.invalid"},
                  {"pid", 4242},
                  {"instance", "run_gone"},
                  {"lease_until", UnixNow() - 60}}),
        // A live sibling on another host sharing the database: still renewing.
        open_job("lnj_sibling", "running",
                 {{"host", "sibling.invalid"},
                  {"pid", 4242},
                  {"instance", "run_sibling"},
                  {"lease_until", UnixNow() + 3600}})};
    ASSERT_TRUE(storage
                    ->Write([&](store::Tx& tx) -> Status {
                      for (const auto& row : rows) GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
                      return Status::Ok();
                    })
                    .ok());
  }

  TestServer::Options again;
  again.existing_data_dir = first->data_dir();
  again.database = first->database_url();
  auto second = TestServer::Start(again);
  ASSERT_NE(second, nullptr);

  const json crashed = Job(*second, token, "lnj_crashed");
  EXPECT_EQ(crashed["status"], "failed") << crashed.dump();
  EXPECT_EQ(crashed["error"], "the server stopped while the job was running");
  EXPECT_TRUE(crashed.contains("finished_at"));
  EXPECT_FALSE(crashed.contains("runner")) << "hosts and processes are not the API's business";
  const json legacy = Job(*second, token, "lnj_legacy");
  EXPECT_EQ(legacy["status"], "failed") << legacy.dump();
  EXPECT_EQ(legacy["error"], "the server stopped while the job was open");
  const json lapsed = Job(*second, token, "lnj_lapsed");
  EXPECT_EQ(lapsed["status"], "failed") << lapsed.dump();
  EXPECT_EQ(lapsed["error"], "the server running the job stopped renewing it");
  const json sibling = Job(*second, token, "lnj_sibling");
  EXPECT_EQ(sibling["status"], "running") << sibling.dump();
  EXPECT_FALSE(sibling.contains("runner"));
  EXPECT_EQ(Job(*second, token, real)["status"], "done");

  // The failure is in the trail of whoever started the job, like a run's own outcome.
  int failed_runs = 0;
  std::string cursor;
  for (int pages = 0; pages < 200; ++pages) {
    auto audit = second->Client().Get(
        "/api/v1/audit?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), Bearer(admin));
    ASSERT_EQ(audit->status, 200) << audit->body;
    const json page = json::parse(audit->body);
    for (const json& e : page["items"]) {
      if (e["action"] == "linkage.job.run" && e["outcome"] == "failed") ++failed_runs;
    }
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(failed_runs, 3);

  // A later start finds nothing more to fail, and the sibling keeps running.
  second->Stop();
  auto third = TestServer::Start(again);
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(Job(*third, token, "lnj_sibling")["status"], "running");
  third->Stop();
}

}  // namespace
}  // namespace giai::testing

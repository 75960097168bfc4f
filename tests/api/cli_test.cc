// The `giai` command line: documented exit codes and refusals, run as a real process.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/postgres_test_database.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

// The current test's PostgreSQL database (GIAI_TEST_BACKEND=postgresql), else empty.
std::string database_url;

// `giai <args>` on the current test's back end.
Outcome RunCli(const std::string& args) { return RunGiai(args, database_url); }

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/giai-cli-XXXXXX";
    root_ = mkdtemp(tmpl);
    data_ = root_ + "/data";
    if (PostgresBackendRequested()) {
      database_ = TestDatabase::Create();
      ASSERT_NE(database_, nullptr);
      database_url = database_->url();
    }
  }
  void TearDown() override {
    std::filesystem::remove_all(root_);
    database_url.clear();
    database_.reset();
  }
  std::string root_, data_;
  std::unique_ptr<TestDatabase> database_;
};

TEST_F(CliTest, InitCreatesAPrivateKeyAndPrintsTheAdminPasswordOnce) {
  Outcome init = RunCli("init --data " + data_ + " --admin-email boss@example.org");
  ASSERT_EQ(init.code, 0) << init.out;
  EXPECT_NE(init.out.find("password:"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(stat((data_ + "/keys/master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(stat(data_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
  // A second init never overwrites existing data or keys.
  EXPECT_EQ(RunCli("init --data " + data_).code, 5);
}

TEST_F(CliTest, UserAddReadsThePasswordFileAndRejectsBadInput) {
  ASSERT_EQ(RunCli("init --data " + data_).code, 0);
  std::ofstream(root_ + "/pw") << "a long enough password\n";
  Outcome ok = RunCli(
      "user add --data " + data_ +
      " --org 'Coalition Secretariat' --email d@example.org --role documenter --password-file " +
      root_ + "/pw");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_EQ(ok.out.find("password:"), std::string::npos);
  EXPECT_EQ(RunCli("user add --data " + data_ +
                   " --org 'Coalition Secretariat' --email d@example.org --role documenter")
                .code,
            5);
  EXPECT_EQ(RunCli("user add --data " + data_ +
                   " --org 'Coalition Secretariat' --email e@example.org --role root")
                .code,
            2);
  EXPECT_EQ(
      RunCli("user add --data " + data_ + " --org Nowhere --email f@example.org --role viewer")
          .code,
      3);
  std::ofstream(root_ + "/short") << "short\n";
  EXPECT_EQ(
      RunCli("user add --data " + data_ +
             " --org 'Coalition Secretariat' --email g@example.org --role viewer --password-file " +
             root_ + "/short")
          .code,
      2);
  Outcome token = RunCli("token create --data " + data_ + " --user d@example.org");
  EXPECT_EQ(token.code, 0);
  EXPECT_EQ(token.out.rfind("giai_", 0), 0u);
}

TEST_F(CliTest, ServeRefusesToStartWithoutItsKeyOrOnAnUninitialisedDirectory) {
  EXPECT_EQ(RunCli("serve --data " + data_ + " --listen 127.0.0.1:0").code, 3);
  ASSERT_EQ(RunCli("init --data " + data_).code, 0);
  chmod((data_ + "/keys/master.key").c_str(), 0644);
  Outcome loose = RunCli("serve --data " + data_ + " --listen 127.0.0.1:0");
  EXPECT_EQ(loose.code, 7);
  EXPECT_NE(loose.out.find("chmod 600"), std::string::npos);
  std::filesystem::remove(data_ + "/keys/master.key");
  EXPECT_EQ(RunCli("serve --data " + data_ + " --listen 127.0.0.1:0").code, 7);
  EXPECT_EQ(RunCli("serve --data " + data_ + " --listen nonsense").code, 2);
  EXPECT_EQ(RunCli("frobnicate").code, 2);
  EXPECT_EQ(RunCli("serve --help").code, 0);
}

TEST_F(CliTest, DatabaseOptionAcceptsOnlyPostgresUrlsAndNeverReinitialises) {
  EXPECT_EQ(RunCli("init --data " + data_ + " --database mysql://db/giai").code, 2);
  EXPECT_FALSE(std::filesystem::exists(data_ + "/keys/master.key"));
  if (database_url.empty()) return;  // the rest is about a shared PostgreSQL database
  ASSERT_EQ(RunCli("init --data " + data_).code, 0);
  // Another directory (other keys) cannot initialise over the same database.
  Outcome again = RunCli("init --data " + root_ + "/other");
  EXPECT_EQ(again.code, 5) << again.out;
  EXPECT_FALSE(std::filesystem::exists(root_ + "/other/keys/master.key"));
}

TEST_F(CliTest, KeysRotateReplacesTheMasterKeyFile) {
  ASSERT_EQ(RunCli("init --data " + data_).code, 0);
  auto read_key = [&] {
    std::ifstream in(data_ + "/keys/master.key", std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  std::string before = read_key();
  Outcome rotated = RunCli("keys rotate --data " + data_);
  ASSERT_EQ(rotated.code, 0) << rotated.out;
  std::string after = read_key();
  EXPECT_EQ(after.size(), 32u);
  EXPECT_NE(before, after);
  struct stat st {};
  ASSERT_EQ(stat((data_ + "/keys/master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(data_ + "/keys/master.key.new"));
  // The data directory keeps working under the new key.
  EXPECT_EQ(RunCli("org add --data " + data_ + " --name 'After rotation'").code, 0);
}

}  // namespace
}  // namespace giai::testing

// Passphrase mode of the master key, as real `giai` processes: init, every command and the
// server read the passphrase from a file, a descriptor or a variable (never argv); a wrong
// passphrase is a stable error that writes nothing; `keys rotate` moves between modes.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/postgres_test_database.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int code;
  std::string out;
};

class PassphraseCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/giai-pass-XXXXXX";
    root_ = mkdtemp(tmpl);
    data_ = root_ + "/data";
    if (PostgresBackendRequested()) {
      database_ = TestDatabase::Create();
      ASSERT_NE(database_, nullptr);
    }
    pass_ = Secret("pass.txt", "correct horse battery staple\n");
    wrong_ = Secret("wrong.txt", "correct horse battery stapler\n");
  }
  void TearDown() override {
    unsetenv("GIAI_PASSPHRASE_FILE");
    fs::remove_all(root_);
    database_.reset();
  }
  std::string Secret(const std::string& name, const std::string& text) {
    std::string path = root_ + "/" + name;
    std::ofstream(path) << text;
    chmod(path.c_str(), 0600);
    return path;
  }
  // Runs giai with `env` assignments before it; stdin is never a terminal here.
  Outcome Giai(const std::string& args, const std::string& env = "") {
    std::string url = database_ ? database_->url() : "";
    std::string cmd =
        env + " " + DatabaseEnvPrefix(url) + GiaiBinary() + " " + args + " 2>&1 </dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
  }
  std::string KeyFile() {
    std::ifstream in(data_ + "/keys/master.key", std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }
  std::string OrgAdd(const std::string& name) {
    return "org add --data " + data_ + " --name " + name;
  }

  std::string root_, data_, pass_, wrong_;
  std::unique_ptr<TestDatabase> database_;
};

TEST_F(PassphraseCliTest, InitWrapsTheMasterKeyUnderTheArgon2idPassphrase) {
  Outcome init = Giai("init --data " + data_ + " --passphrase-file " + pass_);
  ASSERT_EQ(init.code, 0) << init.out;
  EXPECT_NE(init.out.find("passphrase"), std::string::npos);
  std::string key = KeyFile();
  // The KDF, its parameters (>= OWASP ASVS 5 Appendix C) and the salt next to the wrapped key.
  EXPECT_EQ(
      key.rfind("giai-master-key-v1\nkdf=argon2id13\nopslimit=3\nmemlimit=268435456\nsalt=", 0), 0u)
      << key;
  EXPECT_NE(key.find("\nwrapped="), std::string::npos);
  EXPECT_EQ(key.find("correct horse"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(stat((data_ + "/keys/master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Every source of the passphrase opens it: option, file variable, descriptor, variable.
  EXPECT_EQ(Giai(OrgAdd("A") + " --passphrase-file " + pass_).code, 0);
  EXPECT_EQ(Giai(OrgAdd("B"), "GIAI_PASSPHRASE_FILE=" + pass_).code, 0);
  Outcome fd = Giai(OrgAdd("C") + " 3<" + pass_, "GIAI_PASSPHRASE_FD=3");
  EXPECT_EQ(fd.code, 0) << fd.out;
  EXPECT_EQ(Giai(OrgAdd("D"), "GIAI_PASSPHRASE='correct horse battery staple'").code, 0);
}

TEST_F(PassphraseCliTest, WrongOrMissingPassphraseFailsClearlyAndWritesNothing) {
  ASSERT_EQ(Giai("init --data " + data_ + " --passphrase-file " + pass_).code, 0);
  const std::string key_before = KeyFile();
  auto snapshot = [&] {
    std::map<std::string, std::uintmax_t> sizes;
    for (const auto& e : fs::recursive_directory_iterator(data_)) {
      if (e.is_regular_file()) sizes[e.path().string()] = e.file_size();
    }
    return sizes;
  };
  auto before = snapshot();
  Outcome wrong = Giai(OrgAdd("Nope") + " --passphrase-file " + wrong_);
  EXPECT_EQ(wrong.code, 4) << wrong.out;
  EXPECT_NE(wrong.out.find("unauthenticated"), std::string::npos) << wrong.out;
  EXPECT_NE(wrong.out.find("wrong passphrase"), std::string::npos) << wrong.out;
  Outcome missing = Giai(OrgAdd("Nope"));
  EXPECT_EQ(missing.code, 7) << missing.out;
  EXPECT_NE(missing.out.find("GIAI_PASSPHRASE_FILE"), std::string::npos) << missing.out;
  Outcome unreadable = Giai(OrgAdd("Nope") + " --passphrase-file " + root_ + "/absent");
  EXPECT_EQ(unreadable.code, 2) << unreadable.out;
  Outcome serve =
      Giai("serve --data " + data_ + " --listen 127.0.0.1:0 --passphrase-file " + wrong_);
  EXPECT_EQ(serve.code, 4) << serve.out;
  EXPECT_EQ(Giai("keys rotate --data " + data_ + " --to key-file --passphrase-file " + wrong_).code,
            4);
  EXPECT_EQ(KeyFile(), key_before);
  EXPECT_FALSE(fs::exists(data_ + "/keys/master.key.new"));
  if (!database_) {
    EXPECT_EQ(snapshot(), before);  // the SQLite files did not change
  }
  // The passphrase is never an argument: --passphrase is a flag that takes no value.
  EXPECT_EQ(Giai("init --data " + root_ + "/argv --passphrase 'correct horse battery'").code, 2);
  EXPECT_FALSE(fs::exists(root_ + "/argv/keys/master.key"));
}

TEST_F(PassphraseCliTest, AShortPassphraseIsRefusedBeforeAnythingIsCreated) {
  std::string weak = Secret("weak.txt", "hunter2\n");
  Outcome init = Giai("init --data " + data_ + " --passphrase-file " + weak);
  EXPECT_EQ(init.code, 2) << init.out;
  EXPECT_NE(init.out.find("at least 12"), std::string::npos) << init.out;
  EXPECT_FALSE(fs::exists(data_));
}

TEST_F(PassphraseCliTest, RotationMovesBetweenKeyFileAndPassphraseModes) {
  ASSERT_EQ(Giai("init --data " + data_).code, 0);
  ASSERT_EQ(KeyFile().size(), 32u);
  std::string next = Secret("next.txt", "a brand new passphrase\n");
  // A new passphrase only with --to passphrase.
  EXPECT_EQ(Giai("keys rotate --data " + data_ + " --new-passphrase-file " + next).code, 2);
  Outcome to_pass =
      Giai("keys rotate --data " + data_ + " --to passphrase --new-passphrase-file " + next);
  ASSERT_EQ(to_pass.code, 0) << to_pass.out;
  EXPECT_EQ(KeyFile().rfind("giai-master-key-v1\n", 0), 0u);
  EXPECT_EQ(Giai(OrgAdd("NoPassphrase")).code, 7);
  EXPECT_EQ(Giai(OrgAdd("WithIt") + " --passphrase-file " + next).code, 0);
  // Staying in passphrase mode changes the passphrase (and the key).
  Outcome again = Giai("keys rotate --data " + data_ + " --passphrase-file " + next,
                       "GIAI_NEW_PASSPHRASE='yet another passphrase'");
  ASSERT_EQ(again.code, 0) << again.out;
  EXPECT_EQ(Giai(OrgAdd("Old") + " --passphrase-file " + next).code, 4);
  EXPECT_EQ(Giai(OrgAdd("New"), "GIAI_PASSPHRASE='yet another passphrase'").code, 0);
  // And back to a plain key file.
  Outcome to_file = Giai("keys rotate --data " + data_ + " --to key-file",
                         "GIAI_PASSPHRASE='yet another passphrase'");
  ASSERT_EQ(to_file.code, 0) << to_file.out;
  EXPECT_EQ(KeyFile().size(), 32u);
  EXPECT_EQ(Giai(OrgAdd("Plain")).code, 0);
}

TEST_F(PassphraseCliTest, TheServerRunsInPassphraseModeAndKeepsIdentitiesReadable) {
  ASSERT_EQ(Giai("init --data " + data_ + " --passphrase-file " + pass_ +
                 " --admin-email admin@pass.example")
                .code,
            0);
  ASSERT_EQ(Giai("user add --data " + data_ +
                     " --org 'Coalition Secretariat' --email doc@pass.example --role documenter",
                 "GIAI_PASSPHRASE_FILE=" + pass_)
                .code,
            0);
  // The harness's own `giai` calls (token create) and the server inherit the variable.
  setenv("GIAI_PASSPHRASE_FILE", pass_.c_str(), 1);
  TestServer::Options options;
  options.existing_data_dir = data_;
  options.database = database_ ? database_->url() : "";
  auto server = TestServer::Start(options);
  ASSERT_NE(server, nullptr);
  std::string token = server->Token("doc@pass.example");
  auto client = server->Client();
  auto person =
      client.Post("/api/v1/persons", Bearer(token),
                  R"({"sex":"male","identity":{"full_name":"Пароль Тест"}})", "application/json");
  ASSERT_EQ(person->status, 201) << person->body;
  std::string id = json::parse(person->body)["id"];
  ASSERT_EQ(client
                .Post("/api/v1/persons/" + id + "/consents", Bearer(token),
                      R"({"given_how":"written","information_sheet_version":"1","language":"uk",
                          "scopes":{"documentation":true,"storage":true}})",
                      "application/json")
                ->status,
            201);
  auto read =
      client.Get("/api/v1/persons/" + id + "/identity", Bearer(token, {{"X-Purpose", "test"}}));
  ASSERT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(json::parse(read->body)["identity"]["full_name"], "Пароль Тест");
  server->Stop();
  unsetenv("GIAI_PASSPHRASE_FILE");
  // The passphrase is not in the server's environment dump or its log.
  std::ifstream log(data_ + "/server.log");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  EXPECT_EQ(text.find("correct horse"), std::string::npos);
}

}  // namespace
}  // namespace giai::testing

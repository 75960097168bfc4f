#include "ops/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>

namespace giai::ops {
namespace {

std::string WriteFile(const std::string& text) {
  std::string path = "/tmp/giai-config-" + std::to_string(getpid()) + ".toml";
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, FileThenEnvironmentOverrideDefaults) {
  ServerConfig c;
  std::string path = WriteFile("listen = \"0.0.0.0:9000\"\nthreads = 8\nsecure_cookies = true\n");
  ASSERT_TRUE(ApplyTomlFile(c, path, true).ok());
  EXPECT_EQ(c.address, "0.0.0.0");
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.threads, 8);
  EXPECT_TRUE(c.secure_cookies);
  std::map<std::string, std::string> env = {{"GIAI_THREADS", "2"}, {"GIAI_LOG_LEVEL", "warn"}};
  ASSERT_TRUE(ApplyEnvironment(c, [&](const char* name) -> const char* {
                auto it = env.find(name);
                return it == env.end() ? nullptr : it->second.c_str();
              }).ok());
  EXPECT_EQ(c.threads, 2);
  EXPECT_EQ(c.log_level, "warn");
  std::remove(path.c_str());
}

TEST(ConfigTest, RejectsUnknownKeysBadValuesAndBadToml) {
  ServerConfig c;
  std::string path = WriteFile("colour = \"blue\"\n");
  Status st = ApplyTomlFile(c, path, true);
  EXPECT_EQ(st.code(), Code::kInvalidInput);
  EXPECT_EQ(st.field(), "colour");
  path = WriteFile("threads = 0\n");
  EXPECT_EQ(ApplyTomlFile(c, path, true).field(), "threads");
  path = WriteFile("threads = [\n");
  EXPECT_FALSE(ApplyTomlFile(c, path, true).ok());
  EXPECT_TRUE(ApplyTomlFile(c, "/nonexistent.toml", false).ok());
  EXPECT_FALSE(ApplyTomlFile(c, "/nonexistent.toml", true).ok());
  EXPECT_FALSE(SetListen(c, "8080").ok());
  EXPECT_FALSE(SetListen(c, "host:99999").ok());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace giai::ops

// Plain helpers the HTTP suites share, each a function over a TestServer so that a suite's own
// fixture stays short and its tests still show every request: JSON calls as a user (with the
// optional X-Purpose header), problem codes, organisation ids, the usual consent record and a
// person recorded with it, walking a paginated list or the audit trail, time stamps, file
// contents, unpacking tar streams and the fictional ICC office. Suites keep their own one-line
// wrappers (with the defaults that suit them) around these.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/api/test_server.h"

namespace giai::testing {

// An RFC 3339 UTC time `seconds` from now (in the past when negative).
inline std::string InSeconds(long seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

// The whole content of a file (empty when it cannot be read).
inline std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Unpacks `tar` (the bytes of a tar stream, as a prosecutor would receive them) into the fresh
// directory `dir` with the system's tar, and returns `dir`.
inline std::filesystem::path UnpackTar(const std::string& tar, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bundle.tar", std::ios::binary) << tar;
  EXPECT_EQ(
      std::system(
          ("tar -xf '" + (dir / "bundle.tar").string() + "' -C '" + dir.string() + "'").c_str()),
      0);
  std::filesystem::remove(dir / "bundle.tar");
  return dir;
}

// The fictional ICC Office of the Prosecutor (a mechanism of recipient class icc) and its legal
// investigator, whom the sharing and case file suites add to the demo data.
inline constexpr const char* kIccOffice = "Office of the Prosecutor (fictional test)";
inline constexpr const char* kIccInvestigator = "investigator@icc.test.example";
inline void AddIccOffice(const TestServer& server) {
  server.Giai({"org", "add", "--data", server.data_dir(), "--name", kIccOffice, "--kind",
               "mechanism", "--class", "icc"});
  server.Giai({"user", "add", "--data", server.data_dir(), "--org", kIccOffice, "--email",
               kIccInvestigator, "--role", "legal"});
}

// The headers of a call as the user of `token`, declaring `purpose` (none when empty).
inline httplib::Headers AsUser(const std::string& token, const std::string& purpose) {
  if (purpose.empty()) return Bearer(token);
  return Bearer(token, {{"X-Purpose", purpose}});
}

// POST of a JSON body as the user of `token`.
inline httplib::Result PostJson(const TestServer& server, const std::string& path,
                                const nlohmann::json& body, const std::string& token,
                                const std::string& purpose = "") {
  auto client = server.Client();
  return client.Post(path, AsUser(token, purpose), body.dump(), "application/json");
}

// GET as the user of `token`.
inline httplib::Result GetAs(const TestServer& server, const std::string& path,
                             const std::string& token, const std::string& purpose = "") {
  auto client = server.Client();
  return client.Get(path, AsUser(token, purpose));
}

// The stable problem code of an error response ("" when the body has none).
inline std::string ProblemCode(const httplib::Result& r) {
  return nlohmann::json::parse(r->body).value("code", std::string());
}

// The id of the organisation the user of `token` belongs to.
inline std::string OrgIdOf(const TestServer& server, const std::string& token) {
  return nlohmann::json::parse(GetAs(server, "/api/v1/organisation", token)->body)["id"];
}

// The consent the suites record for a person: given in writing on the 2026-01 information sheet
// in English, for documentation and storage, sharing with the recipient `classes` at
// `identity_level`.
inline nlohmann::json ConsentBody(const nlohmann::json& classes,
                                  const std::string& identity_level) {
  return {{"given_how", "written"},
          {"information_sheet_version", "2026-01"},
          {"language", "en"},
          {"scopes",
           {{"documentation", true},
            {"storage", true},
            {"sharing", classes},
            {"identity_level", identity_level}}}};
}

// Records `person` (the body of POST /persons) as the user of `token` with
// ConsentBody(classes, identity_level), both declaring `purpose` (none when empty); checks that
// both are created and returns the person's id.
inline std::string NewPersonWithConsent(const TestServer& server, const std::string& token,
                                        const nlohmann::json& person, const nlohmann::json& classes,
                                        const std::string& identity_level,
                                        const std::string& purpose = "") {
  auto r = PostJson(server, "/api/v1/persons", person, token, purpose);
  EXPECT_EQ(r->status, 201) << r->body;
  const std::string id = nlohmann::json::parse(r->body)["id"];
  auto c = PostJson(server, "/api/v1/persons/" + id + "/consents",
                    ConsentBody(classes, identity_level), token, purpose);
  EXPECT_EQ(c->status, 201) << c->body;
  return id;
}

// Every item of a list walked page by page (`limit` small, to cross pages), in order.
inline std::vector<nlohmann::json> WalkList(const TestServer& server, const std::string& path,
                                            const std::string& token, int limit,
                                            const std::string& purpose = "") {
  std::vector<nlohmann::json> out;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    auto r = GetAs(
        server,
        path + sep + "limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor),
        token, purpose);
    EXPECT_EQ(r->status, 200) << r->body;
    nlohmann::json body = nlohmann::json::parse(r->body);
    for (const nlohmann::json& item : body["items"]) out.push_back(item);
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  return out;
}

// The item of `items` with this id, or nullptr.
inline const nlohmann::json* FindById(const std::vector<nlohmann::json>& items,
                                      const std::string& id) {
  for (const nlohmann::json& item : items) {
    if (item["id"] == id) return &item;
  }
  return nullptr;
}

// Whether an entry of the organisation's audit trail (read by its admin, 500 a page, no
// purpose) satisfies `match`.
inline bool AuditHolds(const TestServer& server, const std::string& admin,
                       const std::function<bool(const nlohmann::json&)>& match) {
  std::string cursor;
  for (int page = 0; page < 200; ++page) {
    auto r = GetAs(server, "/api/v1/audit?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor),
                   admin);
    EXPECT_EQ(r->status, 200);
    nlohmann::json body = nlohmann::json::parse(r->body);
    for (const nlohmann::json& e : body["items"]) {
      if (match(e)) return true;
    }
    if (body["next_cursor"].is_null()) return false;
    cursor = body["next_cursor"];
  }
  return false;
}

}  // namespace giai::testing

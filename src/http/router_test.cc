#include "http/router.h"

#include <gtest/gtest.h>

namespace giai::http {
namespace {

Route R(std::string method, std::string pattern) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  return r;
}

TEST(RouterTest, MatchesPatternsAndDecodesParameters) {
  Router router;
  router.Add(R("GET", "/api/v1/incidents"));
  router.Add(R("GET", "/api/v1/incidents/{id}"));
  router.Add(R("PATCH", "/api/v1/incidents/{id}"));
  auto m = router.Find("GET", "/api/v1/incidents/inc%5F1");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/incidents/{id}");
  EXPECT_EQ(m.params["id"], "inc_1");
  EXPECT_EQ(router.Find("GET", "/api/v1/incidents").route->pattern, "/api/v1/incidents");
}

TEST(RouterTest, ReportsAllowedMethodsAndRejectsTricks) {
  Router router;
  router.Add(R("GET", "/api/v1/incidents/{id}"));
  auto m = router.Find("DELETE", "/api/v1/incidents/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, std::vector<std::string>{"GET"});
  EXPECT_EQ(router.Find("GET", "/api/v1/incidents/a%2Fb").route, nullptr);  // encoded slash
  EXPECT_EQ(router.Find("GET", "/api/v1/incidents/a%00").route, nullptr);   // NUL
  EXPECT_EQ(router.Find("GET", "/api/v1/incidents/%zz").route, nullptr);
  EXPECT_EQ(router.Find("GET", "/api/v1/incidents/").route, nullptr);
  EXPECT_EQ(router.Find("GET", "api/v1/incidents/x").route, nullptr);
}

TEST(RouterTest, ParsesQueriesStrictly) {
  auto q = ParseQuery("country=SY&from=1999-01-01&q=a+b%20c");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)["q"], "a b c");
  EXPECT_FALSE(ParseQuery("a=1&a=2").ok());
  EXPECT_FALSE(ParseQuery("a=%G1").ok());
  EXPECT_FALSE(ParseQuery("a=%4").ok());
}

TEST(RouterTest, ReadsCookies) {
  EXPECT_EQ(CookieValue("a=1; giai_session=xyz; b=2", "giai_session"), "xyz");
  EXPECT_EQ(CookieValue("giai_sessionx=1", "giai_session"), "");
}

}  // namespace
}  // namespace giai::http

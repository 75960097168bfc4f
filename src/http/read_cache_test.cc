#include "http/read_cache.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace giai::http {
namespace {

struct Asker {
  Request request;
  Call call{request, {}, {}, {}, {}, {}};
  Asker(const std::string& user, const std::string& target, const std::string& purpose = "") {
    request.method = "GET";
    request.target = target;
    call.principal.user_id = user;
    call.info.purpose = purpose;
  }
};

// A handler that counts how often it really ran.
struct Counted {
  int runs = 0;
  Result<Response> operator()(int status = 200) {
    ++runs;
    return Response{status, {{"Content-Type", "application/json"}}, std::to_string(runs)};
  }
};

TEST(ReadCache, ReusesAnAnswerUntilTheDataVersionMoves) {
  ReadCache cache(1 << 20);
  Asker a("usr_a", "/api/v1/incidents/inc_1");
  Counted handler;
  auto run = [&] { return handler(); };
  EXPECT_EQ(cache.Answer(a.call, 5, run)->body, "1");
  EXPECT_EQ(cache.Answer(a.call, 5, run)->body, "1");
  EXPECT_EQ(handler.runs, 1);
  EXPECT_EQ(cache.Answer(a.call, 6, run)->body, "2");  // a commit happened
  EXPECT_EQ(handler.runs, 2);
}

TEST(ReadCache, NeverSharesAnAnswerBetweenUsersTargetsOrPurposes) {
  ReadCache cache(1 << 20);
  Counted handler;
  auto run = [&] { return handler(); };
  Asker a("usr_a", "/api/v1/incidents?country=SY");
  Asker b("usr_b", "/api/v1/incidents?country=SY");
  Asker other_target("usr_a", "/api/v1/incidents?country=UA");
  Asker with_purpose("usr_a", "/api/v1/incidents?country=SY", "case preparation");
  for (Asker* asker : {&a, &b, &other_target, &with_purpose}) {
    (void)cache.Answer(asker->call, 1, run);
  }
  EXPECT_EQ(handler.runs, 4);
  (void)cache.Answer(b.call, 1, run);
  EXPECT_EQ(handler.runs, 4);
}

TEST(ReadCache, DoesNotKeepAnAnswerThatLookedAtTheClock) {
  ReadCache cache(1 << 20);
  Asker a("usr_a", "/api/v1/persons/per_1");
  int runs = 0;
  auto time_bound = [&]() -> Result<Response> {
    ++runs;
    (void)NowRfc3339();  // e.g. a share's expiry decided
    return Response{200, {}, "shared"};
  };
  (void)cache.Answer(a.call, 1, time_bound);
  (void)cache.Answer(a.call, 1, time_bound);
  EXPECT_EQ(runs, 2);
}

TEST(ReadCache, DoesNotKeepFailuresOrAnonymousCalls) {
  ReadCache cache(1 << 20);
  Counted handler;
  Asker a("usr_a", "/api/v1/incidents/inc_missing");
  (void)cache.Answer(a.call, 1, [&] { return handler(404); });
  (void)cache.Answer(a.call, 1, [&] { return handler(404); });
  EXPECT_EQ(handler.runs, 2);
  auto refused = [&]() -> Result<Response> {
    ++handler.runs;
    return Status(Code::kForbidden, "no");
  };
  (void)cache.Answer(a.call, 1, refused);
  (void)cache.Answer(a.call, 1, refused);
  EXPECT_EQ(handler.runs, 4);
  Asker anonymous("", "/api/v1/incidents/inc_1");
  (void)cache.Answer(anonymous.call, 1, [&] { return handler(); });
  (void)cache.Answer(anonymous.call, 1, [&] { return handler(); });
  EXPECT_EQ(handler.runs, 6);
}

TEST(ReadCache, ZeroBytesReusesNothing) {
  ReadCache cache(0);
  Counted handler;
  Asker a("usr_a", "/api/v1/incidents/inc_1");
  (void)cache.Answer(a.call, 1, [&] { return handler(); });
  (void)cache.Answer(a.call, 1, [&] { return handler(); });
  EXPECT_EQ(handler.runs, 2);
}

}  // namespace
}  // namespace giai::http

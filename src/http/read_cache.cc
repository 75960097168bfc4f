#include "http/read_cache.h"

#include "core/clock.h"
#include "core/metrics.h"

namespace giai::http {

ReadCache::ReadCache(std::size_t max_bytes) : answers_(max_bytes) {
  Metrics::Global().SetHelp("giai_read_cache_answers_total",
                            "Answers to reusable reads: reused, computed (and kept), or "
                            "not_reusable (failed, or depended on the time)",
                            "counter");
}

namespace {

// Who asks, what, and why. The purpose is part of the key although reusable routes do not
// audit: it is the caller's statement, and two purposes never share an answer.
std::string KeyOf(const Call& call) {
  std::string key;
  key.reserve(call.principal.user_id.size() + call.request.target.size() +
              call.info.purpose.size() + 2);
  key.append(call.principal.user_id).append(1, '\n').append(call.request.target);
  key.append(1, '\n').append(call.info.purpose);
  return key;
}

std::size_t SizeOf(const Response& r) {
  std::size_t bytes = sizeof(Response) + r.body.size();
  for (const auto& [name, value] : r.headers) bytes += name.size() + value.size() + 64;
  return bytes;
}

}  // namespace

Result<Response> ReadCache::Answer(const Call& call, std::uint64_t data_version,
                                   const std::function<Result<Response>()>& compute) {
  if (!answers_.enabled() || call.principal.user_id.empty()) return compute();
  std::string key = KeyOf(call);
  if (std::shared_ptr<const Response> kept = answers_.Find(key, data_version)) {
    Metrics::Global().Increment("giai_read_cache_answers_total", {{"outcome", "reused"}});
    return *kept;
  }
  const std::uint64_t clock_reads = WallClockReadsOnThisThread();
  Result<Response> r = compute();
  const bool keep = r.ok() && r->status == 200 && r->source == nullptr &&
                    WallClockReadsOnThisThread() == clock_reads;
  Metrics::Global().Increment("giai_read_cache_answers_total",
                              {{"outcome", keep ? "computed" : "not_reusable"}});
  if (keep) answers_.Keep(std::move(key), data_version, *r, SizeOf(*r));
  return r;
}

}  // namespace giai::http

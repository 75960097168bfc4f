#include "ops/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace giai::ops {

namespace {
// A reference: copying the shared_ptr on every call cost two atomic operations per log call.
spdlog::logger& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("giai");
    // The message is already a JSON object; the pattern adds nothing around it.
    l->set_pattern("%v");
    return l;
  }();
  return *logger;
}

spdlog::level::level_enum ToSpd(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return spdlog::level::debug;
    case LogLevel::kInfo: return spdlog::level::info;
    case LogLevel::kWarn: return spdlog::level::warn;
    case LogLevel::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* Name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}
}  // namespace

void InitLogging(LogLevel minimum) { Logger().set_level(ToSpd(minimum)); }

bool LogEnabled(LogLevel level) { return Logger().should_log(ToSpd(level)); }

void Log(LogLevel level, const std::string& event, nlohmann::json fields) {
  if (!Logger().should_log(ToSpd(level))) return;  // format nothing that is not written
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  nlohmann::json line = {{"time", std::string(buf) + "." + fmt::format("{:03d}", ms.count()) + "Z"},
                         {"level", Name(level)},
                         {"event", event}};
  line.update(fields);
  Logger().log(ToSpd(level), "{}",
               line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace giai::ops

// Structured logs: one JSON object per line on stderr (spdlog), e.g.
//   {"time":"2026-11-28T18:34:08.123Z","level":"info","event":"request","request_id":"req_…",...}
// Callers pass ids, codes and numbers only: never identity, narrative, passwords or tokens.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace giai::ops {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

void InitLogging(LogLevel minimum = LogLevel::kInfo);
// Whether a line at `level` would be written: lets hot paths skip building its fields.
bool LogEnabled(LogLevel level);
void Log(LogLevel level, const std::string& event,
         nlohmann::json fields = nlohmann::json::object());

}  // namespace giai::ops

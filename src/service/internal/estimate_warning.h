// The warnings of an estimate (estimate_service.cc, estimate_records.cc), private to service/.
// Each is an object with a stable `code`, the parameters a client needs to say it in its own
// language, the `stratum` it concerns (when the table is stratified) and an English `message`
// for API users who read it as it is (docs/ESTIMATION.md "Warnings"). Example:
//   warnings.push_back(EstimateWarning("bootstrap_failures", "female", {{"count", 3}},
//                                      "3 bootstrap replicates could not be estimated"));
//   -> {"code": "bootstrap_failures", "count": 3, "stratum": "female",
//       "message": "stratum 'female': 3 bootstrap replicates could not be estimated"}
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace giai::service::internal {

inline nlohmann::json EstimateWarning(const std::string& code, const std::string& stratum,
                                      nlohmann::json params, const std::string& message) {
  nlohmann::json out = params.is_object() ? std::move(params) : nlohmann::json::object();
  out["code"] = code;
  if (!stratum.empty()) out["stratum"] = stratum;
  out["message"] = stratum.empty() ? message : "stratum '" + stratum + "': " + message;
  return out;
}

}  // namespace giai::service::internal

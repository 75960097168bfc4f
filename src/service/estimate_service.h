// EstimateService: multiple systems estimation over the API (docs/ESTIMATION.md, "In the
// server"). The caller posts a capture table — J lists (3 <= J <= 15) and the count of each
// observed capture pattern, optionally per stratum — either as JSON cells or as the CSV the CLI
// reads; the service runs the estimate engine (src/estimate/: log-linear stepwise or AIC/BIC
// selection with profile-likelihood and optional bootstrap intervals; optionally the latent-class
// sampler with a bounded number of iterations) and returns the estimate, its interval, the model,
// warnings (non-identifiable models, empty overlaps, extrapolation) and the pattern counts for an
// overlap plot.
//
// A table that cannot be read is invalid_input naming the field; a table that can be read but
// gives no honest number answers 200 with "estimate": null and the reasons, as the CLI prints
// them. Work is bounded (bootstrap replicates, sampler iterations) so a request stays short.
// No personal data is involved. Stateless and thread safe.
#pragma once

#include <nlohmann/json.hpp>

#include "access/principal.h"
#include "core/status.h"

namespace giai::service {

class EstimateService {
 public:
  static constexpr int kMaxBootstrap = 1000;
  static constexpr std::int64_t kMaxSamplerIterations = 400000;  // per chain

  Result<nlohmann::json> Estimate(const access::Principal& who, const nlohmann::json& body) const;
};

}  // namespace giai::service

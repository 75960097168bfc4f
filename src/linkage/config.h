// The linkage configuration: which fields to read, how to compare them, how to block, and the
// model, clustering, review and privacy settings. Parsed from JSON (format in docs/LINKAGE.md,
// examples in config/linkage/). Parsing is strict: an unknown key, an unknown method or
// transform, or a comparison/blocking rule naming a field that is not declared is an error with
// the offending JSON path in Status::field(), so a typo never silently changes the linkage.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(LinkageConfig c, ParseLinkageConfig(json_text));
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "linkage/blocking.h"
#include "linkage/cluster.h"
#include "linkage/compare.h"
#include "linkage/record.h"

namespace giai::linkage {

struct ModelConfig {
  int max_iterations = 200;
  std::size_t random_pairs = 200000;  // for u; 0 disables
  bool fix_u = false;
  double initial_lambda = 0.1;
  double match_probability = 0.5;  // threshold on the posterior
  bool has_threshold_weight = false;
  double threshold_weight = 0.0;  // overrides match_probability when set
  std::uint64_t seed = 1;
};

struct ReviewConfig {
  double low = 0.2;  // queue pairs with probability in [low, high)
  double high = 0.8;
};

struct PrivacyConfig {
  std::size_t bloom_bits = 512;  // per field, multiple of 64
  std::size_t hashes = 8;        // bit positions per token
  bool xor_fold = false;         // fold the filter in half (hardening)
  std::vector<double> default_thresholds = {0.9, 0.8, 0.65};
};

struct LinkageConfig {
  bool link_mode = false;  // "link": pairs across inputs only; "dedup": all pairs
  std::string id_column;
  std::vector<FieldSpec> fields;
  std::vector<ComparisonSpec> comparisons;
  std::vector<BlockingRule> blocking;
  BlockingOptions blocking_options;
  ModelConfig model;
  ClusterOptions clustering;  // threshold is filled in from the model
  ReviewConfig review;
  PrivacyConfig privacy;
  // Normalised name token -> canonical token ("bob" -> "robert"), applied to name fields.
  std::unordered_map<std::string, std::string> nicknames;
  unsigned threads = 0;
};

Result<LinkageConfig> ParseLinkageConfig(std::string_view json_text);
Result<LinkageConfig> LoadLinkageConfig(const std::string& path);

}  // namespace giai::linkage

#include "linkage/config.h"

#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <sstream>

namespace giai::linkage {
namespace {

using nlohmann::json;

Status CheckKeys(const json& object, std::initializer_list<std::string_view> allowed,
                 const std::string& path) {
  if (!object.is_object()) return InvalidInput("expected an object", path);
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || key == a;
    if (!known) return InvalidInput("unknown key '" + key + "'", path + "/" + key);
  }
  return Status::Ok();
}

// Reads object[key] into out when present, with a type check.
template <typename T>
Status Read(const json& object, const char* key, T& out, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::Ok();
  try {
    out = it->get<T>();
  } catch (const json::exception&) {
    return InvalidInput("wrong type", path + "/" + key);
  }
  return Status::Ok();
}

Result<FieldSpec> ParseField(const json& j, const std::string& path) {
  GIAI_RETURN_IF_ERROR(CheckKeys(j,
                                 {"name", "column", "type", "date_format", "age_column",
                                  "reference_date", "sort_tokens", "drop_particles"},
                                 path));
  FieldSpec f;
  std::string type = "text";
  GIAI_RETURN_IF_ERROR(Read(j, "name", f.name, path));
  GIAI_RETURN_IF_ERROR(Read(j, "column", f.column, path));
  GIAI_RETURN_IF_ERROR(Read(j, "type", type, path));
  GIAI_RETURN_IF_ERROR(Read(j, "date_format", f.date_format, path));
  GIAI_RETURN_IF_ERROR(Read(j, "age_column", f.age_column, path));
  GIAI_RETURN_IF_ERROR(Read(j, "reference_date", f.reference_date, path));
  GIAI_RETURN_IF_ERROR(Read(j, "sort_tokens", f.sort_tokens, path));
  GIAI_RETURN_IF_ERROR(Read(j, "drop_particles", f.drop_particles, path));
  if (f.name.empty()) return InvalidInput("field needs a name", path + "/name");
  if (f.column.empty()) f.column = f.name;
  Result<FieldType> parsed = ParseFieldType(type);
  if (!parsed.ok()) return InvalidInput(parsed.status().message(), path + "/type");
  f.type = *parsed;
  if (f.date_format != "edtf" && f.date_format != "yyyymmdd") {
    return InvalidInput("date_format must be edtf or yyyymmdd", path + "/date_format");
  }
  if (!f.age_column.empty() && f.reference_date.empty()) {
    return InvalidInput("age_column needs reference_date", path + "/reference_date");
  }
  return f;
}

bool Declared(const std::vector<FieldSpec>& fields, const std::string& name) {
  for (const FieldSpec& f : fields) {
    if (f.name == name) return true;
  }
  return false;
}

Result<ComparisonSpec> ParseComparison(const json& j, const std::vector<FieldSpec>& fields,
                                       const std::string& path) {
  GIAI_RETURN_IF_ERROR(CheckKeys(
      j, {"field", "method", "thresholds", "typo_level", "tf_adjust", "privacy_thresholds"}, path));
  ComparisonSpec c;
  std::string method;
  GIAI_RETURN_IF_ERROR(Read(j, "field", c.field, path));
  GIAI_RETURN_IF_ERROR(Read(j, "method", method, path));
  GIAI_RETURN_IF_ERROR(Read(j, "thresholds", c.thresholds, path));
  GIAI_RETURN_IF_ERROR(Read(j, "typo_level", c.date_typo_level, path));
  GIAI_RETURN_IF_ERROR(Read(j, "tf_adjust", c.tf_adjust, path));
  GIAI_RETURN_IF_ERROR(Read(j, "privacy_thresholds", c.privacy_thresholds, path));
  if (!Declared(fields, c.field)) {
    return InvalidInput("unknown field '" + c.field + "'", path + "/field");
  }
  Result<Method> parsed = ParseMethod(method);
  if (!parsed.ok()) return InvalidInput(parsed.status().message(), path + "/method");
  c.method = *parsed;
  return c;
}

Result<BlockingRule> ParseRule(const json& j, const std::vector<FieldSpec>& fields,
                               const std::string& path) {
  GIAI_RETURN_IF_ERROR(CheckKeys(j, {"keys", "window", "lsh"}, path));
  BlockingRule rule;
  GIAI_RETURN_IF_ERROR(Read(j, "window", rule.window, path));
  if (j.contains("lsh")) {
    const json& lsh = j["lsh"];
    GIAI_RETURN_IF_ERROR(CheckKeys(lsh, {"bands", "bits"}, path + "/lsh"));
    GIAI_RETURN_IF_ERROR(Read(lsh, "bands", rule.lsh_bands, path + "/lsh"));
    GIAI_RETURN_IF_ERROR(Read(lsh, "bits", rule.lsh_bits, path + "/lsh"));
    if (rule.lsh_bands == 0 || rule.lsh_bands > 64 || rule.lsh_bits == 0 || rule.lsh_bits > 64) {
      return InvalidInput("lsh needs bands and bits in 1..64", path + "/lsh");
    }
    if (rule.window > 0) return InvalidInput("a rule is either lsh or window", path);
  }
  auto keys = j.find("keys");
  if (keys == j.end() || !keys->is_array() || keys->empty()) {
    return InvalidInput("a blocking rule needs a non-empty keys array", path + "/keys");
  }
  for (std::size_t k = 0; k < keys->size(); ++k) {
    const std::string kp = path + "/keys/" + std::to_string(k);
    const json& key = (*keys)[k];
    GIAI_RETURN_IF_ERROR(CheckKeys(key, {"field", "transform", "length"}, kp));
    KeyPart part;
    std::string transform;
    GIAI_RETURN_IF_ERROR(Read(key, "field", part.field, kp));
    GIAI_RETURN_IF_ERROR(Read(key, "transform", transform, kp));
    GIAI_RETURN_IF_ERROR(Read(key, "length", part.length, kp));
    if (!Declared(fields, part.field)) {
      return InvalidInput("unknown field '" + part.field + "'", kp + "/field");
    }
    Result<KeyTransform> t = ParseKeyTransform(transform);
    if (!t.ok()) return InvalidInput(t.status().message(), kp + "/transform");
    part.transform = *t;
    if (part.transform == KeyTransform::kPrefix && part.length == 0) {
      return InvalidInput("prefix needs a length", kp + "/length");
    }
    rule.parts.push_back(std::move(part));
  }
  return rule;
}

Result<LinkageConfig> ParseRoot(const json& root) {
  GIAI_RETURN_IF_ERROR(
      CheckKeys(root,
                {"description", "mode", "id_column", "fields", "comparisons", "blocking", "model",
                 "clustering", "review", "privacy", "nicknames", "threads"},
                ""));
  LinkageConfig c;
  std::string mode = "dedup";
  GIAI_RETURN_IF_ERROR(Read(root, "mode", mode, ""));
  if (mode != "dedup" && mode != "link") return InvalidInput("mode must be dedup or link", "/mode");
  c.link_mode = mode == "link";
  c.blocking_options.cross_source_only = c.link_mode;
  GIAI_RETURN_IF_ERROR(Read(root, "id_column", c.id_column, ""));
  GIAI_RETURN_IF_ERROR(Read(root, "threads", c.threads, ""));
  GIAI_RETURN_IF_ERROR(Read(root, "nicknames", c.nicknames, ""));
  for (const auto& [from, to] : c.nicknames) {
    const auto plain = [](const std::string& t) {
      return !t.empty() &&
             t.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos;
    };
    if (!plain(from) || !plain(to)) {
      return InvalidInput("nicknames map lower-case ASCII tokens to tokens", "/nicknames/" + from);
    }
  }

  const json empty_array = json::array();
  const json& fields = root.contains("fields") ? root["fields"] : empty_array;
  if (!fields.is_array() || fields.empty())
    return InvalidInput("fields must be a non-empty array", "/fields");
  for (std::size_t i = 0; i < fields.size(); ++i) {
    GIAI_ASSIGN_OR_RETURN(FieldSpec f, ParseField(fields[i], "/fields/" + std::to_string(i)));
    if (Declared(c.fields, f.name)) {
      return InvalidInput("duplicate field '" + f.name + "'", "/fields/" + std::to_string(i));
    }
    c.fields.push_back(std::move(f));
  }
  const json& comparisons = root.contains("comparisons") ? root["comparisons"] : empty_array;
  if (!comparisons.is_array() || comparisons.empty()) {
    return InvalidInput("comparisons must be a non-empty array", "/comparisons");
  }
  for (std::size_t i = 0; i < comparisons.size(); ++i) {
    GIAI_ASSIGN_OR_RETURN(ComparisonSpec s, ParseComparison(comparisons[i], c.fields,
                                                            "/comparisons/" + std::to_string(i)));
    c.comparisons.push_back(std::move(s));
  }
  if (!root.contains("blocking")) return InvalidInput("blocking is required", "/blocking");
  const json& blocking = root["blocking"];
  GIAI_RETURN_IF_ERROR(CheckKeys(blocking, {"rules", "max_block_size"}, "/blocking"));
  GIAI_RETURN_IF_ERROR(
      Read(blocking, "max_block_size", c.blocking_options.max_block_size, "/blocking"));
  const json& rules = blocking.contains("rules") ? blocking["rules"] : empty_array;
  if (!rules.is_array() || rules.empty())
    return InvalidInput("blocking needs rules", "/blocking/rules");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    GIAI_ASSIGN_OR_RETURN(BlockingRule r,
                          ParseRule(rules[i], c.fields, "/blocking/rules/" + std::to_string(i)));
    c.blocking.push_back(std::move(r));
  }
  if (root.contains("model")) {
    const json& m = root["model"];
    GIAI_RETURN_IF_ERROR(CheckKeys(m,
                                   {"max_iterations", "random_pairs", "fix_u", "initial_lambda",
                                    "match_probability", "threshold_weight", "seed"},
                                   "/model"));
    GIAI_RETURN_IF_ERROR(Read(m, "max_iterations", c.model.max_iterations, "/model"));
    GIAI_RETURN_IF_ERROR(Read(m, "random_pairs", c.model.random_pairs, "/model"));
    GIAI_RETURN_IF_ERROR(Read(m, "fix_u", c.model.fix_u, "/model"));
    GIAI_RETURN_IF_ERROR(Read(m, "initial_lambda", c.model.initial_lambda, "/model"));
    GIAI_RETURN_IF_ERROR(Read(m, "match_probability", c.model.match_probability, "/model"));
    GIAI_RETURN_IF_ERROR(Read(m, "seed", c.model.seed, "/model"));
    if (m.contains("threshold_weight") && !m["threshold_weight"].is_null()) {
      c.model.has_threshold_weight = true;
      GIAI_RETURN_IF_ERROR(Read(m, "threshold_weight", c.model.threshold_weight, "/model"));
    }
    if (!(c.model.match_probability > 0.0 && c.model.match_probability < 1.0)) {
      return InvalidInput("match_probability must be in (0, 1)", "/model/match_probability");
    }
    if (!(c.model.initial_lambda > 0.0 && c.model.initial_lambda < 1.0)) {
      return InvalidInput("initial_lambda must be in (0, 1)", "/model/initial_lambda");
    }
  }
  if (root.contains("clustering")) {
    const json& k = root["clustering"];
    GIAI_RETURN_IF_ERROR(
        CheckKeys(k, {"one_per_source", "min_cohesion", "max_cluster_size"}, "/clustering"));
    GIAI_RETURN_IF_ERROR(Read(k, "one_per_source", c.clustering.one_per_source, "/clustering"));
    GIAI_RETURN_IF_ERROR(Read(k, "min_cohesion", c.clustering.min_cohesion, "/clustering"));
    GIAI_RETURN_IF_ERROR(Read(k, "max_cluster_size", c.clustering.max_cluster_size, "/clustering"));
  }
  if (root.contains("review")) {
    const json& r = root["review"];
    GIAI_RETURN_IF_ERROR(CheckKeys(r, {"low", "high"}, "/review"));
    GIAI_RETURN_IF_ERROR(Read(r, "low", c.review.low, "/review"));
    GIAI_RETURN_IF_ERROR(Read(r, "high", c.review.high, "/review"));
    if (!(c.review.low <= c.review.high)) return InvalidInput("review low > high", "/review");
  }
  if (root.contains("privacy")) {
    const json& p = root["privacy"];
    GIAI_RETURN_IF_ERROR(
        CheckKeys(p, {"bloom_bits", "hashes", "xor_fold", "default_thresholds"}, "/privacy"));
    GIAI_RETURN_IF_ERROR(Read(p, "bloom_bits", c.privacy.bloom_bits, "/privacy"));
    GIAI_RETURN_IF_ERROR(Read(p, "hashes", c.privacy.hashes, "/privacy"));
    GIAI_RETURN_IF_ERROR(Read(p, "xor_fold", c.privacy.xor_fold, "/privacy"));
    GIAI_RETURN_IF_ERROR(Read(p, "default_thresholds", c.privacy.default_thresholds, "/privacy"));
    if (c.privacy.bloom_bits == 0 || c.privacy.bloom_bits % 128 != 0 ||
        c.privacy.bloom_bits > 8192) {
      return InvalidInput("bloom_bits must be a multiple of 128 up to 8192", "/privacy/bloom_bits");
    }
    if (c.privacy.hashes == 0 || c.privacy.hashes > 32) {
      return InvalidInput("hashes must be 1..32", "/privacy/hashes");
    }
  }
  return c;
}

}  // namespace

Result<LinkageConfig> ParseLinkageConfig(std::string_view json_text) {
  json root = json::parse(json_text.begin(), json_text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return InvalidInput("configuration is not valid JSON", "config");
  return ParseRoot(root);
}

Result<LinkageConfig> LoadLinkageConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open configuration " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParseLinkageConfig(buffer.str());
}

}  // namespace giai::linkage

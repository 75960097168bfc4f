#include "service/interview_check.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "access/policy.h"
#include "core/clock.h"
#include "core/country.h"
#include "core/edtf.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "linkage/metrics.h"
#include "linkage/privacy.h"
#include "ops/log.h"
#include "service/internal/linkable_persons.h"

namespace giai::service {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxPersons = 200000;
constexpr std::size_t kMaxMatchesPerOrganisation = 10;

Result<internal::LinkablePerson> QueryPerson(const json& body) {
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  internal::LinkablePerson q;
  q.id = "query";
  for (const auto& [key, value] : body.items()) {
    if (key != "name" && key != "sex" && key != "birth" && key != "nationality") {
      return InvalidInput("unknown field", key);
    }
    if (!value.is_string()) return InvalidInput("must be a string", key);
  }
  q.name = body.value("name", "");
  if (q.name.empty() || q.name.size() > 300) {
    return InvalidInput("is required (at most 300 bytes)", "name");
  }
  q.sex = body.value("sex", "");
  if (q.sex == "unknown") q.sex.clear();
  if (!q.sex.empty() && q.sex != "female" && q.sex != "male" && q.sex != "intersex") {
    return InvalidInput("must be female, male, intersex or unknown", "sex");
  }
  q.birth = body.value("birth", "");
  if (!q.birth.empty() && !ParseEdtf(q.birth).ok()) {
    return InvalidInput("must be an EDTF date such as 1980-05-12 or 1980~", "birth");
  }
  q.nationality = body.value("nationality", "");
  if (!q.nationality.empty() && !IsCountryCode(q.nationality)) {
    return InvalidInput("must be an ISO 3166-1 alpha-2 code", "nationality");
  }
  return q;
}

struct Holder {
  store::OrganisationRow organisation;
  std::vector<std::string> contacts;
  std::vector<std::pair<std::string, std::string>> persons;  // (id, pseudonym) in table order
};

// Agreement of two encoded values: keyed hashes first, then the Dice of their Bloom filters.
std::string Agreement(const std::string& a, const std::vector<std::uint64_t>& a_bloom,
                      const std::string& b, const std::vector<std::uint64_t>& b_bloom) {
  if (a.empty() || b.empty()) return "missing";
  if (a == b) return "agree";
  if (!a_bloom.empty() && a_bloom.size() == b_bloom.size()) {
    const double dice = linkage::DiceCoefficient(a_bloom.data(), b_bloom.data(), a_bloom.size());
    // One shared token of five (a year against a full date) gives about 0.33; unrelated tokens
    // only collide on a few bits (about 0.03 for a year against a full date).
    if (dice >= 0.25) return "partial";
  }
  return "disagree";
}

std::vector<std::uint64_t> BloomOf(const linkage::Column& column, std::size_t row) {
  const auto* first = column.bloom.data() + row * column.bloom_words;
  return std::vector<std::uint64_t>(first, first + column.bloom_words);
}

}  // namespace

Result<std::string> InterviewCheckService::LoadOrCreateSecret(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    const std::string tmp = path + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      std::filesystem::permissions(
          tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      const std::string raw = crypto::RandomBytes(32);
      out << crypto::ToHex(std::span<const std::uint8_t>(
                 reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()))
          << "\n";
      out.flush();
      if (!out) return Unavailable("cannot write the consortium linkage key");
    }
    std::filesystem::rename(tmp, path);
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return NotFound("no linkage key at " + path);
  if ((st.st_mode & 077) != 0) {
    return Forbidden("the linkage key must not be readable by group or others");
  }
  std::ifstream in(path);
  std::string secret;
  std::getline(in, secret);
  if (secret.size() < 32) return InvalidInput("the linkage key is too short (32 hex digits)");
  return secret;
}

Result<json> InterviewCheckService::Check(const access::Principal& who,
                                          const access::RequestInfo& request, const json& body,
                                          long* retry_after) {
  if (!access::AllowsLinkage(who, access::LinkageAction::kCheckInterviewed)) {
    return Forbidden(
        "role " + std::string(access::RoleName(who.role)) + " may not " +
        std::string(access::LinkageActionName(access::LinkageAction::kCheckInterviewed)));
  }
  if (request.purpose.empty()) {
    return InvalidInput("the check compares identities: it needs a purpose (X-Purpose header)",
                        "X-Purpose");
  }
  GIAI_ASSIGN_OR_RETURN(internal::LinkablePerson query, QueryPerson(body));
  if (const long wait = limiter_.Take(who.user_id); wait > 0) {
    if (retry_after != nullptr) *retry_after = wait;
    return Status(Code::kRateLimited, "too many interview checks; try again later");
  }
  std::shared_ptr<const Encodings> cached;
  {
    std::lock_guard lock(mu_);
    cached = cache_;
  }
  const internal::ReusePredicate reuse = [&cached](const std::string& id, std::int64_t version,
                                                   std::int64_t identity_version) {
    auto it = cached->find(id);
    return it != cached->end() && it->second.version == version &&
           it->second.identity_version == identity_version;
  };

  // The other organisations' shareable persons; identities opened in memory only, and only for
  // persons whose encodings are not cached for their current version.
  std::vector<Holder> holders;
  std::vector<internal::LinkablePerson> others;
  std::vector<std::size_t> holder_of;  // per entry of `others`
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    holders.clear();
    others.clear();
    holder_of.clear();
    GIAI_ASSIGN_OR_RETURN(std::vector<store::OrganisationRow> orgs, tx.ListOrganisations());
    for (store::OrganisationRow& org : orgs) {
      if (org.id == who.org_id) continue;
      GIAI_ASSIGN_OR_RETURN(
          internal::LinkablePersons found,
          internal::CollectLinkablePersons(
              tx, identities_, org.id, {},
              {Purpose::kSharing, Recipient::kNgoPartner, IdentityLevel::kPseudonymous},
              kMaxPersons, reuse));
      if (found.persons.empty()) continue;
      Holder h;
      GIAI_ASSIGN_OR_RETURN(std::vector<store::UserRow> users, tx.ListUsers(org.id));
      for (const store::UserRow& u : users) {
        if (u.role == "admin" && !u.disabled) h.contacts.push_back(u.email);
      }
      h.organisation = std::move(org);
      for (internal::LinkablePerson& p : found.persons) {
        h.persons.emplace_back(p.id, p.pseudonym);
        holder_of.push_back(holders.size());
        others.push_back(std::move(p));
      }
      holders.push_back(std::move(h));
    }
    return Status::Ok();
  }));

  // Encode the query and the persons not cached, in one table; then every comparison reads
  // encodings only. The next cache holds exactly the persons eligible now.
  auto next = std::make_shared<Encodings>();
  next->reserve(others.size());
  Encoding asked;
  std::size_t encoded = 0;
  {
    std::vector<internal::LinkablePerson> fresh = {query};
    std::vector<std::size_t> fresh_index;  // position in `others` of fresh[1...]
    for (std::size_t i = 0; i < others.size(); ++i) {
      if (others[i].reused) continue;
      fresh_index.push_back(i);
      fresh.push_back(others[i]);
      std::fill(others[i].name.begin(), others[i].name.end(), '\0');
      others[i].name.clear();
    }
    linkage::CsvTable input = internal::ToLinkageInput(fresh);
    const linkage::LinkageConfig& config = internal::PersonLinkageConfig();
    linkage::BuildOptions build;
    build.id_column = "id";
    build.threads = 1;
    Result<linkage::Table> table = linkage::BuildTable(config.fields, {&input}, build);
    internal::Wipe(fresh, input);
    query.name.assign(query.name.size(), '\0');
    if (!table.ok())
      return Status(table.status().code(), "encoding failed: " + table.status().message());
    GIAI_ASSIGN_OR_RETURN(linkage::BloomEncoder encoder,
                          linkage::BloomEncoder::Create(secret_, config.privacy));
    GIAI_RETURN_IF_ERROR(linkage::EncodeForPrivacy(*table, encoder));
    const auto& names = table->columns[static_cast<std::size_t>(table->FieldIndex("name"))];
    const auto& sexes = table->columns[static_cast<std::size_t>(table->FieldIndex("sex"))];
    const auto& births = table->columns[static_cast<std::size_t>(table->FieldIndex("birth"))];
    auto encoding_of = [&](std::size_t row) {
      Encoding e;
      e.name = BloomOf(names, row);
      e.sex = std::string(sexes.text.Get(row));
      e.sex_bloom = BloomOf(sexes, row);
      e.birth = std::string(births.text.Get(row));
      e.birth_bloom = BloomOf(births, row);
      return e;
    };
    asked = encoding_of(0);
    for (std::size_t k = 0; k < fresh_index.size(); ++k) {
      const internal::LinkablePerson& p = others[fresh_index[k]];
      Encoding e = encoding_of(k + 1);
      e.version = p.version;
      e.identity_version = p.identity_version;
      next->emplace(p.id, std::move(e));
    }
    encoded = fresh_index.size();
  }
  for (const internal::LinkablePerson& p : others) {
    if (p.reused) next->emplace(p.id, cached->at(p.id));
  }

  json out = {{"organisations_checked", holders.size()},
              {"encodings_compared", others.size()},
              {"matches", json::array()}};
  std::vector<std::pair<std::size_t, std::size_t>> matched;  // (index in others, holder)
  std::vector<json> evidence;
  for (std::size_t i = 0; i < others.size(); ++i) {
    const Encoding& e = next->at(others[i].id);
    const double dice = linkage::DiceCoefficient(asked.name.data(), e.name.data(), e.name.size());
    if (dice < kNameThreshold) continue;
    const std::string sex_agreement = Agreement(asked.sex, asked.sex_bloom, e.sex, e.sex_bloom);
    const std::string birth_agreement =
        Agreement(asked.birth, asked.birth_bloom, e.birth, e.birth_bloom);
    if (sex_agreement == "disagree" || birth_agreement == "disagree") continue;
    matched.emplace_back(i, holder_of[i]);
    evidence.push_back({{"name_similarity", std::round(dice * 1000.0) / 1000.0},
                        {"sex", sex_agreement},
                        {"birth", birth_agreement}});
  }
  {
    std::lock_guard lock(mu_);
    cache_ = std::move(next);
  }
  ops::Log(ops::LogLevel::kInfo, "interview check",
           {{"encodings", others.size()}, {"encoded", encoded}});

  // Group by organisation, best first; audit in both organisations' trails.
  std::map<std::size_t, std::vector<std::size_t>> by_holder;  // holder -> indexes in `matched`
  for (std::size_t m = 0; m < matched.size(); ++m) by_holder[matched[m].second].push_back(m);
  std::vector<store::AuditRow> events;
  events.push_back(access::AuditEvent(who, "linkage.interview_check", "", request));
  for (auto& [h, indexes] : by_holder) {
    std::sort(indexes.begin(), indexes.end(), [&](std::size_t x, std::size_t y) {
      return evidence[x]["name_similarity"].get<double>() >
             evidence[y]["name_similarity"].get<double>();
    });
    if (indexes.size() > kMaxMatchesPerOrganisation) indexes.resize(kMaxMatchesPerOrganisation);
    const Holder& holder = holders[h];
    json matches = json::array();
    for (std::size_t m : indexes) {
      // The holder's index of persons parallels `others` within the holder.
      std::size_t offset = matched[m].first;
      for (std::size_t k = 0; k < h; ++k) offset -= holders[k].persons.size();
      const auto& [person_id, pseudonym] = holder.persons[offset];
      json item = evidence[m];
      item["reference"] = pseudonym;
      matches.push_back(item);
      store::AuditRow event =
          access::AuditEvent(who, "linkage.interview_check.matched", person_id, request);
      event.org_id = holder.organisation.id;  // the holder's trail: they learn they were asked
      events.push_back(std::move(event));
    }
    out["matches"].push_back({{"organisation_id", holder.organisation.id},
                              {"organisation_name", holder.organisation.name},
                              {"contacts", holder.contacts},
                              {"persons", matches}});
  }
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    for (const store::AuditRow& e : events) GIAI_RETURN_IF_ERROR(tx.AppendAudit(e));
    return Status::Ok();
  }));
  return out;
}

}  // namespace giai::service

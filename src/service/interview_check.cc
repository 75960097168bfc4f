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

std::string Agreement(const linkage::Column& column, std::size_t a, std::size_t b) {
  const bool missing_a = column.text.Get(a).empty(), missing_b = column.text.Get(b).empty();
  if (missing_a || missing_b) return "missing";
  if (column.text.Get(a) == column.text.Get(b)) return "agree";
  if (column.bloom_words > 0) {
    const double dice =
        linkage::DiceCoefficient(&column.bloom[a * column.bloom_words],
                                 &column.bloom[b * column.bloom_words], column.bloom_words);
    // One shared token of five (a year against a full date) gives about 0.33; unrelated tokens
    // only collide on a few bits (about 0.03 for a year against a full date).
    if (dice >= 0.25) return "partial";
  }
  return "disagree";
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
                                          const access::RequestInfo& request,
                                          const json& body) const {
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

  // The other organisations' shareable persons, identities in memory only.
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
              kMaxPersons));
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

  json out = {{"organisations_checked", holders.size()},
              {"encodings_compared", others.size()},
              {"matches", json::array()}};
  std::vector<std::pair<std::size_t, std::size_t>> matched;  // (index in others, holder)
  std::vector<json> evidence;
  if (!others.empty()) {
    // Both sides become encodings before anything is compared.
    std::vector<internal::LinkablePerson> mine = {query};
    linkage::CsvTable query_table = internal::ToLinkageInput(mine);
    linkage::CsvTable others_table = internal::ToLinkageInput(others);
    const linkage::LinkageConfig& config = internal::PersonLinkageConfig();
    linkage::BuildOptions build;
    build.id_column = "id";
    build.threads = 1;
    Result<linkage::Table> table =
        linkage::BuildTable(config.fields, {&query_table, &others_table}, build);
    internal::Wipe(mine, query_table);
    internal::Wipe(others, others_table);
    query.name.assign(query.name.size(), '\0');
    if (!table.ok())
      return Status(table.status().code(), "encoding failed: " + table.status().message());
    GIAI_ASSIGN_OR_RETURN(linkage::BloomEncoder encoder,
                          linkage::BloomEncoder::Create(secret_, config.privacy));
    GIAI_RETURN_IF_ERROR(linkage::EncodeForPrivacy(*table, encoder));
    const int name = table->FieldIndex("name"), sex = table->FieldIndex("sex"),
              birth = table->FieldIndex("birth");
    const linkage::Column& names = table->columns[static_cast<std::size_t>(name)];
    const std::size_t words = names.bloom_words;
    for (std::size_t i = 1; i < table->size(); ++i) {
      const double dice = linkage::DiceCoefficient(&names.bloom[0], &names.bloom[i * words], words);
      if (dice < kNameThreshold) continue;
      const std::string sex_agreement =
          Agreement(table->columns[static_cast<std::size_t>(sex)], 0, i);
      const std::string birth_agreement =
          Agreement(table->columns[static_cast<std::size_t>(birth)], 0, i);
      if (sex_agreement == "disagree" || birth_agreement == "disagree") continue;
      matched.emplace_back(i - 1, holder_of[i - 1]);
      evidence.push_back({{"name_similarity", std::round(dice * 1000.0) / 1000.0},
                          {"sex", sex_agreement},
                          {"birth", birth_agreement}});
    }
  }

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

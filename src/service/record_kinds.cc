#include "service/record_kinds.h"

#include <chrono>
#include <regex>

#include "access/policy.h"
#include "core/clock.h"
#include "service/consent_service.h"
#include "service/internal/json_fields.h"

namespace giai::service {

namespace {

using internal::CountryField;
using internal::Date;
using internal::ExpectOnly;
using internal::Flag;
using internal::OneOf;
using internal::Text;
using internal::TextList;
using nlohmann::json;

constexpr std::size_t kShort = 300;

// A reference to another record must name one of the caller's records of the right kind.
// Anything else is "unknown", whether it does not exist or belongs to someone else.
Status RefersTo(ValidationContext& ctx, const std::string& id, std::string_view kind,
                const std::string& field) {
  Result<store::RecordRow> row = ctx.tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != kind ||
      !access::CanSee(ctx.principal, row->org_id, row->compartment_id)) {
    return InvalidInput("unknown " + std::string(kind) + " " + id, field);
  }
  return Status::Ok();
}

void SetDates(Derived& d, const std::optional<Edtf>& date) {
  if (!date) return;
  d.earliest = date->earliest;
  d.latest = date->latest;
}

Status ValidateIncident(const json& body, Derived& d, ValidationContext&) {
  GIAI_RETURN_IF_ERROR(ExpectOnly(
      body, {"title", "date", "country", "admin_area", "location", "status", "conflict"}));
  GIAI_RETURN_IF_ERROR(Text(body, "title", true, 500).status());
  GIAI_ASSIGN_OR_RETURN(std::optional<Edtf> date, Date(body, "date", true));
  SetDates(d, date);
  GIAI_ASSIGN_OR_RETURN(d.country, CountryField(body, "country", true));
  GIAI_RETURN_IF_ERROR(Text(body, "admin_area", false, kShort).status());
  GIAI_RETURN_IF_ERROR(OneOf(body, "status", {"past", "ongoing", "threatened"}, "past").status());
  GIAI_RETURN_IF_ERROR(
      OneOf(body, "conflict", {"international", "non_international", "none", "unknown"}, "unknown")
          .status());
  if (auto it = body.find("location"); it != body.end() && !it->is_null()) {
    GIAI_RETURN_IF_ERROR(ExpectOnly(*it, {"lat", "lon", "precision_m"}, "location"));
    auto number = [&](const char* name, double lo, double hi) -> Status {
      auto v = it->find(name);
      if (v == it->end() || !v->is_number() || v->get<double>() < lo || v->get<double>() > hi) {
        return InvalidInput(
            "must be a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]",
            std::string("location.") + name);
      }
      return Status::Ok();
    };
    GIAI_RETURN_IF_ERROR(number("lat", -90, 90));
    GIAI_RETURN_IF_ERROR(number("lon", -180, 180));
    if (it->contains("precision_m")) GIAI_RETURN_IF_ERROR(number("precision_m", 0, 2.1e7));
  }
  return Status::Ok();
}

Status ValidateAct(const json& body, Derived& d, ValidationContext& ctx) {
  GIAI_RETURN_IF_ERROR(
      ExpectOnly(body, {"incident_id", "act_type", "date", "victims", "perpetrators",
                        "qualifications", "gender_based", "methods", "consequences"}));
  GIAI_ASSIGN_OR_RETURN(std::string incident_id, Text(body, "incident_id", true, 64));
  GIAI_RETURN_IF_ERROR(RefersTo(ctx, incident_id, "incident", "incident_id"));
  GIAI_ASSIGN_OR_RETURN(store::RecordRow incident, ctx.tx.GetRecord(incident_id));
  d.parent_id = incident_id;
  d.country = incident.country;
  d.earliest = incident.earliest;
  d.latest = incident.latest;
  GIAI_ASSIGN_OR_RETURN(std::optional<Edtf> date, Date(body, "date", false));
  SetDates(d, date);

  GIAI_ASSIGN_OR_RETURN(std::string act_type, Text(body, "act_type", true, 32));
  if (!ctx.vocabulary.FindActType(act_type)) {
    return InvalidInput("unknown act type (HURIDOCS types of acts)", "act_type");
  }
  d.terms.push_back("act_type:" + act_type);

  const json victims = body.value("victims", json::array());
  if (!victims.is_array() || victims.empty() || victims.size() > 10000) {
    return InvalidInput("must list at least one victim (a person or a group)", "victims");
  }
  for (std::size_t i = 0; i < victims.size(); ++i) {
    std::string where = "victims[" + std::to_string(i) + "]";
    const json& v = victims[i];
    GIAI_RETURN_IF_ERROR(ExpectOnly(v, {"person_id", "group", "count"}, where));
    GIAI_ASSIGN_OR_RETURN(std::string person, Text(v, "person_id", false, 64, where));
    GIAI_ASSIGN_OR_RETURN(std::string group, Text(v, "group", false, kShort, where));
    if (person.empty() == group.empty()) {
      return InvalidInput("needs either person_id or group", where);
    }
    if (!person.empty()) {
      GIAI_RETURN_IF_ERROR(RefersTo(ctx, person, "person", where + ".person_id"));
      d.terms.push_back("victim:" + person);
    } else if (!v.contains("count") || !v["count"].is_number_integer() ||
               v["count"].get<std::int64_t>() < 1) {
      return InvalidInput("a group needs a positive integer count", where + ".count");
    }
  }

  const json perpetrators = body.value("perpetrators", json::array());
  if (!perpetrators.is_array() || perpetrators.size() > 1000) {
    return InvalidInput("must be a list", "perpetrators");
  }
  for (std::size_t i = 0; i < perpetrators.size(); ++i) {
    std::string where = "perpetrators[" + std::to_string(i) + "]";
    const json& p = perpetrators[i];
    GIAI_RETURN_IF_ERROR(ExpectOnly(p, {"person_id", "unit_id", "involvement"}, where));
    GIAI_ASSIGN_OR_RETURN(std::string person, Text(p, "person_id", false, 64, where));
    GIAI_ASSIGN_OR_RETURN(std::string unit, Text(p, "unit_id", false, 64, where));
    if (person.empty() && unit.empty()) return InvalidInput("needs person_id or unit_id", where);
    if (!person.empty()) {
      GIAI_RETURN_IF_ERROR(RefersTo(ctx, person, "person", where + ".person_id"));
      d.terms.push_back("perpetrator:" + person);
    }
    if (!unit.empty()) {
      GIAI_RETURN_IF_ERROR(RefersTo(ctx, unit, "unit", where + ".unit_id"));
      d.terms.push_back("perpetrator:" + unit);
    }
    GIAI_ASSIGN_OR_RETURN(std::string involvement, Text(p, "involvement", false, 32, where));
    if (!involvement.empty() && !ctx.vocabulary.FindInvolvement(involvement)) {
      return InvalidInput("unknown degree of involvement", where + ".involvement");
    }
  }

  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> crimes, TextList(body, "qualifications", 50, 64));
  for (std::size_t i = 0; i < crimes.size(); ++i) {
    const Crime* crime = ctx.vocabulary.FindCrime(crimes[i]);
    std::string where = "qualifications[" + std::to_string(i) + "]";
    if (!crime) return InvalidInput("unknown crime id " + crimes[i], where);
    if (!crime->InForce()) return InvalidInput("this provision is not in force", where);
    d.terms.push_back("crime:" + crimes[i]);
    d.terms.push_back("category:" + crime->category);
  }
  GIAI_ASSIGN_OR_RETURN(bool gender_based, Flag(body, "gender_based", false));
  if (gender_based) d.terms.push_back("gender_based");
  GIAI_RETURN_IF_ERROR(TextList(body, "methods", 50, kShort).status());
  GIAI_RETURN_IF_ERROR(TextList(body, "consequences", 50, kShort).status());
  return Status::Ok();
}

Status ValidatePerson(const json& body, Derived& d, ValidationContext&) {
  GIAI_RETURN_IF_ERROR(
      ExpectOnly(body, {"sex", "gender", "birth", "nationality", "groups", "minor"}));
  GIAI_RETURN_IF_ERROR(Flag(body, "minor", false).status());
  GIAI_ASSIGN_OR_RETURN(std::string sex,
                        OneOf(body, "sex", {"female", "male", "intersex", "unknown"}, "unknown"));
  d.terms.push_back("sex:" + sex);
  GIAI_RETURN_IF_ERROR(Text(body, "gender", false, 100).status());
  GIAI_ASSIGN_OR_RETURN(std::optional<Edtf> birth, Date(body, "birth", false));
  SetDates(d, birth);
  GIAI_ASSIGN_OR_RETURN(d.country, CountryField(body, "nationality", false));
  GIAI_RETURN_IF_ERROR(TextList(body, "groups", 20, kShort).status());
  return Status::Ok();
}

Status ValidateUnit(const json& body, Derived& d, ValidationContext& ctx) {
  GIAI_RETURN_IF_ERROR(
      ExpectOnly(body, {"name", "unit_type", "country", "parent_unit_id", "commanders"}));
  GIAI_RETURN_IF_ERROR(Text(body, "name", true, kShort).status());
  GIAI_RETURN_IF_ERROR(
      OneOf(body, "unit_type",
            {"armed_group", "military_unit", "police", "state_organ", "company", "other"}, "")
          .status());
  GIAI_ASSIGN_OR_RETURN(d.country, CountryField(body, "country", false));
  GIAI_ASSIGN_OR_RETURN(d.parent_id, Text(body, "parent_unit_id", false, 64));
  if (!d.parent_id.empty()) {
    GIAI_RETURN_IF_ERROR(RefersTo(ctx, d.parent_id, "unit", "parent_unit_id"));
  }
  const json commanders = body.value("commanders", json::array());
  if (!commanders.is_array() || commanders.size() > 200) {
    return InvalidInput("must be a list", "commanders");
  }
  for (std::size_t i = 0; i < commanders.size(); ++i) {
    std::string where = "commanders[" + std::to_string(i) + "]";
    GIAI_RETURN_IF_ERROR(ExpectOnly(commanders[i], {"person_id", "period", "rank"}, where));
    GIAI_ASSIGN_OR_RETURN(std::string person, Text(commanders[i], "person_id", true, 64, where));
    GIAI_RETURN_IF_ERROR(RefersTo(ctx, person, "person", where + ".person_id"));
    GIAI_RETURN_IF_ERROR(Date(commanders[i], "period", false, where).status());
    GIAI_RETURN_IF_ERROR(Text(commanders[i], "rank", false, 100, where).status());
    d.terms.push_back("commander:" + person);
  }
  return Status::Ok();
}

// A person is treated as a child if flagged so, or if their recorded birth date allows them to
// be under 18 today (the latest possible birth day is less than 18 years ago).
Result<bool> IsMinor(const store::RecordRow& person) {
  json body = json::parse(person.body);
  if (body.value("minor", false)) return true;
  if (!person.latest) return false;
  using namespace std::chrono;
  year_month_day today{floor<days>(WallNow())};
  std::int64_t cutoff =
      DayFromCivil(static_cast<int>(today.year()) - 18, static_cast<unsigned>(today.month()),
                   std::min(28u, static_cast<unsigned>(today.day())));
  return *person.latest > cutoff;
}

Status ValidateTestimony(const json& body, Derived& d, ValidationContext& ctx) {
  GIAI_RETURN_IF_ERROR(
      ExpectOnly(body, {"person_id", "taken_by", "date", "language", "interpreter", "incident_ids",
                        "source_type", "status", "referral", "reinterview_justification"}));
  GIAI_ASSIGN_OR_RETURN(d.parent_id, Text(body, "person_id", true, 64));
  GIAI_RETURN_IF_ERROR(RefersTo(ctx, d.parent_id, "person", "person_id"));
  GIAI_ASSIGN_OR_RETURN(std::string taken_by, Text(body, "taken_by", false, 64));
  if (!taken_by.empty()) {
    Result<store::UserRow> user = ctx.tx.GetUser(taken_by);
    if (!user.ok() || user->org_id != ctx.principal.org_id) {
      return InvalidInput("unknown user", "taken_by");
    }
  }
  GIAI_ASSIGN_OR_RETURN(std::optional<Edtf> date, Date(body, "date", true));
  SetDates(d, date);
  GIAI_ASSIGN_OR_RETURN(std::string language, Text(body, "language", true, 35));
  static const std::regex kBcp47("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
  if (!std::regex_match(language, kBcp47)) {
    return InvalidInput("must be a BCP 47 language tag such as fr or ar-SY", "language");
  }
  GIAI_RETURN_IF_ERROR(Text(body, "interpreter", false, kShort).status());
  GIAI_RETURN_IF_ERROR(OneOf(body, "source_type",
                             {"interview", "written_statement", "document", "other"}, "interview")
                           .status());
  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> incidents,
                        TextList(body, "incident_ids", 100, 64));
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    GIAI_RETURN_IF_ERROR(
        RefersTo(ctx, incidents[i], "incident", "incident_ids[" + std::to_string(i) + "]"));
    d.terms.push_back("incident:" + incidents[i]);
  }
  GIAI_ASSIGN_OR_RETURN(std::string status, OneOf(body, "status", {"draft", "final"}, "draft"));
  GIAI_ASSIGN_OR_RETURN(std::string justification,
                        Text(body, "reinterview_justification", false, 2000));

  // Trauma-aware rules (the protection requirements): a testimony is not final until the
  // person was offered support, and a referral is recorded either way.
  auto referral = body.find("referral");
  bool has_referral = referral != body.end() && !referral->is_null();
  if (has_referral) {
    GIAI_RETURN_IF_ERROR(ExpectOnly(*referral, {"status", "service"}, "referral"));
    GIAI_RETURN_IF_ERROR(OneOf(*referral, "status",
                               {"offered", "accepted", "declined", "unavailable"}, "", "referral")
                             .status());
    GIAI_RETURN_IF_ERROR(
        OneOf(*referral, "service",
              {"medical", "psychosocial", "legal", "shelter", "livelihood", "other", "none"},
              "none", "referral")
            .status());
  }
  if (status == "final" && !has_referral) {
    return InvalidInput("a testimony is final only with its referral section", "referral");
  }

  // A child's testimony needs the guardian's consent and the child's own assent.
  GIAI_ASSIGN_OR_RETURN(store::RecordRow person, ctx.tx.GetRecord(d.parent_id));
  GIAI_ASSIGN_OR_RETURN(bool minor, IsMinor(person));
  if (minor) {
    GIAI_ASSIGN_OR_RETURN(std::optional<Consent> consent,
                          LatestConsent(ctx.tx, person.org_id, person.id));
    if (!consent || consent->withdrawn || consent->given_how != "guardian" ||
        !consent->child_assent) {
      return Status(Code::kConsentDenied,
                    "this person may be under 18: record the guardian's consent and the child's "
                    "assent before saving a testimony",
                    "person_id");
    }
  }

  // No needless re-interviewing: a second testimony of the same person needs a reason.
  if (ctx.creating && justification.empty()) {
    store::RecordQuery q;
    q.kind = "testimony";
    q.org_id = ctx.principal.org_id;
    q.compartments = ctx.principal.compartments;
    q.parent_id = d.parent_id;
    q.limit = 10;
    GIAI_ASSIGN_OR_RETURN(auto existing, ctx.tx.ListRecords(q));
    if (!existing.empty()) {
      std::string ids;
      for (const auto& t : existing) ids += (ids.empty() ? "" : ", ") + t.id;
      return Status(Code::kConflict,
                    "this person already gave a testimony (" + ids +
                        "); read it first, and give reinterview_justification to proceed",
                    "reinterview_justification");
    }
  }
  return Status::Ok();
}

}  // namespace

const std::vector<KindSpec>& Kinds() {
  static const std::vector<KindSpec> kKinds = {
      {"incident", "inc", "incidents", true, false, &ValidateIncident},
      {"act", "act", "acts", true, false, &ValidateAct},
      {"person", "per", "persons", false, true, &ValidatePerson},
      {"unit", "unt", "units", false, false, &ValidateUnit},
      {"testimony", "tst", "testimonies", true, false, &ValidateTestimony},
  };
  return kKinds;
}

const KindSpec* FindKindByCollection(std::string_view collection) {
  for (const KindSpec& k : Kinds()) {
    if (k.collection == collection) return &k;
  }
  return nullptr;
}

const KindSpec* FindKind(std::string_view kind) {
  for (const KindSpec& k : Kinds()) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

}  // namespace giai::service

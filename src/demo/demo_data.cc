#include "demo/demo_data.h"

#include <chrono>
#include <random>

#include "access/policy.h"
#include "cases/matrix.h"
#include "core/clock.h"
#include "crypto/hash.h"
#include "demo/demo_grants.h"

namespace giai::demo {

namespace {

using nlohmann::json;

const std::vector<std::string> kArabicGiven = {"محمد",    "أحمد", "فاطمة", "عائشة", "علي",  "حسن",
                                               "خديجة",   "يوسف", "مريم",  "عمر",   "زينب", "سارة",
                                               "إبراهيم", "ليلى", "خالد",  "نور"};
const std::vector<std::string> kArabicFamily = {"الحسن", "العلي",  "الخطيب", "حداد",
                                                "السيد", "الأحمد", "النجار", "الشامي"};
const std::vector<std::string> kLatinGiven = {"Amina", "Olena", "Dmytro",  "Marie",
                                              "Jean",  "Ivan",  "Natalia", "Samir",
                                              "Leila", "Yusuf", "Oksana",  "Andriy"};
const std::vector<std::string> kLatinFamily = {"Kovalenko",  "Haddad", "Shevchenko", "Martin",
                                               "Bondarenko", "Khalil", "Dubois",     "Melnyk"};

struct Country {
  std::string code;
  std::vector<std::string> places;
  bool arabic_names;
  std::string conflict;
};
const std::vector<Country> kCountries = {
    {"SY", {"Tell Amar", "Wadi Safa", "Al-Nur", "Jabal Zaytun"}, true, "non_international"},
    {"UA", {"Zelenyi Hai", "Bilyi Yar", "Stepove", "Richka"}, false, "international"},
};

// One kind of violation: its wording in both languages and how it is qualified.
struct Pattern {
  std::string title_en, title_fr, narrative_en, narrative_fr;
  std::string act_type;
  std::vector<std::string> crimes;
  bool gender_based;
};
const std::vector<Pattern> kPatterns = {
    {"Shelling of the market in {}",
     "Bombardement du marché de {}",
     "Witnesses describe shells falling on the market at midday.",
     "Des témoins décrivent des obus tombant sur le marché à midi.",
     "01010500000004",
     {"ICC-8-2-e-i", "ICC-7-1-a"},
     false},
    {"Detention at a checkpoint near {}",
     "Détention à un poste de contrôle près de {}",
     "Several men were taken from a bus and held for weeks without charge.",
     "Plusieurs hommes ont été sortis d'un bus et détenus des semaines sans inculpation.",
     "03010200000004",
     {"ICC-7-1-e"},
     false},
    {"Torture in the detention facility of {}",
     "Torture dans le centre de détention de {}",
     "Former detainees report beatings and stress positions during interrogation.",
     "D'anciens détenus rapportent des coups et des positions de stress pendant les "
     "interrogatoires.",
     "02011111000004",
     {"ICC-8-2-c-i-4", "ICC-7-1-f", "CAT-1"},
     false},
    {"Enforced disappearance after a raid in {}",
     "Disparition forcée après un raid à {}",
     "Relatives have had no news since the arrest; the authorities deny holding them.",
     "Les proches n'ont aucune nouvelle depuis l'arrestation ; les autorités nient les détenir.",
     "03010300000004",
     {"ICC-7-1-i", "ICPPED-2"},
     false},
    {"Sexual violence during house searches in {}",
     "Violences sexuelles lors de perquisitions à {}",
     "Women describe sexual violence by soldiers during house-to-house searches.",
     "Des femmes décrivent des violences sexuelles commises par des soldats lors des "
     "perquisitions.",
     "02011101000004",
     {"ICC-7-1-g-1", "ICC-8-2-e-vi-1"},
     true},
    {"Forced displacement of residents of {}",
     "Déplacement forcé des habitants de {}",
     "Residents were ordered to leave within hours; homes were then destroyed.",
     "Les habitants ont reçu l'ordre de partir en quelques heures ; les maisons ont ensuite été "
     "détruites.",
     "05010400000004",
     {"ICC-7-1-d", "ICC-8-2-e-xii"},
     false},
};

std::string Fill(const std::string& pattern, const std::string& place) {
  std::string out = pattern;
  out.replace(out.find("{}"), 2, place);
  return out;
}

std::string Pad2(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

class Generator {
 public:
  Generator(service::AdminService& admin, service::DocumentationService& docs,
            service::ConsentService& consent, service::CaseService& cases,
            service::GrantsService& grants, const DemoOptions& options,
            service::EvidenceService* evidence)
      : evidence_(evidence),
        admin_(admin),
        docs_(docs),
        consent_(consent),
        cases_(cases),
        grants_(grants),
        options_(options),
        rng_(options.seed) {}

  Result<DemoCounts> Run(std::vector<DemoLogin>& logins) {
    const std::vector<std::pair<std::string, std::string>> orgs = {
        {"Coalition Secretariat (fictional demo)", "secretariat"},
        {"Justice Documentation Network (fictional demo)", "member"},
        {"Survivors' Voices Association (fictional demo)", "partner"}};
    std::string lead_org;  // the secretariat runs the sub-granting programme
    for (std::size_t i = 0; i < orgs.size(); ++i) {
      GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org,
                            admin_.CreateOrganisation(orgs[i].first, orgs[i].second));
      ++counts_.organisations;
      access::Principal documenter, legal;
      for (const char* role : {"admin", "documenter", "legal", "analyst"}) {
        std::string email = std::string(role) + "@org" + std::to_string(i + 1) + ".demo.example";
        std::string password = "demo-" + std::string(role) + "-" + std::to_string(i + 1) + "-2026";
        GIAI_ASSIGN_OR_RETURN(store::UserRow user,
                              admin_.CreateUser(org.id, {email, "", role, password, {}}));
        ++counts_.users;
        logins.push_back({org.name, email, password, role});
        if (std::string(role) == "documenter") {
          documenter.user_id = user.id;
          documenter.org_id = org.id;
          documenter.email = email;
          documenter.role = access::Role::kDocumenter;
        }
        if (std::string(role) == "legal")
          legal = {user.id, org.id, email, access::Role::kLegal, {}, false};
        if (std::string(role) == "admin" && i == 0)
          admin0_ = {user.id, org.id, email, access::Role::kAdmin, {}, false};
      }
      if (i == 0) documenter0_ = documenter;
      GIAI_RETURN_IF_ERROR(Populate(documenter, static_cast<int>(i)));
      if (i == 0) {
        GIAI_RETURN_IF_ERROR(CreateDemoCase(legal));
        lead_org = org.id;
      }
    }
    GIAI_RETURN_IF_ERROR(CreateDemoGrants(admin_, grants_, lead_org, counts_, logins));
    return counts_;
  }

  // A fictional mechanism account (class icc) and one approved share of a person's file to it:
  // proposed by the first organisation's documenter, approved by its admin.
  Status Share(service::ShareService& shares, DemoCounts& counts, std::vector<DemoLogin>& logins) {
    const std::string name = "International Criminal Court, OTP (fictional demo)";
    GIAI_ASSIGN_OR_RETURN(store::OrganisationRow icc,
                          admin_.CreateOrganisation(name, "mechanism", "icc"));
    ++counts.organisations;
    const std::string email = "investigator@icc.demo.example";
    const std::string password = "demo-investigator-icc-2026";
    GIAI_RETURN_IF_ERROR(admin_.CreateUser(icc.id, {email, "", "legal", password, {}}).status());
    ++counts.users;
    logins.push_back({name, email, password, "legal"});
    if (persons_.size() < 2) return Status::Ok();
    const auto now = WallNow();
    const auto expires = now + std::chrono::hours(24 * 180);
    // A mechanism receives under an agreement in force only (docs/SHARING.md, "Agreements").
    GIAI_ASSIGN_OR_RETURN(
        json agreement,
        shares.CreateAgreement(
            admin0_, {"demo", "", ""},
            {{"title", "fictional demo cooperation agreement"},
             {"parties", {admin0_.org_id, icc.id}},
             {"scopes", {"read_pseudonymised"}},
             {"starts_on", ToRfc3339(now).substr(0, 10)},
             {"ends_on", ToRfc3339(now + std::chrono::hours(24 * 365)).substr(0, 10)},
             {"document", {{"reference", "fictional demo cooperation agreement OTP-DEMO-2026-01"}}},
             {"status", "in_force"}}));
    json body = {{"recipient_org_id", icc.id},
                 {"agreement_id", agreement["id"]},
                 {"object", {{"type", "person_file"}, {"ids", {persons_[1]}}}},
                 {"scope", "read_pseudonymised"},
                 {"purpose", "fictional demo: preliminary examination support"},
                 {"legal_basis", "fictional demo cooperation agreement OTP-DEMO-2026-01"},
                 {"expires_at", ToRfc3339(expires)}};
    GIAI_ASSIGN_OR_RETURN(json share, shares.Propose(documenter0_, {"demo", "", ""}, body));
    return shares.Approve(admin0_, {"demo", "", ""}, share["id"].get<std::string>()).status();
  }

 private:
  int Pick(std::size_t n) { return static_cast<int>(rng_() % n); }

  Result<std::string> Create(const access::Principal& who, const char* collection, json body) {
    GIAI_ASSIGN_OR_RETURN(
        json record,
        docs_.Create(who, {"demo", "", ""}, *service::FindKindByCollection(collection), body));
    return record["id"].get<std::string>();
  }

  Status Populate(const access::Principal& who, int org_index) {
    const int scale = options_.scale;
    const int persons = (org_index == 0 ? 66 : 67) * scale;
    const int incidents = 20 * scale;
    std::vector<std::string> person_ids;
    for (int p = 0; p < persons; ++p) {
      const Country& c = kCountries[static_cast<std::size_t>((p + org_index) % 2)];
      bool female = rng_() % 2 == 0;
      std::string given = c.arabic_names
                              ? kArabicGiven[static_cast<std::size_t>(Pick(kArabicGiven.size()))]
                              : kLatinGiven[static_cast<std::size_t>(Pick(kLatinGiven.size()))];
      std::string family = c.arabic_names
                               ? kArabicFamily[static_cast<std::size_t>(Pick(kArabicFamily.size()))]
                               : kLatinFamily[static_cast<std::size_t>(Pick(kLatinFamily.size()))];
      json person = {
          {"sex", female ? "female" : "male"},
          {"birth", std::to_string(1950 + Pick(55)) + (rng_() % 3 ? "" : "~")},
          {"nationality", c.code},
          {"identity",
           {{"full_name", given + " " + family},
            {"other_names", json::array({family + " " + given})},
            {"contact", "+000 555 " + std::to_string(1000 + Pick(9000)) + " (fictional)"}}}};
      GIAI_ASSIGN_OR_RETURN(std::string id, Create(who, "persons", person));
      person_ids.push_back(id);
      ++counts_.persons;
      // Informed consent as an interview would record it; one person in ten did not agree to
      // sharing beyond the organisation.
      json consent = {
          {"given_how", p % 4 == 0 ? "recorded_oral" : "written"},
          {"information_sheet_version", "2026-01"},
          {"language", c.arabic_names ? "ar" : "uk"},
          {"scopes",
           {{"documentation", true},
            {"storage", true},
            {"sharing", p % 10 == 0 ? json::array() : json::array({"ngo_partner", "icc"})},
            {"identity_level", "pseudonymous"},
            {"publication_anonymised", true},
            {"follow_up_contact", p % 3 != 0}}}};
      GIAI_RETURN_IF_ERROR(consent_.Record(who, {"demo", "", ""}, id, consent).status());
      ++counts_.consents;
    }
    std::vector<std::string> unit_ids;
    for (int u = 0; u < 4; ++u) {
      json unit = {
          {"name", "Fictional Brigade " + std::to_string(org_index * 4 + u + 1)},
          {"unit_type", u % 2 ? "armed_group" : "military_unit"},
          {"country", kCountries[static_cast<std::size_t>(u % 2)].code},
          {"commanders", json::array({{{"person_id", person_ids[static_cast<std::size_t>(u)]},
                                       {"period", "2012/2016"}}})}};
      if (u >= 2) unit["parent_unit_id"] = unit_ids[static_cast<std::size_t>(u - 2)];
      GIAI_ASSIGN_OR_RETURN(std::string id, Create(who, "units", unit));
      unit_ids.push_back(id);
      ++counts_.units;
    }
    for (int n = 0; n < incidents; ++n) {
      const Country& c = kCountries[static_cast<std::size_t>((n + org_index) % 2)];
      const Pattern& pat = kPatterns[static_cast<std::size_t>(Pick(kPatterns.size()))];
      const std::string& place = c.places[static_cast<std::size_t>(Pick(c.places.size()))];
      bool french = n % 2 == 1;
      int year = 2012 + Pick(10), month = 1 + Pick(12);
      std::string date = std::to_string(year) + "-" + Pad2(month);
      if (n % 5 == 0)
        date = std::to_string(year) + "-" + Pad2(month) + "/" + std::to_string(year) + "-" +
               Pad2(std::min(12, month + 2));
      else if (n % 5 == 1)
        date += "-" + Pad2(1 + Pick(28)) + "?";
      else if (n % 5 == 2)
        date = std::to_string(year) + "-~" + Pad2(month);
      json incident = {
          {"title", Fill(french ? pat.title_fr : pat.title_en, place)},
          {"narrative", "[FICTIONAL DEMO] " + (french ? pat.narrative_fr : pat.narrative_en)},
          {"date", date},
          {"country", c.code},
          {"admin_area", place},
          {"status", "past"},
          {"conflict", c.conflict}};
      GIAI_ASSIGN_OR_RETURN(std::string incident_id, Create(who, "incidents", incident));
      ++counts_.incidents;
      if (org_index == 0) scope_.push_back({incident_id, &pat, {}});
      for (int a = 0; a < 5; ++a) {
        json victims = json::array();
        if (a == 4) {
          victims.push_back(
              {{"group", french ? "habitants du quartier" : "residents of the quarter"},
               {"count", 5 + Pick(40)}});
        } else {
          victims.push_back(
              {{"person_id", person_ids[static_cast<std::size_t>(Pick(person_ids.size()))]}});
        }
        json act = {
            {"incident_id", incident_id},
            {"act_type", pat.act_type},
            {"victims", victims},
            {"perpetrators",
             json::array({{{"unit_id", unit_ids[static_cast<std::size_t>(Pick(unit_ids.size()))]},
                           {"involvement", "01010000000018"}}})},
            {"qualifications", pat.crimes},
            {"gender_based", pat.gender_based}};
        GIAI_ASSIGN_OR_RETURN(std::string act_id, Create(who, "acts", act));
        ++counts_.acts;
        if (org_index == 0) scope_.back().acts.push_back(act_id);
      }
    }
    for (int t = 0; t < persons / 3; ++t) {
      json testimony = {
          {"person_id", person_ids[static_cast<std::size_t>(t * 3)]},
          {"date", std::to_string(2016 + Pick(8)) + "-" + Pad2(1 + Pick(12))},
          {"language", t % 2 ? "fr" : (org_index == 0 ? "ar" : "en")},
          {"narrative",
           "[FICTIONAL DEMO] " + std::string(t % 2 ? "Témoignage recueilli lors d'un entretien."
                                                   : "Statement taken during an interview.")}};
      GIAI_ASSIGN_OR_RETURN(std::string testimony_id, Create(who, "testimonies", testimony));
      ++counts_.testimonies;
      if (org_index == 0) testimonies_.push_back(testimony_id);
    }
    if (org_index == 0) {
      persons_ = person_ids;
      units_ = unit_ids;
    }
    return Status::Ok();
  }

  // The fictional case. Testimony 0 is person 0's, who did not agree to sharing beyond the
  // organisation (see Populate): the consent gate withholds it from the ICC, while the
  // contradiction it carries stays visible in the matrix. Testimony 1 (person 3) may be shared.
  Status CreateDemoCase(const access::Principal& legal) {
    const access::RequestInfo demo{"demo", "", ""};
    const Pattern* pattern = scope_.front().pattern;
    json incidents = json::array();
    std::vector<std::string> acts;
    for (const ScopedIncident& s : scope_) {
      if (s.pattern != pattern) continue;
      incidents.push_back(s.id);
      acts.insert(acts.end(), s.acts.begin(), s.acts.end());
    }
    const std::string& commander = persons_[1];
    const std::string& unit = units_[1];
    GIAI_ASSIGN_OR_RETURN(
        json kase,
        cases_.CreateCase(
            legal, demo,
            {{"title", "[FICTIONAL DEMO] " + Fill(pattern->title_en, "the northern district")},
             {"mechanism", {{"type", "icc"}, {"name", "Office of the Prosecutor (fictional)"}}},
             {"status", "investigation"},
             {"team", {{"user_ids", json::array({legal.user_id})}}},
             {"suspects", json::array({{{"person_id", commander}}, {{"unit_id", unit}}})},
             {"incident_ids", incidents}}));
    ++counts_.cases;
    const std::string case_id = kase["id"];
    GIAI_ASSIGN_OR_RETURN(
        json source,
        cases_.CreateSource(legal, demo,
                            {{"title", "[FICTIONAL DEMO] Video of the events, posted online"},
                             {"url", "https://example.org/fictional-demo/video-1"},
                             {"source_type", "video"},
                             {"retrieved_at", "2026-01-15T10:00:00Z"}}));
    const std::string source_id = source["id"];
    const std::string crime_id = pattern->crimes.front();
    const Crime* crime = Vocabulary::Builtin().FindCrime(crime_id);

    auto charge = [&](const std::string& mode, const std::string& suspect) -> Result<std::string> {
      GIAI_ASSIGN_OR_RETURN(
          json c, cases_.CreateCharge(
                      legal, demo, case_id,
                      {{"crime_id", crime_id}, {"mode_id", mode}, {"suspect_id", suspect}}));
      ++counts_.charges;
      return c["id"].get<std::string>();
    };
    auto link = [&](const std::string& charge_id, const std::string& element,
                    const std::string& item, const char* relation, int weight) -> Status {
      ++counts_.assessments;
      return cases_
          .CreateAssessment(legal, demo, charge_id,
                            {{"element_id", element},
                             {"item_id", item},
                             {"relation", relation},
                             {"weight", weight},
                             {"note", "[FICTIONAL DEMO] assessment note"}})
          .status();
    };

    // Complete: the unit as direct perpetrator; every element covered, one weak contradiction.
    GIAI_ASSIGN_OR_RETURN(std::string complete, charge("ICC-25-3-a-direct", unit));
    const ModeOfLiability* direct = Vocabulary::Builtin().FindMode("ICC-25-3-a-direct");
    for (const cases::ChargeElement& e : cases::ChargeElements(*crime, *direct)) {
      if (cases::IsConductElement(e)) {
        GIAI_RETURN_IF_ERROR(link(complete, e.id, acts[0], "supports", 3));
        GIAI_RETURN_IF_ERROR(link(complete, e.id, acts[1], "supports", 3));
      } else if (e.kind == "contextual") {
        GIAI_RETURN_IF_ERROR(link(complete, e.id, source_id, "supports", 4));
      } else {
        GIAI_RETURN_IF_ERROR(link(complete, e.id, testimonies_[1], "supports", 4));
      }
      if (e.kind == "mental" && e.from == "crime") {
        GIAI_RETURN_IF_ERROR(link(complete, e.id, testimonies_[0], "contradicts", 1));
      }
    }

    // An evidence item (person 3 agreed to sharing with the ICC) for the conduct: the case
    // file carries its file and inclusion proof.
    if (evidence_) {
      GIAI_ASSIGN_OR_RETURN(std::string item, DemoEvidence(incidents[0].get<std::string>()));
      for (const cases::ChargeElement& e : cases::ChargeElements(*crime, *direct)) {
        if (cases::IsConductElement(e))
          GIAI_RETURN_IF_ERROR(link(complete, e.id, item, "supports", 2));
      }
    }

    // Incomplete: the commander under Art. 28(a); control is contested, knowledge unproven.
    GIAI_ASSIGN_OR_RETURN(std::string incomplete, charge("ICC-28-a", commander));
    for (const Element& e : crime->elements) {
      if (e.kind == "conduct") GIAI_RETURN_IF_ERROR(link(incomplete, e.id, acts[0], "supports", 5));
      if (e.kind == "contextual") {
        GIAI_RETURN_IF_ERROR(link(incomplete, e.id, source_id, "supports", 2));
      }
    }
    GIAI_RETURN_IF_ERROR(link(incomplete, "ICC-28-a.E1", acts[0], "supports", 4));
    GIAI_RETURN_IF_ERROR(link(incomplete, "ICC-28-a.E3", testimonies_[1], "supports", 3));
    GIAI_RETURN_IF_ERROR(link(incomplete, "ICC-28-a.E3", testimonies_[0], "contradicts", 3));
    return Status::Ok();
  }

  // A small fictional file, registered and stored as a documenter would upload it.
  Result<std::string> DemoEvidence(const std::string& incident_id) {
    const access::RequestInfo demo{"demo", "", ""};
    const std::string content =
        "[FICTIONAL DEMO] Sketch of the site, drawn by the documenter on the day of the "
        "interview. No real place, no real person.\n";
    GIAI_ASSIGN_OR_RETURN(json item,
                          evidence_->Register(documenter0_, demo,
                                              {{"sha256", crypto::ToHex(crypto::Sha256Of(content))},
                                               {"size", content.size()},
                                               {"file_name", "site-sketch.txt"},
                                               {"incident_id", incident_id},
                                               {"person_ids", json::array({persons_[3]})},
                                               {"acquisition", {{"method", "device_capture"}}}}));
    const std::string id = item["id"];
    GIAI_ASSIGN_OR_RETURN(auto upload,
                          evidence_->BeginUpload(documenter0_, demo, id, content.size()));
    GIAI_RETURN_IF_ERROR(upload->Write(content));
    GIAI_RETURN_IF_ERROR(upload->Finish().status());
    ++counts_.evidence;
    return id;
  }

  struct ScopedIncident {
    std::string id;
    const Pattern* pattern;
    std::vector<std::string> acts;
  };

  service::EvidenceService* evidence_;  // optional: the demo case's evidence item
  service::AdminService& admin_;
  service::DocumentationService& docs_;
  service::ConsentService& consent_;
  service::CaseService& cases_;
  service::GrantsService& grants_;
  DemoOptions options_;
  std::mt19937 rng_;
  DemoCounts counts_;
  // The first organisation's records the demo case draws on.
  std::vector<ScopedIncident> scope_;
  std::vector<std::string> testimonies_, persons_, units_;
  access::Principal documenter0_, admin0_;
};

}  // namespace

Result<DemoCounts> CreateDemoData(service::AdminService& admin,
                                  service::DocumentationService& documentation,
                                  service::ConsentService& consent, service::CaseService& cases,
                                  service::GrantsService& grants, const DemoOptions& options,
                                  std::vector<DemoLogin>& logins, service::ShareService* shares,
                                  service::EvidenceService* evidence) {
  if (options.scale < 1 || options.scale > 1000) return InvalidInput("must be 1 to 1000", "scale");
  Generator generator(admin, documentation, consent, cases, grants, options, evidence);
  GIAI_ASSIGN_OR_RETURN(DemoCounts counts, generator.Run(logins));
  if (shares) GIAI_RETURN_IF_ERROR(generator.Share(*shares, counts, logins));
  return counts;
}

}  // namespace giai::demo

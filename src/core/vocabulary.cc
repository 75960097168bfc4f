#include "core/vocabulary.h"

#include <cstdlib>
#include <iostream>

namespace giai {
namespace internal {
extern const std::string_view kCrimesJson;
extern const std::string_view kActTypesJson;
}  // namespace internal

namespace {

using nlohmann::json;

Status Bad(const std::string& why) { return InvalidInput("vocabulary invalid: " + why); }

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<std::vector<Element>> ParseElements(const json& owner, const std::string& owner_id,
                                           bool may_be_empty = false) {
  std::vector<Element> out;
  const json& list = owner.value("elements", json::array());
  if (!list.is_array() || (list.empty() && !may_be_empty))
    return Bad(owner_id + " has no elements");
  for (const json& e : list) {
    Element el{Str(e, "id"), e.value("n", 0), Str(e, "text"), Str(e, "kind")};
    if (el.id.rfind(owner_id + ".E", 0) != 0)
      return Bad("element " + el.id + " not of " + owner_id);
    if (el.text.empty() || el.kind.empty()) return Bad("element " + el.id + " lacks text or kind");
    out.push_back(std::move(el));
  }
  return out;
}

Result<std::vector<Term>> ParseTerms(const json& list, const char* name) {
  if (!list.is_array() || list.empty()) return Bad(std::string(name) + " missing");
  std::vector<Term> out;
  for (const json& t : list) {
    Term term{Str(t, "code"), Str(t, "en"), Str(t, "fr"), Str(t, "parent"), t.value("level", 0)};
    if (term.code.empty() || term.en.empty() || term.fr.empty()) {
      return Bad(std::string(name) + " term without code or titles");
    }
    out.push_back(std::move(term));
  }
  return out;
}

template <typename T>
Status Index(const std::vector<T>& items, std::map<std::string, std::size_t, std::less<>>& index,
             const char* what) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& key = [&]() -> const std::string& {
      if constexpr (requires { items[i].code; }) {
        return items[i].code;
      } else {
        return items[i].id;
      }
    }();
    if (!index.emplace(key, i).second) return Bad(std::string("duplicate ") + what + " " + key);
  }
  return Status::Ok();
}

}  // namespace

Result<Vocabulary> Vocabulary::Load(std::string_view crimes_json, std::string_view act_types_json) {
  Vocabulary v;
  v.crimes_json_ = json::parse(crimes_json, nullptr, false);
  v.act_types_json_ = json::parse(act_types_json, nullptr, false);
  if (v.crimes_json_.is_discarded() || v.act_types_json_.is_discarded()) return Bad("not JSON");
  for (const json& c : v.crimes_json_.value("crimes", json::array())) {
    Crime crime{Str(c, "id"),     Str(c, "article"), "", "", Str(c, "category"),
                Str(c, "family"), Str(c, "status"),  {}};
    const json& title = c.value("title", json::object());
    crime.title_en = Str(title, "en");
    crime.title_fr = Str(title, "fr");
    if (crime.id.empty() || crime.title_en.empty() || crime.title_fr.empty() ||
        crime.category.empty()) {
      return Bad("crime " + crime.id + " lacks id, titles or category");
    }
    // A provision that is not in force (Art. 8(2)(b)(xx) has no annex) has no elements yet.
    GIAI_ASSIGN_OR_RETURN(crime.elements, ParseElements(c, crime.id, !crime.InForce()));
    v.crimes_.push_back(std::move(crime));
  }
  for (const json& m : v.crimes_json_.value("modes_of_liability", json::array())) {
    ModeOfLiability mode{Str(m, "id"), Str(m, "article"), "", "", {}};
    const json& title = m.value("title", json::object());
    mode.title_en = Str(title, "en");
    mode.title_fr = Str(title, "fr");
    if (mode.id.empty() || mode.title_en.empty()) return Bad("mode of liability lacks id or title");
    GIAI_ASSIGN_OR_RETURN(mode.elements, ParseElements(m, mode.id));
    v.modes_.push_back(std::move(mode));
  }
  if (v.crimes_.empty() || v.modes_.empty()) return Bad("no crimes or no modes of liability");
  GIAI_ASSIGN_OR_RETURN(v.act_types_,
                        ParseTerms(v.act_types_json_.value("act_types", json()), "act_types"));
  GIAI_ASSIGN_OR_RETURN(v.involvements_,
                        ParseTerms(v.act_types_json_.value("degrees_of_involvement", json()),
                                   "degrees_of_involvement"));
  GIAI_RETURN_IF_ERROR(Index(v.crimes_, v.crime_index_, "crime"));
  GIAI_RETURN_IF_ERROR(Index(v.modes_, v.mode_index_, "mode of liability"));
  GIAI_RETURN_IF_ERROR(Index(v.act_types_, v.act_index_, "act type"));
  GIAI_RETURN_IF_ERROR(Index(v.involvements_, v.involvement_index_, "degree of involvement"));
  for (const Term& t : v.act_types_) {
    if (!t.parent.empty() && !v.act_index_.contains(t.parent)) {
      return Bad("act type " + t.code + " has an unknown parent");
    }
  }
  return v;
}

const Vocabulary& Vocabulary::Builtin() {
  static const Vocabulary* builtin = [] {
    Result<Vocabulary> v = Load(internal::kCrimesJson, internal::kActTypesJson);
    if (!v.ok()) {
      std::cerr << "giai: " << v.status().ToString() << "\n";
      std::abort();
    }
    return new Vocabulary(std::move(v).value());
  }();
  return *builtin;
}

namespace {
template <typename T>
const T* Find(const std::vector<T>& items,
              const std::map<std::string, std::size_t, std::less<>>& index, std::string_view key) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &items[it->second];
}
}  // namespace

const Crime* Vocabulary::FindCrime(std::string_view id) const {
  return Find(crimes_, crime_index_, id);
}
const ModeOfLiability* Vocabulary::FindMode(std::string_view id) const {
  return Find(modes_, mode_index_, id);
}
const Term* Vocabulary::FindActType(std::string_view code) const {
  return Find(act_types_, act_index_, code);
}
const Term* Vocabulary::FindInvolvement(std::string_view code) const {
  return Find(involvements_, involvement_index_, code);
}

}  // namespace giai

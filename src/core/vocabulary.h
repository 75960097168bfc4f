// The legal and thematic vocabularies: crimes with their elements and modes of liability
// (Rome Statute, CAT, ICPPED), HURIDOCS types of acts and degrees of involvement.
//
// They are data, versioned in data/vocabularies/ and embedded in the binary at build time, then
// parsed and validated once at start (Vocabulary::Load). A broken vocabulary stops the program:
// qualifying acts against a wrong list of crimes is worse than not starting.
// Thread safety: immutable after Load; share one instance freely.
//
// Example:
//   const Vocabulary& v = Vocabulary::Builtin();
//   if (const Crime* c = v.FindCrime("ICC-7-1-g-1")) use(c->title_en, c->elements);
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"

namespace giai {

struct Element {
  std::string id;  // e.g. "ICC-7-1-g-1.E2"
  int n = 0;
  std::string text;  // paraphrase, English
  std::string kind;  // conduct, consequence, circumstance, contextual, mental
};

struct Crime {
  std::string id;       // e.g. "ICC-8-2-a-i"
  std::string article;  // "8(2)(a)(i)"
  std::string title_en, title_fr;
  std::string
      category;        // genocide, crime_against_humanity, war_crime, aggression, torture_cat, ...
  std::string family;  // killing, sexual_violence, ...
  std::string
      status;  // "in_force"; anything else (e.g. an inoperative provision) cannot qualify acts
  std::vector<Element> elements;
  bool InForce() const { return status == "in_force"; }
};

struct ModeOfLiability {
  std::string id;  // e.g. "ICC-25-3-a-direct"
  std::string article;
  std::string title_en, title_fr;
  std::vector<Element> elements;
};

struct Term {  // a HURIDOCS micro-thesaurus term
  std::string code, en, fr, parent;
  int level = 0;
};

class Vocabulary {
 public:
  // Parses and validates vocabulary JSON (the derived format of data/vocabularies/).
  static Result<Vocabulary> Load(std::string_view crimes_json, std::string_view act_types_json);
  // The vocabularies embedded in this binary, validated on first use (aborts if invalid, which
  // the unit tests rule out for every build).
  static const Vocabulary& Builtin();

  const Crime* FindCrime(std::string_view id) const;
  const ModeOfLiability* FindMode(std::string_view id) const;
  const Term* FindActType(std::string_view code) const;
  const Term* FindInvolvement(std::string_view code) const;

  const std::vector<Crime>& crimes() const { return crimes_; }
  const std::vector<ModeOfLiability>& modes() const { return modes_; }
  const std::vector<Term>& act_types() const { return act_types_; }
  const std::vector<Term>& involvements() const { return involvements_; }
  // The JSON served by the vocabulary routes (already in API shape).
  const nlohmann::json& crimes_json() const { return crimes_json_; }
  const nlohmann::json& act_types_json() const { return act_types_json_; }

 private:
  std::vector<Crime> crimes_;
  std::vector<ModeOfLiability> modes_;
  std::vector<Term> act_types_, involvements_;
  std::map<std::string, std::size_t, std::less<>> crime_index_, mode_index_, act_index_,
      involvement_index_;
  nlohmann::json crimes_json_, act_types_json_;
};

}  // namespace giai

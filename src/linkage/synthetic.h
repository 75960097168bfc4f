// Seeded generator of synthetic victim lists with known truth, for tests and benchmarks.
//
// Entities (given name, father's and grandfather's names, two-part family name, sex, date of birth,
// place of death as "country>province>town") are drawn from small Arabic-naming tables; each of
// `lists` lists records an entity with `capture_probability`, possibly twice
// (`duplicate_probability`). Each list writes names mostly in its own script (Latin, Arabic,
// Cyrillic in turn) with transliteration variants ("Mohammed"/"Muhammad", "al-Hassan"/"Hassan"),
// plus typos, missing fields, approximate dates ("1985", "1985-03"), ages instead of dates and
// coarser places. Columns: record_id, entity_id, list, given_name, father_name, grandfather_name,
// family_name, sex, date_of_birth (EDTF), age (at 2015-06-01, when the date is missing), place. The
// same seed gives the same lists on every platform (own PRNG use, no std distributions).
//
// Example:
//   SyntheticOptions o; o.entities = 2000; o.seed = 7;
//   std::vector<CsvTable> lists = GenerateVictimLists(o);
#pragma once

#include <cstdint>
#include <vector>

#include "linkage/csv.h"

namespace giai::linkage {

struct SyntheticOptions {
  std::size_t entities = 1000;
  std::size_t lists = 3;
  double capture_probability = 0.6;
  double duplicate_probability = 0.05;      // a second record of the entity in the same list
  double foreign_script_probability = 0.7;  // a list writes in its own script (list 0: Latin)
  double typo_probability = 0.15;
  double missing_probability = 0.08;
  double approximate_date_probability = 0.2;
  double age_probability = 0.1;
  std::uint64_t seed = 1;
};

std::vector<CsvTable> GenerateVictimLists(const SyntheticOptions& options);

// All lists as one table (same columns), e.g. to deduplicate them together.
CsvTable ConcatenateLists(const std::vector<CsvTable>& lists);

}  // namespace giai::linkage

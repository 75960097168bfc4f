// The case matrix: pure logic of case building (ICC Case Matrix structure), no I/O.
//
// A charge is crime x mode of liability x suspect. Its elements are the crime's elements (the
// contextual ones of crimes against humanity and war crimes included: widespread or systematic
// attack; armed conflict and its nexus) followed by the mode of liability's. Items (evidence,
// testimonies, acts, open-source items) are linked to elements by assessments: supports,
// contradicts or context, with a probative weight from 1 (weak) to 5 (conclusive).
//
// Coverage of an element, from its assessments:
//   not_covered  no supporting item;
//   covered      supporting weight >= kCoveredWeight and greater than the contradicting weight;
//   partly       anything in between (some support, but too weak or outweighed).
// Context items never count toward coverage. Contradicting items are always part of the
// element's row: nothing here filters them (disclosure obligations).
//
// Withdrawn assessments (append-only: a withdrawal with reason, who and when) no longer count.
// They stay visible: a withdrawn supporting or context link moves to the row's `withdrawn`
// history, and a withdrawn contradicting link stays in `contradicting`, marked withdrawn —
// contradicting items are never hidden, whatever happened to their assessment.
//
// Gaps are the elements not covered or partly covered, each with the means of proof that
// usually establish that kind of element, for planning the next investigation steps.
//
// Thread safety: free functions over values. Example:
//   std::vector<ChargeElement> els = ChargeElements(*crime, *mode);
//   Matrix m = ComputeMatrix(els, assessments);
//   for (const Gap& g : Gaps(m)) plan(g.element.id, g.means_of_proof);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/vocabulary.h"

namespace giai::cases {

inline constexpr int kMinWeight = 1;
inline constexpr int kMaxWeight = 5;
inline constexpr int kCoveredWeight = 4;

enum class Relation { kSupports, kContradicts, kContext };
enum class Coverage { kCovered, kPartly, kNotCovered };

std::string_view RelationName(Relation r);
bool ParseRelation(std::string_view name, Relation& out);
std::string_view CoverageName(Coverage c);

struct ChargeElement {
  std::string id;    // "ICC-7-1-a.E2", "ICC-28-a.E3"
  std::string text;  // paraphrase, English
  std::string kind;  // conduct, consequence, circumstance, contextual, mental
  std::string from;  // "crime" or "mode"
};

// The crime's elements, then the mode's.
std::vector<ChargeElement> ChargeElements(const Crime& crime, const ModeOfLiability& mode);

// One link of an item to an element, as the matrix needs it (no note text: notes are sealed).
struct Assessment {
  std::string id;  // asm_...
  std::string element_id;
  std::string item_id;    // evd_..., tst_..., act_..., src_...
  std::string item_kind;  // evidence, testimony, act, source
  Relation relation = Relation::kSupports;
  int weight = kMinWeight;
  std::string assessed_by, assessed_at;
  bool has_note = false;
  struct Withdrawal {
    std::string id;  // awd_...
    std::string reason, withdrawn_by, withdrawn_at;
  };
  std::optional<Withdrawal> withdrawal;  // set: no longer counts toward coverage
};

struct ElementRow {
  ChargeElement element;
  Coverage coverage = Coverage::kNotCovered;
  int supporting_weight = 0, contradicting_weight = 0;
  std::vector<Assessment> supporting, contradicting, context;
  std::vector<Assessment> withdrawn;  // withdrawn supporting and context links (history)
};

struct Matrix {
  std::vector<ElementRow> rows;
  int covered = 0, partly = 0, not_covered = 0;
  bool complete() const { return !rows.empty() && covered == static_cast<int>(rows.size()); }
};

// Assessments naming an element that is not one of `elements` are ignored (the caller validates
// element ids on write, so this happens only if a vocabulary changed under stored data).
Matrix ComputeMatrix(const std::vector<ChargeElement>& elements,
                     const std::vector<Assessment>& assessments);

struct Gap {
  ChargeElement element;
  Coverage coverage = Coverage::kNotCovered;
  std::vector<std::string> means_of_proof;
};

std::vector<Gap> Gaps(const Matrix& matrix);

// The kinds of evidence that usually prove an element of this kind and wording (after the ICC
// Case Matrix "means of proof"; a planning aid, not legal advice).
std::vector<std::string> MeansOfProof(const ChargeElement& element);

// Conduct elements of the crime: where acts qualified with the crime are proposed as links.
bool IsConductElement(const ChargeElement& element);

// API shapes.
nlohmann::json ToJson(const Assessment& a);
nlohmann::json ToJson(const Matrix& m);
nlohmann::json ToJson(const std::vector<Gap>& gaps);

}  // namespace giai::cases

// Notification letters of the committee's decision (private to service/): the outcome, the
// reasons, and the redress route, in the application's language when giai has a template for it
// (en, fr, es, ar), in English otherwise — the letter says which language it is in.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace giai::service::internal {

struct LetterFacts {
  std::string language;  // the application's
  std::string outcome;   // awarded, reserve, rejected
  std::string title;     // the application's title
  std::string application_id;
  std::string amount;  // "25000.00 EUR" when awarded
  std::string reasons;
  std::string redress_route;
};

// {"language", "outcome", "text", "reasons", "redress_route", "issued_at"}
nlohmann::json ComposeLetter(const LetterFacts& facts);

}  // namespace giai::service::internal

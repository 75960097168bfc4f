// Text normalisation for record linkage: the only file of linkage/ that uses ICU.
//
// Names of the same person are written in Arabic, Cyrillic and Latin script by different
// organisations, with or without diacritics, particles ("al-", "bin", "van") and in different
// token orders. NormalizeText maps any script to lower-case ASCII (NFKC, case folding,
// "Any-Latin; Latin-ASCII" transliteration, diacritics removed, punctuation to spaces).
// NormalizeName additionally drops name particles, applies an optional nickname table and can
// sort tokens so that "Hassan, Ali" and "Ali Hassan" compare equal.
//
// Thread safety: a Normalizer holds an ICU transliterator, which is not thread safe; use one
// Normalizer per thread (construction is cheap; the transliterator is cloned on first non-ASCII
// input from a process-wide prototype). The free functions are thread safe.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(auto normalizer, Normalizer::Create());
//   GIAI_ASSIGN_OR_RETURN(std::string n, normalizer->Name("Мухаммад аль-Хасан", {}));
//   // n == "khasan mukhammad" with sort_tokens, "mukhammad khasan" without
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace giai::linkage {

struct NameOptions {
  bool drop_particles = true;  // abu, al, el, bin, ibn, bint, de, van, von, der, ...
  bool sort_tokens = false;    // order-insensitive comparison of multi-token names
  // Maps a normalised token to its canonical form, e.g. "bob" -> "robert".
  const std::unordered_map<std::string, std::string>* nicknames = nullptr;
};

class Normalizer {
 public:
  static Result<std::unique_ptr<Normalizer>> Create();
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // Any script to lower-case ASCII letters, digits and single spaces. Rejects invalid UTF-8.
  Result<std::string> Text(std::string_view utf8);
  // Text() plus particle removal, nicknames and optional token sorting.
  Result<std::string> Name(std::string_view utf8, const NameOptions& options);
  // The same, into `out` (replaced): a caller normalising a whole list reuses one buffer, and
  // ASCII input (most lists) is then normalised without allocating.
  Status TextInto(std::string_view utf8, std::string& out);
  Status NameInto(std::string_view utf8, const NameOptions& options, std::string& out);

 private:
  struct Impl;
  explicit Normalizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True if `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// True if the (already normalised) token is a name particle such as "al" or "bin".
bool IsNameParticle(std::string_view token);

}  // namespace giai::linkage

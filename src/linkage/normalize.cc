#include "linkage/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
#include <vector>

namespace giai::linkage {

struct Normalizer::Impl {
  const icu::Normalizer2* nfkc_casefold = nullptr;
  std::unique_ptr<icu::Transliterator> to_ascii;
  // Lists repeat the same names thousands of times and ICU transliteration costs microseconds,
  // so non-ASCII results are memoised (bounded: cleared when full).
  std::unordered_map<std::string, std::string> cache;
  // Scratch of NameInto, reused from call to call.
  std::string text;
  std::string nickname_key;
  std::vector<std::string_view> tokens;
  std::vector<std::string_view> kept;
};

namespace {
constexpr std::size_t kCacheLimit = 200000;
}  // namespace

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::~Normalizer() = default;

namespace {

// Building the compound transliterator parses rule sets (tens of milliseconds), so it is built
// once per process and cloned per Normalizer, and only when some input is not ASCII.
const icu::Transliterator* TransliteratorPrototype() {
  static const std::unique_ptr<icu::Transliterator> prototype = [] {
    // BGN/PCGN romanisation for Cyrillic (й -> y, х -> kh, дж -> dzh) is the one closest to the
    // English-style spellings of Arabic names ("Хусейн" -> "khuseyn", like "Husayn"); Any-Latin
    // then handles Arabic, Greek, Hebrew...; Latin-ASCII strips diacritics and maps letters such
    // as "ø" or "ß"; the final NFD + remove catches leftover marks.
    icu::UnicodeString id = icu::UnicodeString::fromUTF8(
        "Russian-Latin/BGN; Any-Latin; Latin-ASCII; NFD; [:Nonspacing Mark:] Remove; Lower");
    UParseError parse_error;
    UErrorCode error = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance(id, UTRANS_FORWARD, parse_error, error));
    if (U_FAILURE(error)) t.reset();
    return t;
  }();
  return prototype.get();
}

}  // namespace

Result<std::unique_ptr<Normalizer>> Normalizer::Create() {
  auto impl = std::make_unique<Impl>();
  UErrorCode error = U_ZERO_ERROR;
  impl->nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(error);
  if (U_FAILURE(error)) return Internal("ICU NFKC_Casefold unavailable");
  return std::unique_ptr<Normalizer>(new Normalizer(std::move(impl)));
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

namespace {

// Particles are dropped rather than kept because organisations disagree on whether to write
// them ("al-Hassan", "Hassan", "El Hassan"); the remaining tokens carry the identity.
// "ash", "ar", "an"... are the article assimilated to the next consonant ("ash-Shami").
constexpr std::array<std::string_view, 32> kParticles = {
    "abu",  "abou",  "al", "el",  "ul", "bin", "ben", "ibn", "bint", "binti", "bnt",
    "ould", "ash",   "as", "ar",  "an", "at",  "ad",  "az",  "adh",  "de",    "da",
    "del",  "della", "di", "dos", "du", "van", "von", "der", "den",  "la"};

// Keeps [a-z0-9], turns everything else into a single separating space.
std::string SquashToTokens(std::string_view ascii) {
  std::string out;
  out.reserve(ascii.size());
  bool pending_space = false;
  for (char ch : ascii) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (keep) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(ch);
    } else if (ch == '\'' || ch == '`' || (ch & 0x80) != 0) {
      // Apostrophes and leftover modifier letters (U+02BF "ʿ") come from Arabic ain/hamza and
      // "O'Brien": join rather than split.
      continue;
    } else {
      pending_space = true;
    }
  }
  return out;
}

// Arabic script writes the article "ال" joined to the word and ends feminine names with ta
// marbuta "ة" (pronounced "a", romanised "at" by ICU); Latin spellings write "al-" apart and
// the ending as "a"/"ah". Splitting the article and dropping ta marbuta lets both meet.
void ArabicPreprocess(icu::UnicodeString& text) {
  constexpr char16_t kAlef = 0x0627;
  constexpr char16_t kLam = 0x0644;
  constexpr char16_t kTaMarbuta = 0x0629;
  icu::UnicodeString out;
  const int32_t n = text.length();
  for (int32_t i = 0; i < n; ++i) {
    const char16_t c = text.charAt(i);
    const bool word_start = i == 0 || text.charAt(i - 1) == u' ' || text.charAt(i - 1) == u'-';
    if (word_start && c == kAlef && i + 2 < n && text.charAt(i + 1) == kLam &&
        text.charAt(i + 2) != u' ') {
      out.append(kAlef).append(kLam).append(u' ');
      ++i;
      continue;
    }
    if (c == kTaMarbuta) continue;
    out.append(c);
  }
  text = out;
}

}  // namespace

bool IsNameParticle(std::string_view token) {
  return std::find(kParticles.begin(), kParticles.end(), token) != kParticles.end();
}

Result<std::string> Normalizer::Text(std::string_view utf8) {
  std::string out;
  GIAI_RETURN_IF_ERROR(TextInto(utf8, out));
  return out;
}

Result<std::string> Normalizer::Name(std::string_view utf8, const NameOptions& options) {
  std::string out;
  GIAI_RETURN_IF_ERROR(NameInto(utf8, options, out));
  return out;
}

Status Normalizer::TextInto(std::string_view utf8, std::string& out) {
  out.clear();
  // Fast path: for ASCII, NFKC case folding is lower-casing and transliteration is the identity;
  // skipping ICU makes normalising a million-record list take seconds rather than a minute.
  // Lower-casing and squashing happen in the same pass (as SquashToTokens after lower-casing).
  if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return (c & 0x80) == 0; })) {
    bool pending_space = false;
    for (char ch : utf8) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
        if (pending_space && !out.empty()) out.push_back(' ');
        pending_space = false;
        out.push_back(ch);
      } else if (ch != '\'' && ch != '`') {
        pending_space = true;
      }
    }
    return Status::Ok();
  }
  if (!IsValidUtf8(utf8)) return InvalidInput("text is not valid UTF-8");
  if (auto hit = impl_->cache.find(std::string(utf8)); hit != impl_->cache.end()) {
    out = hit->second;
    return Status::Ok();
  }
  UErrorCode error = U_ZERO_ERROR;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString folded = impl_->nfkc_casefold->normalize(text, error);
  if (U_FAILURE(error)) return InvalidInput("text cannot be normalised");
  ArabicPreprocess(folded);
  if (!impl_->to_ascii) {
    const icu::Transliterator* prototype = TransliteratorPrototype();
    if (prototype == nullptr) return Internal("ICU transliterator unavailable");
    impl_->to_ascii.reset(prototype->clone());
  }
  impl_->to_ascii->transliterate(folded);
  std::string ascii;
  folded.toUTF8String(ascii);
  out = SquashToTokens(ascii);
  if (impl_->cache.size() >= kCacheLimit) impl_->cache.clear();
  impl_->cache.emplace(std::string(utf8), out);
  return Status::Ok();
}

Status Normalizer::NameInto(std::string_view utf8, const NameOptions& options, std::string& out) {
  GIAI_RETURN_IF_ERROR(TextInto(utf8, impl_->text));
  // Tokens are views into impl_->text (or into the nickname table), so nothing is copied until
  // the result is joined.
  std::vector<std::string_view>& tokens = impl_->tokens;
  std::vector<std::string_view>& kept = impl_->kept;
  tokens.clear();
  kept.clear();
  const std::string_view text = impl_->text;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) tokens.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (std::string_view token : tokens) {
    if (options.drop_particles && IsNameParticle(token)) continue;
    if (options.nicknames != nullptr) {
      impl_->nickname_key.assign(token);
      auto it = options.nicknames->find(impl_->nickname_key);
      if (it != options.nicknames->end()) token = it->second;
    }
    kept.push_back(token);
  }
  // A name made only of particles ("Abu") is kept as written rather than erased.
  if (kept.empty()) kept = tokens;
  if (options.sort_tokens) std::sort(kept.begin(), kept.end());
  out.clear();
  for (std::string_view token : kept) {
    if (!out.empty()) out.push_back(' ');
    out += token;
  }
  return Status::Ok();
}

}  // namespace giai::linkage

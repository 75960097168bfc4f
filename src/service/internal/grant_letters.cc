#include "service/internal/grant_letters.h"

#include <map>

#include "core/clock.h"

namespace giai::service::internal {

namespace {

struct Template {
  std::string awarded, reserve, rejected, reasons, redress;
};

// {t}: title, {id}: application id, {a}: amount.
const std::map<std::string, Template>& Templates() {
  static const std::map<std::string, Template> kTemplates = {
      {"en",
       {"Your application \"{t}\" ({id}) has been selected for funding of {a}.",
        "Your application \"{t}\" ({id}) has been placed on the reserve list.",
        "Your application \"{t}\" ({id}) has not been selected.",
        "Reasons: ", "If you disagree with this decision, you may seek redress: "}},
      {"fr",
       {"Votre demande « {t} » ({id}) a été retenue pour un financement de {a}.",
        "Votre demande « {t} » ({id}) a été placée sur la liste de réserve.",
        "Votre demande « {t} » ({id}) n'a pas été retenue.",
        "Motifs : ", "Si vous contestez cette décision, voici la voie de recours : "}},
      {"es",
       {"Su solicitud «{t}» ({id}) ha sido seleccionada para una financiación de {a}.",
        "Su solicitud «{t}» ({id}) ha sido incluida en la lista de reserva.",
        "Su solicitud «{t}» ({id}) no ha sido seleccionada.",
        "Motivos: ", "Si no está de acuerdo con esta decisión, puede recurrir: "}},
      {"ar",
       {"تم اختيار طلبكم «{t}» ({id}) للحصول على تمويل بمبلغ {a}.",
        "تم وضع طلبكم «{t}» ({id}) على قائمة الاحتياط.", "لم يتم اختيار طلبكم «{t}» ({id}).",
        "الأسباب: ", "إذا كنتم لا توافقون على هذا القرار، يمكنكم التظلم: "}},
  };
  return kTemplates;
}

void Replace(std::string& s, const std::string& key, const std::string& value) {
  for (std::size_t pos = s.find(key); pos != std::string::npos;
       pos = s.find(key, pos + value.size())) {
    s.replace(pos, key.size(), value);
  }
}

}  // namespace

nlohmann::json ComposeLetter(const LetterFacts& f) {
  std::string language = f.language.substr(0, 2);
  auto it = Templates().find(language);
  if (it == Templates().end()) {
    language = "en";
    it = Templates().find("en");
  }
  const Template& t = it->second;
  std::string text = f.outcome == "awarded"   ? t.awarded
                     : f.outcome == "reserve" ? t.reserve
                                              : t.rejected;
  Replace(text, "{id}", f.application_id);
  Replace(text, "{a}", f.amount);
  Replace(text, "{t}", f.title);
  if (!f.reasons.empty()) text += "\n" + t.reasons + f.reasons;
  text += "\n" + t.redress + f.redress_route;
  return {{"language", language},
          {"outcome", f.outcome},
          {"text", text},
          {"reasons", f.reasons},
          {"redress_route", f.redress_route},
          {"issued_at", NowRfc3339()}};
}

}  // namespace giai::service::internal

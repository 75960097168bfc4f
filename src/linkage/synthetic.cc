#include "linkage/synthetic.h"

#include <array>
#include <string>
#include <string_view>

namespace giai::linkage {
namespace {

// splitmix64: tiny, fast and identical everywhere (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }

 private:
  std::uint64_t state_;
};

struct NameForms {
  std::array<std::string_view, 3> latin;  // spelling variants
  std::string_view arabic;
  std::string_view cyrillic;
};

constexpr NameForms kMaleNames[] = {
    {{"Muhammad", "Mohammed", "Mohamed"}, "محمد", "Мухаммад"},
    {{"Ahmad", "Ahmed", "Ahmet"}, "أحمد", "Ахмад"},
    {{"Mahmoud", "Mahmud", "Mahmood"}, "محمود", "Махмуд"},
    {{"Ali", "Aly", "Ali"}, "علي", "Али"},
    {{"Hassan", "Hasan", "Hassan"}, "حسن", "Хасан"},
    {{"Hussein", "Husayn", "Hussain"}, "حسين", "Хусейн"},
    {{"Omar", "Umar", "Omer"}, "عمر", "Умар"},
    {{"Khaled", "Khalid", "Haled"}, "خالد", "Халид"},
    {{"Yusuf", "Youssef", "Yousef"}, "يوسف", "Юсуф"},
    {{"Ibrahim", "Ebrahim", "Ibraheem"}, "إبراهيم", "Ибрагим"},
    {{"Mustafa", "Moustafa", "Mostafa"}, "مصطفى", "Мустафа"},
    {{"Abdullah", "Abdallah", "Abdulla"}, "عبدالله", "Абдулла"},
    {{"Samir", "Sameer", "Samir"}, "سمير", "Самир"},
    {{"Tariq", "Tarek", "Tareq"}, "طارق", "Тарик"},
    {{"Walid", "Waleed", "Walid"}, "وليد", "Валид"},
    {{"Ziad", "Ziyad", "Zeyad"}, "زياد", "Зияд"},
    {{"Karim", "Kareem", "Karim"}, "كريم", "Карим"},
    {{"Jamal", "Gamal", "Jamal"}, "جمال", "Джамаль"},
    {{"Bilal", "Belal", "Bilal"}, "بلال", "Билал"},
    {{"Nabil", "Nabeel", "Nabil"}, "نبيل", "Набиль"},
    {{"Fadi", "Fady", "Fadi"}, "فادي", "Фади"},
    {{"Rami", "Ramy", "Rami"}, "رامي", "Рами"},
    {{"Salim", "Saleem", "Selim"}, "سليم", "Салим"},
    {{"Adel", "Adil", "Adel"}, "عادل", "Адиль"},
};

constexpr NameForms kFemaleNames[] = {
    {{"Fatima", "Fatma", "Fatimah"}, "فاطمة", "Фатима"},
    {{"Aisha", "Aicha", "Ayesha"}, "عائشة", "Аиша"},
    {{"Maryam", "Mariam", "Meryem"}, "مريم", "Марьям"},
    {{"Zainab", "Zeinab", "Zaynab"}, "زينب", "Зайнаб"},
    {{"Layla", "Leila", "Laila"}, "ليلى", "Лейла"},
    {{"Noor", "Nour", "Nur"}, "نور", "Нур"},
    {{"Huda", "Hoda", "Houda"}, "هدى", "Худа"},
    {{"Samira", "Sameera", "Samira"}, "سميرة", "Самира"},
    {{"Rania", "Ranya", "Rania"}, "رانيا", "Рания"},
    {{"Amina", "Aminah", "Ameena"}, "أمينة", "Амина"},
    {{"Khadija", "Khadijah", "Hadija"}, "خديجة", "Хадиджа"},
    {{"Salma", "Selma", "Salma"}, "سلمى", "Салма"},
    {{"Yasmin", "Yasmine", "Jasmin"}, "ياسمين", "Ясмин"},
    {{"Dalia", "Dalia", "Daliya"}, "داليا", "Далия"},
    {{"Rasha", "Racha", "Rasha"}, "رشا", "Раша"},
    {{"Hanan", "Hanane", "Hanan"}, "حنان", "Ханан"},
};

constexpr NameForms kFamilyNames[] = {
    {{"al-Hassan", "Hassan", "El Hassan"}, "الحسن", "аль-Хасан"},
    {{"al-Khatib", "Khatib", "El Khatib"}, "الخطيب", "аль-Хатиб"},
    {{"Haddad", "Hadad", "al-Haddad"}, "حداد", "Хаддад"},
    {{"al-Masri", "Masri", "El Masri"}, "المصري", "аль-Масри"},
    {{"Nasser", "Nasser", "Naser"}, "ناصر", "Насер"},
    {{"Saleh", "Salih", "Saleh"}, "صالح", "Салех"},
    {{"al-Ahmad", "Ahmad", "El Ahmad"}, "الأحمد", "аль-Ахмад"},
    {{"Darwish", "Derwish", "Darwich"}, "درويش", "Дарвиш"},
    {{"Khoury", "Khouri", "Khuri"}, "خوري", "Хури"},
    {{"al-Shami", "Shami", "Chami"}, "الشامي", "аш-Шами"},
    {{"Mansour", "Mansur", "Mansoor"}, "منصور", "Мансур"},
    {{"Qasim", "Kassem", "Qassem"}, "قاسم", "Касим"},
    {{"al-Najjar", "Najjar", "Naggar"}, "النجار", "ан-Наджар"},
    {{"Hamdan", "Hamdane", "Hamdan"}, "حمدان", "Хамдан"},
    {{"Barakat", "Baraka", "Barakat"}, "بركات", "Баракат"},
    {{"al-Jaber", "Jaber", "Jabir"}, "الجابر", "аль-Джабер"},
    {{"Sabbagh", "Sabag", "Sabbag"}, "صباغ", "Саббаг"},
    {{"Awad", "Awwad", "Awad"}, "عواد", "Авад"},
    {{"Yassin", "Yasin", "Yaseen"}, "ياسين", "Ясин"},
    {{"Othman", "Osman", "Uthman"}, "عثمان", "Усман"},
    {{"al-Rifai", "Rifai", "Refai"}, "الرفاعي", "ар-Рифаи"},
    {{"Hijazi", "Hegazy", "Hijazi"}, "حجازي", "Хиджази"},
    {{"Zaher", "Zahir", "Zaher"}, "زاهر", "Захер"},
    {{"Kanaan", "Canaan", "Kanan"}, "كنعان", "Канаан"},
};

// Second part of family names (nisba: origin or tribe), so that a million people do not share a
// few hundred full names.
constexpr NameForms kNisbas[] = {
    {{"al-Homsi", "Homsi", "El Homsi"}, "الحمصي", "аль-Хомси"},
    {{"al-Halabi", "Halabi", "El Halabi"}, "الحلبي", "аль-Халаби"},
    {{"al-Tikriti", "Tikriti", "Tekriti"}, "التكريتي", "ат-Тикрити"},
    {{"al-Dimashqi", "Dimashqi", "Demashki"}, "الدمشقي", "ад-Димашки"},
    {{"al-Idlibi", "Idlibi", "Edlibi"}, "الإدلبي", "аль-Идлиби"},
    {{"al-Hamawi", "Hamawi", "Hamaoui"}, "الحموي", "аль-Хамави"},
    {{"al-Baghdadi", "Baghdadi", "Bagdadi"}, "البغدادي", "аль-Багдади"},
    {{"al-Mosuli", "Mosuli", "Mousli"}, "الموصلي", "аль-Мосули"},
    {{"al-Ansari", "Ansari", "Ansary"}, "الأنصاري", "аль-Ансари"},
    {{"al-Tamimi", "Tamimi", "Tamimy"}, "التميمي", "ат-Тамими"},
    {{"al-Shammari", "Shammari", "Chammari"}, "الشمري", "аш-Шаммари"},
    {{"al-Zoubi", "Zoubi", "Zubi"}, "الزعبي", "аз-Зуби"},
    {{"al-Rawi", "Rawi", "Raoui"}, "الراوي", "ар-Рави"},
    {{"al-Jubouri", "Jubouri", "Jabouri"}, "الجبوري", "аль-Джубури"},
    {{"al-Obeidi", "Obeidi", "Ubaydi"}, "العبيدي", "аль-Убейди"},
    {{"al-Dulaimi", "Dulaimi", "Dulaymi"}, "الدليمي", "ад-Дулейми"},
    {{"al-Azzawi", "Azzawi", "Azawi"}, "العزاوي", "аль-Аззави"},
    {{"al-Kurdi", "Kurdi", "Kurdy"}, "الكردي", "аль-Курди"},
    {{"al-Hourani", "Hourani", "Horani"}, "الحوراني", "аль-Хаурани"},
    {{"al-Saadi", "Saadi", "Saady"}, "السعدي", "ас-Саади"},
};

constexpr std::string_view kPlaces[] = {
    "Syria>Homs>Qusayr",   "Syria>Homs>Talbiseh",     "Syria>Homs>Rastan",
    "Syria>Aleppo>Azaz",   "Syria>Aleppo>Manbij",     "Syria>Aleppo>al-Bab",
    "Syria>Idlib>Saraqib", "Syria>Idlib>Maarrat",     "Syria>Daraa>Nawa",
    "Syria>Daraa>Busra",   "Syria>Rif Dimashq>Douma", "Syria>Rif Dimashq>Darayya",
    "Iraq>Nineveh>Mosul",  "Iraq>Nineveh>Sinjar",     "Iraq>Anbar>Fallujah"};

struct Entity {
  std::size_t given, father, grandfather, family, nisba;
  bool female;
  int year, month, day;
  std::size_t place;
};

std::string Typo(Rng& rng, std::string s) {
  if (s.size() < 3) return s;
  const std::size_t i = 1 + rng.Below(s.size() - 2);
  switch (rng.Below(3)) {
    case 0: s.erase(i, 1); break;
    case 1: std::swap(s[i], s[i + 1 < s.size() ? i + 1 : i - 1]); break;
    default: s[i] = static_cast<char>('a' + rng.Below(26)); break;
  }
  return s;
}

std::string WriteName(Rng& rng, const NameForms& forms, int script, const SyntheticOptions& o) {
  if (script == 1) return std::string(forms.arabic);
  if (script == 2) return std::string(forms.cyrillic);
  std::string latin(forms.latin[rng.Below(3)]);
  if (rng.Chance(o.typo_probability)) latin = Typo(rng, latin);
  return latin;
}

std::string Pad2(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::vector<std::string> WriteRecord(Rng& rng, const Entity& e, std::size_t list,
                                     std::size_t record, std::size_t entity_id,
                                     const SyntheticOptions& o) {
  const int list_script = static_cast<int>(list % 3);
  const int script = rng.Chance(o.foreign_script_probability) ? list_script : 0;
  const NameForms& given = e.female ? kFemaleNames[e.given] : kMaleNames[e.given];
  std::vector<std::string> row;
  row.push_back("L" + std::to_string(list) + "-" + std::to_string(record));
  row.push_back(std::to_string(entity_id));
  row.push_back(std::to_string(list));
  row.push_back(WriteName(rng, given, script, o));
  row.push_back(
      rng.Chance(o.missing_probability) ? "" : WriteName(rng, kMaleNames[e.father], script, o));
  row.push_back(rng.Chance(o.missing_probability * 3)
                    ? ""
                    : WriteName(rng, kMaleNames[e.grandfather], script, o));
  row.push_back(WriteName(rng, kFamilyNames[e.family], script, o) + " " +
                WriteName(rng, kNisbas[e.nisba], script, o));
  row.push_back(rng.Chance(o.missing_probability) ? ""
                                                  : (e.female ? (rng.Chance(0.5) ? "F" : "female")
                                                              : (rng.Chance(0.5) ? "M" : "male")));
  std::string date;
  std::string age;
  if (rng.Chance(o.age_probability)) {
    int years = 2015 - e.year - (e.month > 6 ? 1 : 0);
    if (rng.Chance(0.3)) years += rng.Chance(0.5) ? 1 : -1;  // ages are often estimated
    age = std::to_string(std::max(0, years));
  } else if (!rng.Chance(o.missing_probability)) {
    if (rng.Chance(o.approximate_date_probability)) {
      date =
          rng.Chance(0.5) ? std::to_string(e.year) : std::to_string(e.year) + "-" + Pad2(e.month);
    } else {
      int day = e.day;
      if (rng.Chance(o.typo_probability / 2)) day = 1 + static_cast<int>(rng.Below(28));
      date = std::to_string(e.year) + "-" + Pad2(e.month) + "-" + Pad2(day);
    }
  }
  row.push_back(date);
  row.push_back(age);
  std::string place(kPlaces[e.place]);
  if (rng.Chance(0.15)) place = place.substr(0, place.rfind('>'));  // only the province known
  if (rng.Chance(o.missing_probability)) place.clear();
  row.push_back(place);
  return row;
}

}  // namespace

std::vector<CsvTable> GenerateVictimLists(const SyntheticOptions& o) {
  Rng rng(o.seed);
  std::vector<Entity> entities;
  entities.reserve(o.entities);
  for (std::size_t i = 0; i < o.entities; ++i) {
    Entity e;
    e.female = rng.Chance(0.4);
    e.given = rng.Below(e.female ? std::size(kFemaleNames) : std::size(kMaleNames));
    e.father = rng.Below(std::size(kMaleNames));
    e.grandfather = rng.Below(std::size(kMaleNames));
    e.family = rng.Below(std::size(kFamilyNames));
    e.nisba = rng.Below(std::size(kNisbas));
    e.year = 1940 + static_cast<int>(rng.Below(71));
    e.month = 1 + static_cast<int>(rng.Below(12));
    e.day = 1 + static_cast<int>(rng.Below(28));
    e.place = rng.Below(std::size(kPlaces));
    entities.push_back(e);
  }
  std::vector<CsvTable> lists(o.lists);
  for (std::size_t l = 0; l < o.lists; ++l) {
    lists[l].header = {"record_id",   "entity_id",   "list",
                       "given_name",  "father_name", "grandfather_name",
                       "family_name", "sex",         "date_of_birth",
                       "age",         "place"};
    std::size_t record = 0;
    for (std::size_t i = 0; i < entities.size(); ++i) {
      if (!rng.Chance(o.capture_probability)) continue;
      lists[l].rows.push_back(WriteRecord(rng, entities[i], l, record++, i, o));
      if (rng.Chance(o.duplicate_probability)) {
        lists[l].rows.push_back(WriteRecord(rng, entities[i], l, record++, i, o));
      }
    }
  }
  return lists;
}

CsvTable ConcatenateLists(const std::vector<CsvTable>& lists) {
  CsvTable out;
  if (lists.empty()) return out;
  out.header = lists[0].header;
  for (const CsvTable& list : lists)
    out.rows.insert(out.rows.end(), list.rows.begin(), list.rows.end());
  return out;
}

}  // namespace giai::linkage

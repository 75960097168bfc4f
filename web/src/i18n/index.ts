// i18next set-up: English, French, Arabic (right-to-left). The chosen language is a preference,
// not personal data, so it is kept in localStorage; nothing else is.
import i18next from 'i18next';
import { en } from './en';
import { fr } from './fr';
import { ar } from './ar';

export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'giai.lang';

function initialLanguage(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'en' || saved === 'fr' || saved === 'ar') return saved;
  const nav = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'en';
  return nav === 'fr' || nav === 'ar' ? nav : 'en';
}

export const i18n = i18next.createInstance();

export async function initI18n(lang: Lang = initialLanguage()): Promise<void> {
  await i18n.init({
    lng: lang,
    fallbackLng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, ar: { translation: ar } },
    interpolation: { escapeValue: false }, // Preact escapes text itself
    returnNull: false,
    showSupportNotice: false,
  });
  applyDocumentLanguage(lang);
}

export function applyDocumentLanguage(lang: Lang): void {
  if (typeof document === 'undefined') return;
  const def = LANGUAGES.find((l) => l.code === lang) ?? LANGUAGES[0];
  document.documentElement.lang = def.code;
  document.documentElement.dir = def.dir;
}

export async function setLanguage(lang: Lang): Promise<void> {
  await i18n.changeLanguage(lang);
  localStorage.setItem(STORAGE_KEY, lang);
  applyDocumentLanguage(lang);
}

export const t = (key: string, vars?: Record<string, unknown>): string => i18n.t(key, vars ?? {}) as string;
export const currentLang = (): Lang => (i18n.language as Lang) ?? 'en';

// Country names in the current language, from the browser's own data.
export function countryName(code: string | undefined): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([currentLang()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

// Language names ("ar" -> "Arabic") in the current language.
export function languageName(code: string | undefined): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([currentLang()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

// Texts of the legal vocabularies come as {en, fr, ...}; pick the current language.
export function localised(text: Record<string, string | undefined> | undefined, fallback = ''): string {
  if (!text) return fallback;
  return text[currentLang()] ?? text.en ?? fallback;
}

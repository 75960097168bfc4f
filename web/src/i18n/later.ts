// Strings of the screens loaded on first use (sharing, linkage review, estimates, the grants
// officer's programme forms): they travel in those screens' chunks, not in the first screen's
// JavaScript, and are added to i18next when the chunk arrives. The translation unit test checks
// them with the others.
import { i18n } from '.';
import { laterEn } from './later.en';
import { laterFr } from './later.fr';
import { laterAr } from './later.ar';

export const LATER = { en: laterEn, fr: laterFr, ar: laterAr };

function add(): void {
  for (const [lang, strings] of Object.entries(LATER)) i18n.addResourceBundle(lang, 'translation', strings, true, true);
}
// i18next attaches addResourceBundle at init (the screens load later; tests may import first).
if (i18n.isInitialized) add();
else i18n.on('initialized', add);

import type { Session } from '../api/types';
import { LANGUAGES, currentLang, setLanguage, t, type Lang } from '../i18n';
import { can, signOut } from '../state/session';
import { navigate } from '../router';
import { Link } from './Link';

export function LanguageSwitcher(props: { onChange: () => void }) {
  return (
    <div class="lang">
      <label for="lang-select">{t('header.language')}</label>
      <select id="lang-select" value={currentLang()} onChange={async (e) => {
        await setLanguage((e.target as HTMLSelectElement).value as Lang);
        props.onChange();
      }}>
        {LANGUAGES.map((l) => <option value={l.code} lang={l.code}>{l.name}</option>)}
      </select>
    </div>
  );
}

export function Header(props: { session: Session | null; onLanguage: () => void }) {
  const s = props.session;
  return (
    <header class="top">
      <a href="#main" class="skip">{t('header.skip')}</a>
      <div class="brand">giai</div>
      {s ? (
        <nav aria-label={t('header.nav')}>
          <ul>
            {can.documentation(s) ? <>
              <li><Link href="/">{t('nav.dashboard')}</Link></li>
              <li><Link href="/incidents" id="nav-incidents">{t('nav.incidents')}</Link></li>
              <li><Link href="/persons">{t('nav.persons')}</Link></li>
              <li><Link href="/units" id="nav-units">{t('nav.units')}</Link></li>
            </> : null}
            {can.cases(s) ? <li><Link href="/cases" id="nav-cases">{t('nav.cases')}</Link></li> : null}
            {can.shares(s) ? <li><Link href="/shares" id="nav-shares">{t('nav.shares')}</Link></li> : null}
            {can.linkage(s) ? <li><Link href="/linkage" id="nav-linkage">{t('nav.linkage')}</Link></li> : null}
            {can.estimate(s) ? <li><Link href="/estimates" id="nav-estimates">{t('nav.estimates')}</Link></li> : null}
            {can.grants(s) ? <li><Link href="/grants" id="nav-grants">{t('nav.grants')}</Link></li> : null}
            {can.review(s) ? <li><Link href="/grants/reviews" id="nav-reviews">{t('nav.reviews')}</Link></li> : null}
            {can.audit(s) ? <li><Link href="/admin/users" id="nav-users">{t('nav.users')}</Link></li> : null}
            {can.audit(s) ? <li><Link href="/admin/audit" id="nav-audit">{t('nav.audit')}</Link></li> : null}
          </ul>
        </nav>
      ) : null}
      <div class="header-end">
        {s ? (
          <p class="who" id="who">
            <span class="org"><bdi>{s.organisation.name}</bdi></span>
            <span class="role">{t(`roles.${s.user.role}`)}</span>
          </p>
        ) : null}
        <LanguageSwitcher onChange={props.onLanguage} />
        {s ? <button type="button" class="secondary" id="sign-out" onClick={async () => { await signOut(); navigate('/', true); }}>{t('header.sign_out')}</button> : null}
      </div>
    </header>
  );
}

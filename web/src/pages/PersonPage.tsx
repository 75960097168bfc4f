import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Identity, Session } from '../api/types';
import { countryName, currentLang, languageName, t } from '../i18n';
import { describeEdtf } from '../edtf/edtf';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { PurposeGate } from '../components/PurposeGate';
import { useAsync } from '../components/useAsync';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { can } from '../state/session';
import { ConsentPanel } from '../consent/ConsentPanel';

// Says what just changed after the page reloads its data; takes focus so it is read out.
function Notice(props: { text: string }) {
  const ref = useFocusOnMount<HTMLParagraphElement>();
  return <p class="notice" role="status" id="person-notice" tabIndex={-1} ref={ref}>{props.text}</p>;
}

function IdentityShown(props: { identity: Identity; onHide: () => void }) {
  const ref = useFocusOnMount<HTMLDivElement>();
  const i = props.identity;
  const rows: [string, string | undefined][] = [
    [t('identity.full_name'), i.full_name], [t('identity.other_names'), i.other_names?.join(', ')],
    [t('identity.contact'), i.contact], [t('identity.address'), i.address], [t('identity.id_numbers'), i.id_numbers?.join(', ')],
  ];
  return (
    <div class="identity" id="identity" tabIndex={-1} ref={ref}>
      <p class="hint">{t('identity.shown_note')}</p>
      <dl>{rows.filter(([, v]) => v).map(([k, v]) => <><dt>{k}</dt><dd><bdi>{v}</bdi></dd></>)}</dl>
      <button type="button" class="secondary" onClick={props.onHide}>{t('identity.hide')}</button>
    </div>
  );
}

// Identity is read only after a purpose is given (audited by the server) and kept in memory.
function IdentityPanel(props: { personId: string }) {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (identity) return <IdentityShown identity={identity} onHide={() => setIdentity(null)} />;
  return (
    <div>
      <PurposeGate id="identity" buttonLabel={t('identity.show')} onConfirm={async (purpose) => {
        setError(null);
        try { setIdentity((await api.persons.identity(props.personId, purpose)).identity ?? {}); } catch (e) { setError(e); }
      }} />
      <ErrorMessage error={error} />
    </div>
  );
}

export function PersonPage(props: { id: string; session: Session }) {
  const s = props.session;
  const state = useAsync(() => Promise.all([api.persons.get(props.id), api.testimonies.list({ person_id: props.id, limit: 100 })]), [props.id]);
  const [notice, setNotice] = useState('');
  useEffect(() => setNotice(''), [props.id]);
  if (state.error) return <ErrorMessage error={state.error} />;
  if (!state.data) return <p role="status">{t('common.loading')}</p>;
  const [{ record: p }, testimonies] = state.data;
  return (
    <article aria-labelledby="person-title">
      <div class="page-head">
        <h1 id="person-title"><span class="pseudonym">{p.pseudonym}</span></h1>
        {can.write(s, 'person') ? <Link href={`/persons/${encodeURIComponent(p.id)}/edit`} class="button">{t('person.edit')}</Link> : null}
      </div>
      <p class="person-links">
        <Link href={`/persons/${encodeURIComponent(p.id)}/links`} id="person-links">{t('person.links')}</Link>
        {can.proposeShare(s) ? <> · <Link href={`/shares/new?type=person_file&id=${encodeURIComponent(p.id)}`} id="person-share">{t('person.share')}</Link></> : null}
        {can.readProtected(s) ? <> · <Link href={`/persons/${encodeURIComponent(p.id)}/interview-check`} id="person-interview-check">{t('person.interview_check')}</Link></> : null}
      </p>
      {notice ? <Notice text={notice} /> : null}
      <dl class="facts">
        {p.sex ? <><dt>{t('person.sex')}</dt><dd>{t(`person.sexes.${p.sex}`)}</dd></> : null}
        {p.gender ? <><dt>{t('person.gender')}</dt><dd><bdi>{p.gender}</bdi></dd></> : null}
        {p.birth ? <><dt>{t('person.birth')}</dt><dd>{describeEdtf(p.birth, t, currentLang())}</dd></> : null}
        {p.nationality ? <><dt>{t('person.nationality')}</dt><dd>{countryName(p.nationality)}</dd></> : null}
        {p.groups?.length ? <><dt>{t('person.groups')}</dt><dd><bdi>{p.groups.join(', ')}</bdi></dd></> : null}
      </dl>
      <section aria-labelledby="identity-h" class="protected">
        <h2 id="identity-h">{t('identity.title')}</h2>
        {!p.has_identity ? <p>{t('identity.none')}</p>
          : can.readProtected(s) ? <IdentityPanel personId={p.id} />
          : <p class="hint" id="identity-restricted">{t('identity.restricted')}</p>}
      </section>
      {can.readConsent(s) ? (
        <section aria-labelledby="consent-h" class="consent">
          <h2 id="consent-h">{t('consent.title')}</h2>
          <ConsentPanel personId={p.id} hasIdentity={!!p.has_identity} session={s}
            onChanged={(text) => { setNotice(text); state.reload(); }} />
        </section>
      ) : null}
      <section aria-labelledby="person-acts-h">
        <h2 id="person-acts-h">{t('person.testimonies')}</h2>
        {testimonies.items.length ? <ul>{testimonies.items.map((x) => <li>
          {t('testimony.summary', { source: t(`testimony.sources.${x.source_type ?? 'other'}`), date: describeEdtf(x.date, t, currentLang()), language: languageName(x.language) })}
          {x.incident_ids?.map((iid) => <> · <Link href={`/incidents/${encodeURIComponent(iid)}`}>{t('person.see_incident')}</Link></>)}
        </li>)}</ul> : <p>{t('person.no_testimonies')}</p>}
      </section>
    </article>
  );
}

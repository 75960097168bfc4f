import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { Session, SharingAgreement, SharingAgreementInput, ShareScope } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { formatDate } from '../grants/money';
import { AgreementActions } from './AgreementActions';
import { type DocumentChoice, SignedCopyFields, documentOf } from './SignedCopy';

const SCOPES: ShareScope[] = ['read_pseudonymised', 'read_identity', 'contribute'];
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

// The register of data-sharing agreements the organisation is a party to. Documenters, support
// and legal officers read it (to cite an agreement in a share); administrators and legal officers
// register, suspend, reinstate and terminate, and attach the signed copy (AgreementActions.tsx). There is no deletion: a terminated agreement stays on record for the
// shares made under it (docs/SHARING.md "Agreements").
export function AgreementsRegister(props: { session: Session }) {
  const manage = can.approveShare(props.session);
  const [tick, setTick] = useState(0);
  const list = useAsync(() => api.shares.agreementPage(null, 100), [tick]);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState('');
  const lang = currentLang();
  const own = props.session.organisation.id;
  const reload = () => setTick((n) => n + 1);
  // "A, B and C" in the interface language (Arabic joins with its own comma).
  const joined = (xs: string[]) => new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(xs);
  return (
    <section aria-labelledby="agreements-title">
      <p><Link href="/shares">{t('sharing.back')}</Link></p>
      <div class="page-head">
        <h1 id="agreements-title">{t('agreements.title')}</h1>
        {manage && !adding ? <button type="button" id="new-agreement" onClick={() => { setAdding(true); setNotice(''); }}>{t('agreements.new')}</button> : null}
      </div>
      <p class="hint">{t('agreements.intro')}</p>
      {notice ? <p class="notice success" role="status" id="agreements-notice">{notice}</p> : null}
      {adding ? <AgreementForm session={props.session} onCancel={() => setAdding(false)}
        onSaved={() => { setAdding(false); setNotice(t('agreements.saved')); setTick((n) => n + 1); }} /> : null}
      <ErrorMessage error={list.error} id="agreements-error" />
      {list.data ? (list.data.items.length === 0 ? <p id="agreements-none">{t('agreements.none')}</p> : (
        <div class="table-wrap"><table class="list" id="agreement-table">
          <caption class="sr-only">{t('agreements.title')}</caption>
          <thead><tr>
            <th scope="col">{t('agreements.name')}</th><th scope="col">{t('agreements.parties')}</th><th scope="col">{t('agreements.scopes')}</th>
            <th scope="col">{t('agreements.period')}</th><th scope="col">{t('agreements.state')}</th>
            {manage ? <th scope="col"><span class="sr-only">{t('agreements.actions')}</span></th> : null}
          </tr></thead>
          <tbody>{list.data.items.map((a) => (
            <tr data-agreement={a.id}>
              <td><bdi id={`agr-name-${a.id}`}>{a.title}</bdi><SignedCopyCell agreement={a} own={own} /></td>
              <td>{joined((a.party_names ?? a.parties).map((n) => `\u2068${n}\u2069`))}</td>
              <td>{joined(a.scopes.map((s) => t(`sharing.scopes.${s}`)))}</td>
              <td>{formatDate(a.starts_on, lang)} – {formatDate(a.ends_on, lang)}</td>
              <td class={`agreement-state ${a.state ?? a.status}`}>{t(`agreements.states.${a.state ?? a.status}`)}</td>
              {manage ? <td><AgreementActions key={`${a.id}-${a.version}`} agreement={a} own={own} onReload={reload}
                onDone={(text) => { setNotice(text); reload(); }} /></td> : null}
            </tr>
          ))}</tbody>
        </table></div>
      )) : list.loading ? <p role="status">{t('common.loading')}</p> : null}
    </section>
  );
}

function AgreementForm(props: { session: Session; onSaved: () => void; onCancel: () => void }) {
  // Legal officers pick the other parties from the organisations on the platform; administrators
  // have no such directory (the server refuses it), so they type the organisation identifiers.
  const recipients = useAsync(() => api.shares.recipients(), []);
  const own = props.session.organisation;
  const [title, setTitle] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read_pseudonymised']);
  const today = new Date();
  const [starts, setStarts] = useState(isoDay(today));
  const [ends, setEnds] = useState(isoDay(new Date(today.getTime() + 365 * 86400e3)));
  const [doc, setDoc] = useState<DocumentChoice>(documentOf());
  const [inForce, setInForce] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (f: string) => (error instanceof ApiError && error.field?.startsWith(f) ? error.problem.detail : undefined);
  const directory = recipients.data?.items;
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (doc.kind === 'evidence' && !doc.evidence_id) { setError('missing'); return; }
    setBusy(true);
    setError(null);
    const others = directory ? picked : typed.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
    const input: SharingAgreementInput = { title: title.trim(), parties: [own.id, ...others], scopes, starts_on: starts, ends_on: ends,
      document: doc.kind === 'evidence' ? { evidence_id: doc.evidence_id } : { reference: doc.reference.trim() }, status: inForce ? 'in_force' : 'draft' };
    try {
      await api.shares.createAgreement(input);
      props.onSaved();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="card" id="agreement-form" onSubmit={submit} aria-labelledby="agreement-form-title">
      <h2 id="agreement-form-title">{t('agreements.new')}</h2>
      <Field id="ag-title" label={t('agreements.name')} hint={t('agreements.name_hint')} required error={fieldError('title')}>
        <input id="ag-title" value={title} required maxLength={200} aria-describedby={describedBy('ag-title', true, fieldError('title'))}
          onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </Field>
      <fieldset aria-describedby={fieldError('parties') ? 'ag-parties-error' : undefined}>
        <legend>{t('agreements.parties')}</legend>
        <p class="hint">{t('agreements.own_party', { name: own.name })}</p>
        {directory ? directory.map((o) => (
          <label class="check"><input type="checkbox" id={`ag-party-${o.id}`} checked={picked.includes(o.id)}
            onChange={(e) => setPicked(toggle(picked, o.id, (e.target as HTMLInputElement).checked))} /> <bdi>{o.name}</bdi> — {t(`sharing.classes.${o.recipient_class}`)}</label>
        )) : recipients.loading ? <p role="status">{t('common.loading')}</p> : (
          <Field id="ag-party-ids" label={t('agreements.party_ids')} hint={t('agreements.party_ids_hint')}>
            <input id="ag-party-ids" dir="ltr" value={typed} aria-describedby="ag-party-ids-hint" onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
          </Field>
        )}
        {fieldError('parties') ? <p class="field-error" id="ag-parties-error" role="alert">{fieldError('parties')}</p> : null}
      </fieldset>
      <fieldset>
        <legend>{t('agreements.scopes')}</legend>
        {SCOPES.map((s) => (
          <label class="check"><input type="checkbox" id={`ag-scope-${s}`} checked={scopes.includes(s)}
            onChange={(e) => setScopes(toggle(scopes, s, (e.target as HTMLInputElement).checked))} /> {t(`sharing.scopes.${s}`)}</label>
        ))}
      </fieldset>
      <div class="row">
        <Field id="ag-starts" label={t('agreements.starts')} required error={fieldError('starts_on')}>
          <input id="ag-starts" type="date" value={starts} required onInput={(e) => setStarts((e.target as HTMLInputElement).value)} />
        </Field>
        <Field id="ag-ends" label={t('agreements.ends')} required error={fieldError('ends_on')}>
          <input id="ag-ends" type="date" value={ends} required aria-describedby={describedBy('ag-ends', false, fieldError('ends_on'))}
            onInput={(e) => setEnds((e.target as HTMLInputElement).value)} />
        </Field>
      </div>
      <SignedCopyFields id="ag" own={own.id} value={doc} onChange={setDoc}
        error={fieldError('document') ?? (error === 'missing' ? t('agreements.ev_needed') : undefined)} />
      <label class="check"><input type="checkbox" id="ag-in-force" checked={inForce} onChange={(e) => setInForce((e.target as HTMLInputElement).checked)} /> {t('agreements.in_force_now')}</label>
      {error !== 'missing' ? <ErrorMessage error={error} id="agreement-form-error" /> : null}
      <div class="actions">
        <button type="submit" id="agreement-save" disabled={busy}>{busy ? t('common.saving') : t('agreements.save')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

// The signed document: a link to the vault item when it is the organisation's own (another
// party's item is not its to open), else the reference where the paper copy is kept.
function SignedCopyCell(props: { agreement: SharingAgreement; own: string }) {
  const d = props.agreement.document;
  if (d?.evidence_id) {
    return <div class="hint">{props.agreement.org_id === props.own
      ? <Link href={`/evidence/${encodeURIComponent(d.evidence_id)}`} id={`copy-link-${props.agreement.id}`}>{t('agreements.signed_copy')}</Link>
      : <>{t('agreements.signed_copy_elsewhere')} <code dir="ltr">{d.evidence_id}</code></>}</div>;
  }
  return d?.reference ? <div class="hint"><bdi>{d.reference}</bdi></div> : null;
}

import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import type { ShareObjectType, ShareScope } from '../api/types';
import { t } from '../i18n';
import { navigate } from '../router';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, describedBy } from '../components/Field';
import { useAsync } from '../components/useAsync';
import { expiryOf } from './share';
import { ObjectPicker, emptyQuery, queryBody } from './ObjectPicker';

const OBJECTS: ShareObjectType[] = ['person_file', 'record', 'evidence', 'case', 'set'];
const SCOPES: ShareScope[] = ['read_pseudonymised', 'read_identity', 'contribute'];

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

// Proposing a share: what, to whom, how much, why, under which agreement and until when. A second
// person approves it; the answer already lists what the consent gate refuses (shown on the share).
export function ShareForm(props: { type?: string; id?: string }) {
  const recipients = useAsync(() => api.shares.recipients(), []);
  const agreements = useAsync(() => api.shares.agreements(), []);
  // The persons to pick from, and the one named in the address (it may lie beyond the first page).
  const persons = useAsync(async () => {
    const page = (await api.persons.list({ limit: 500 })).items;
    if (props.id && props.type === 'person_file' && !page.some((p) => p.id === props.id)) {
      page.unshift((await api.persons.get(props.id)).record);
    }
    return page;
  }, [props.id]);
  const [recipient, setRecipient] = useState('');
  const [type, setType] = useState<ShareObjectType>((OBJECTS as string[]).includes(props.type ?? '') ? props.type as ShareObjectType : 'person_file');
  const [ids, setIds] = useState(props.id ?? '');
  const [setQuery, setSetQuery] = useState(emptyQuery());
  const [scope, setScope] = useState<ShareScope>('read_pseudonymised');
  const [purpose, setPurpose] = useState('');
  const [basis, setBasis] = useState('');
  const [agreement, setAgreement] = useState('');
  const today = new Date();
  const [expiry, setExpiry] = useState(isoDay(new Date(today.getTime() + 90 * 86400e3)));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (f: string) => (error instanceof ApiError && error.field && error.field.startsWith(f) ? error.problem.detail : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const list = ids.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
      const object = type === 'set' ? { type, query: queryBody(setQuery) } : { type, ids: list };
      const share = await api.shares.propose({ recipient_org_id: recipient, object, scope,
        purpose: purpose.trim(), legal_basis: basis.trim(), expires_at: expiryOf(expiry),
        ...(agreement ? { agreement_id: agreement } : {}) });
      navigate(`/shares/${encodeURIComponent(share.id)}?proposed=1`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const max = isoDay(new Date(today.getTime() + 365 * 86400e3));
  // Agreements in force between the two organisations that cover the chosen scope; a mechanism
  // receives only under one (the server checks it again, with the dates).
  const toMechanism = (recipients.data?.items ?? []).some((o) => o.id === recipient && o.kind === 'mechanism');
  const usable = (agreements.data?.items ?? []).filter((a) => a.parties.includes(recipient) &&
    (a.state ?? a.status) === 'in_force' && a.scopes.includes(scope));
  return (
    <form class="card" id="share-form" onSubmit={submit} aria-labelledby="share-form-title">
      <h1 id="share-form-title">{t('sharing.new')}</h1>
      <p class="hint">{t('sharing.two_people')}</p>
      <ErrorMessage error={recipients.error} />
      <Field id="sh-recipient" label={t('sharing.recipient')} required error={fieldError('recipient_org_id')}>
        <select id="sh-recipient" value={recipient} required aria-describedby={describedBy('sh-recipient', false, fieldError('recipient_org_id'))}
          onChange={(e) => setRecipient((e.target as HTMLSelectElement).value)}>
          <option value="">{t('common.choose')}</option>
          {(recipients.data?.items ?? []).map((o) => <option value={o.id}>{o.name} — {t(`sharing.classes.${o.recipient_class}`)}</option>)}
        </select>
      </Field>
      <fieldset>
        <legend>{t('sharing.what')}</legend>
        <Field id="sh-type" label={t('sharing.object')}>
          <select id="sh-type" value={type} onChange={(e) => { setType((e.target as HTMLSelectElement).value as ShareObjectType); setIds(''); }}>
            {OBJECTS.map((o) => <option value={o}>{t(`sharing.objects.${o}`)}</option>)}
          </select>
        </Field>
        {type === 'person_file' ? (
          <Field id="sh-person" label={t('sharing.person')} required error={fieldError('object')}>
            <select id="sh-person" value={ids} required onChange={(e) => setIds((e.target as HTMLSelectElement).value)}>
              <option value="">{t('common.choose')}</option>
              {(persons.data ?? []).map((p) => <option value={p.id}>{p.pseudonym}</option>)}
            </select>
          </Field>
        ) : <ObjectPicker type={type} ids={ids} setIds={setIds} query={setQuery} setQuery={setSetQuery} error={fieldError('object')} />}
      </fieldset>
      <fieldset>
        <legend>{t('sharing.scope')}</legend>
        {SCOPES.map((s) => (
          <label class="check"><input type="radio" name="sh-scope" id={`sh-scope-${s}`} value={s} checked={scope === s} onChange={() => setScope(s)} />
            {' '}{t(`sharing.scopes.${s}`)} <span class="hint">— {t(`sharing.scope_hints.${s}`)}</span></label>
        ))}
      </fieldset>
      <Field id="sh-purpose" label={t('sharing.purpose')} hint={t('sharing.purpose_hint')} required error={fieldError('purpose')}>
        <input id="sh-purpose" value={purpose} required maxLength={500} aria-describedby={describedBy('sh-purpose', true, fieldError('purpose'))}
          onInput={(e) => setPurpose((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="sh-basis" label={t('sharing.legal_basis')} hint={t('sharing.legal_basis_hint')} required error={fieldError('legal_basis')}>
        <input id="sh-basis" value={basis} required maxLength={500} aria-describedby={describedBy('sh-basis', true, fieldError('legal_basis'))}
          onInput={(e) => setBasis((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="sh-agreement" label={t('sharing.agreement')} hint={t(toMechanism ? 'sharing.agreement_required' : 'sharing.agreement_hint')}
        required={toMechanism} error={fieldError('agreement_id')}>
        <select id="sh-agreement" value={agreement} required={toMechanism}
          aria-describedby={describedBy('sh-agreement', true, fieldError('agreement_id'))}
          onChange={(e) => setAgreement((e.target as HTMLSelectElement).value)}>
          <option value="">{usable.length ? t('common.choose') : t('sharing.no_agreement')}</option>
          {usable.map((a) => <option value={a.id}>{a.title} ({a.starts_on} – {a.ends_on})</option>)}
        </select>
      </Field>
      <Field id="sh-expiry" label={t('sharing.expires')} hint={t('sharing.expires_hint')} required error={fieldError('expires_at')}>
        <input id="sh-expiry" type="date" value={expiry} required min={isoDay(today)} max={max}
          aria-describedby={describedBy('sh-expiry', true, fieldError('expires_at'))} onInput={(e) => setExpiry((e.target as HTMLInputElement).value)} />
      </Field>
      <ErrorMessage error={error} id="share-form-error" />
      <div class="actions">
        <button type="submit" id="share-form-save" disabled={busy}>{busy ? t('common.saving') : t('sharing.propose')}</button>
        <button type="button" class="secondary" onClick={() => history.back()}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

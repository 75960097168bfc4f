import { useState } from 'preact/hooks';
import { api, listAll } from '../api/client';
import type { Evidence } from '../api/types';
import { currentLang, t } from '../i18n';
import { Field, describedBy } from '../components/Field';
import { useAsync } from '../components/useAsync';
import { formatBytes } from '../evidence/sha256';
import { formatDate } from '../grants/money';

// An agreement's signed document (docs/SHARING.md "Agreements"): either an item of the evidence
// vault, picked from the organisation's own items (the server accepts only those the caller
// reaches), or a reference to where the paper copy is kept. The server wants exactly one.
export interface DocumentChoice { kind: 'evidence' | 'reference'; evidence_id: string; reference: string }
export const documentOf = (d?: { reference?: string; evidence_id?: string }): DocumentChoice =>
  ({ kind: d?.evidence_id ? 'evidence' : 'reference', evidence_id: d?.evidence_id ?? '', reference: d?.reference ?? '' });
// The merge patch (or body) for the choice: the other member is removed, so that an agreement
// whose reference is replaced by a vault item does not end up with both.
export const documentBody = (c: DocumentChoice) =>
  (c.kind === 'evidence' ? { evidence_id: c.evidence_id, reference: null } : { reference: c.reference.trim(), evidence_id: null });

const SHOWN = 30;

export function SignedCopyFields(props: { id: string; own: string; value: DocumentChoice; onChange: (c: DocumentChoice) => void; error?: string }) {
  const { id, value } = props;
  const set = (patch: Partial<DocumentChoice>) => props.onChange({ ...value, ...patch });
  return (
    <fieldset id={`${id}-doc`} aria-describedby={props.error ? `${id}-doc-error` : undefined}>
      <legend>{t('agreements.document')}</legend>
      <label class="check"><input type="radio" name={`${id}-doc-kind`} id={`${id}-doc-evidence`} checked={value.kind === 'evidence'}
        onChange={() => set({ kind: 'evidence' })} /> {t('agreements.doc_evidence')}</label>
      <label class="check"><input type="radio" name={`${id}-doc-kind`} id={`${id}-doc-reference`} checked={value.kind === 'reference'}
        onChange={() => set({ kind: 'reference' })} /> {t('agreements.doc_reference')}</label>
      {value.kind === 'evidence' ? <EvidenceChoice id={id} own={props.own} chosen={value.evidence_id} onChoose={(x) => set({ evidence_id: x })} /> : (
        <Field id={`${id}-reference`} label={t('agreements.reference')} hint={t('agreements.reference_hint')} required>
          <input id={`${id}-reference`} value={value.reference} required maxLength={500} aria-describedby={describedBy(`${id}-reference`, true, undefined)}
            onInput={(e) => set({ reference: (e.target as HTMLInputElement).value })} />
        </Field>
      )}
      {props.error ? <p class="field-error" id={`${id}-doc-error`} role="alert">{props.error}</p> : null}
    </fieldset>
  );
}

// Words a person can search an item by: its identifier, digest, type and acquisition day.
const haystack = (x: Evidence) => [x.id, x.sha256 ?? '', x.media_type ?? '', x.acquisition?.acquired_at ?? '', x.created_at].join(' ').toLowerCase();

function EvidenceChoice(props: { id: string; own: string; chosen: string; onChoose: (id: string) => void }) {
  const { id } = props;
  const incidents = useAsync(() => listAll(api.incidents.list, {}, 1000), []);
  const [incident, setIncident] = useState('');
  const [search, setSearch] = useState('');
  // The organisation's own stored items (shared items of others are not its to cite).
  const items = useAsync(async () => (await api.evidence.list(incident, null, 500)).items
    .filter((x) => x.org_id === props.own && x.status === 'stored'), [incident]);
  const lang = currentLang();
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matching = (items.data ?? []).filter((x) => words.every((w) => haystack(x).includes(w)));
  // The chosen item stays visible whatever the search, so the choice is never hidden.
  const shown = matching.slice(0, SHOWN);
  const chosen = (items.data ?? []).find((x) => x.id === props.chosen);
  if (chosen && !shown.includes(chosen)) shown.unshift(chosen);
  return (
    <div class="evidence-choice">
      <div class="row">
        <Field id={`${id}-ev-incident`} label={t('agreements.ev_incident')}>
          <select id={`${id}-ev-incident`} value={incident} onChange={(e) => setIncident((e.target as HTMLSelectElement).value)}>
            <option value="">{t('agreements.ev_all')}</option>
            {(incidents.data ?? []).map((i) => <option value={i.id}>{i.title}</option>)}
          </select>
        </Field>
        <Field id={`${id}-ev-search`} label={t('agreements.ev_search')} hint={t('agreements.ev_search_hint')}>
          <input id={`${id}-ev-search`} type="search" dir="ltr" value={search} aria-describedby={`${id}-ev-search-hint`}
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        </Field>
      </div>
      <fieldset id={`${id}-ev-items`}>
        <legend>{t('agreements.ev_choose')}</legend>
        {items.data ? (shown.length ? shown.map((x) => (
          <label class="check"><input type="radio" name={`${id}-ev`} id={`${id}-ev-${x.id}`} value={x.id} checked={props.chosen === x.id}
            onChange={() => props.onChoose(x.id)} />
            {' '}<code class="item-id" dir="ltr">{x.id}</code> · <bdi>{x.media_type ?? t('evidence.unknown_type')}</bdi> · <bdi>{formatBytes(x.size ?? 0, lang)}</bdi>
            {' · '}<bdi>{formatDate(x.acquisition?.acquired_at ?? x.created_at, lang)}</bdi> · <code dir="ltr">{(x.sha256 ?? '').slice(0, 12)}…</code></label>
        )) : <p class="hint" id={`${id}-ev-none`}>{t('agreements.ev_none')}</p>) : items.error ? <p class="hint">{t('agreements.ev_unavailable')}</p> : <p role="status">{t('common.loading')}</p>}
        {matching.length > SHOWN ? <p class="hint" id={`${id}-ev-more`}>{t('agreements.ev_more', { n: new Intl.NumberFormat(lang).format(matching.length - SHOWN) })}</p> : null}
      </fieldset>
    </div>
  );
}

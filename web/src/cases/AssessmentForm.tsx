import { useState } from 'preact/hooks';
import { api, listAll } from '../api/client';
import type { ItemKind, MatrixRow, Relation } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useAsync } from '../components/useAsync';
import type { Suggestion } from './ChargePage';
import { itemKindOf } from './coverage';

const KINDS: ItemKind[] = ['evidence', 'testimony', 'act', 'source'];
const RELATIONS: Relation[] = ['supports', 'contradicts', 'context'];
const SOURCE_TYPES = ['video', 'image', 'social_media_post', 'satellite_image', 'article', 'report', 'document', 'other'];

interface Option { value: string; label: string }

// The items of a kind that can be linked: those of the case's incidents for acts and evidence,
// the organisation's testimonies and open-source items.
async function itemsOf(kind: ItemKind, caseId: string): Promise<Option[]> {
  const { record } = await api.cases.get(caseId);
  const incidents = record.incident_ids ?? [];
  if (kind === 'act') {
    const lists = await Promise.all(incidents.map((i) => listAll(api.acts.list, { incident_id: i }, 1000)));
    return lists.flat().map((a) => ({ value: a.id, label: `${a.act_type} · ${a.id}` }));
  }
  if (kind === 'evidence') {
    const lists = await Promise.all(incidents.map((i) => api.evidence.list(i, null, 200)));
    return lists.flatMap((p) => p.items).map((e) => ({ value: e.id, label: `${e.media_type ?? ''} · ${e.id}` }));
  }
  if (kind === 'testimony') {
    const page = await api.testimonies.list({ limit: 200 });
    // Testimonies about the case's incidents first, then the others.
    const about = (x: { incident_ids?: string[] }) => (x.incident_ids ?? []).some((i) => incidents.includes(i)) ? 0 : 1;
    return [...page.items].sort((a, b) => about(a) - about(b)).map((x) => ({ value: x.id, label: `${x.date ?? ''} · ${x.id}` }));
  }
  const sources = await api.cases.sources();
  return sources.items.map((s) => ({ value: s.id, label: s.title }));
}

// Links an item to an element of the charge: supports / contradicts / context, a weight, a note.
export function AssessmentForm(props: { chargeId: string; caseId: string; rows: MatrixRow[]; prefill: Suggestion | null; onSaved: () => void }) {
  const pre = props.prefill;
  const [element, setElement] = useState(pre?.element_id ?? '');
  const [kind, setKind] = useState<ItemKind>((pre && itemKindOf(pre.item_id)) || 'act');
  const [item, setItem] = useState(pre?.item_id ?? '');
  const [relation, setRelation] = useState<Relation>('supports');
  const [weight, setWeight] = useState(3);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const options = useAsync(() => itemsOf(kind, props.caseId), [kind, props.caseId, tick]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError(null); setSaved(false);
    try {
      await api.cases.assess(props.chargeId, { element_id: element, item_id: item, relation, weight, ...(note.trim() ? { note: note.trim() } : {}) });
      setSaved(true); setNote(''); setItem('');
      props.onSaved();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="card" id="assessment-form" onSubmit={submit} aria-labelledby="assessment-form-title">
      <h2 id="assessment-form-title">{t('assessment.title')}</h2>
      <Field id="as-element" label={t('assessment.element')} required>
        <select id="as-element" value={element} required onChange={(e) => setElement((e.target as HTMLSelectElement).value)}>
          <option value="">{t('common.choose')}</option>
          {props.rows.map((r) => <option value={r.element.id} lang="en">{r.element.text}</option>)}
        </select>
      </Field>
      <Field id="as-kind" label={t('assessment.kind')} required>
        <select id="as-kind" value={kind} onChange={(e) => { setKind((e.target as HTMLSelectElement).value as ItemKind); setItem(''); }}>
          {KINDS.map((k) => <option value={k}>{t(`matrix.kinds.${k}`)}</option>)}
        </select>
      </Field>
      <Field id="as-item" label={t('assessment.item')} required hint={t('assessment.item_hint')}>
        <select id="as-item" value={item} required aria-describedby="as-item-hint" onChange={(e) => setItem((e.target as HTMLSelectElement).value)}>
          <option value="">{options.loading ? t('common.loading') : t('common.choose')}</option>
          {item && !(options.data ?? []).some((o) => o.value === item) ? <option value={item}>{item}</option> : null}
          {(options.data ?? []).map((o) => <option value={o.value}>{o.label}</option>)}
        </select>
      </Field>
      {kind === 'source' ? <NewSource onCreated={(id) => { setTick((n) => n + 1); setItem(id); }} /> : null}
      <fieldset>
        <legend>{t('assessment.relation')}</legend>
        {RELATIONS.map((r) => (
          <label class="check"><input type="radio" name="as-relation" id={`as-relation-${r}`} value={r} checked={relation === r} onChange={() => setRelation(r)} /> {t(`assessment.relations.${r}`)}</label>
        ))}
      </fieldset>
      <Field id="as-weight" label={t('assessment.weight')} hint={t('assessment.weight_hint')}>
        <select id="as-weight" value={String(weight)} aria-describedby="as-weight-hint" onChange={(e) => setWeight(Number((e.target as HTMLSelectElement).value))}>
          {[1, 2, 3, 4, 5].map((w) => <option value={String(w)}>{t(`assessment.weights.w${w}`)}</option>)}
        </select>
      </Field>
      <Field id="as-note" label={t('assessment.note')} hint={t('assessment.note_hint')}>
        <textarea id="as-note" value={note} rows={3} aria-describedby="as-note-hint" onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <ErrorMessage error={error} id="assessment-error" />
      {saved ? <p class="notice success" role="status" id="assessment-saved">{t('assessment.saved')}</p> : null}
      <div class="actions"><button type="submit" id="assessment-save" disabled={busy || !element || !item}>{t('assessment.save')}</button></div>
    </form>
  );
}

// Registers an open-source item once (the same URL twice is refused by the server).
function NewSource(props: { onCreated: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [type, setType] = useState('article');
  const [error, setError] = useState<unknown>(null);
  if (!open) return <button type="button" class="secondary" id="new-source" onClick={() => setOpen(true)}>{t('source.new')}</button>;
  const save = async () => {
    setError(null);
    try {
      const s = await api.cases.addSource({ title: title.trim(), url: url.trim() || undefined, source_type: type, retrieved_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
      props.onCreated(s.id); setOpen(false); setTitle(''); setUrl('');
    } catch (e) { setError(e); }
  };
  return (
    <div class="card" id="source-form">
      <Field id="src-title" label={t('source.title')} required>
        <input id="src-title" value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="src-url" label={t('source.url')}>
        <input id="src-url" type="url" dir="ltr" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="src-type" label={t('source.type')}>
        <select id="src-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
          {SOURCE_TYPES.map((s) => <option value={s}>{t(`source.types.${s}`)}</option>)}
        </select>
      </Field>
      <ErrorMessage error={error} id="source-error" />
      <div class="actions">
        <button type="button" id="source-save" disabled={!title.trim()} onClick={save}>{t('source.save')}</button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}

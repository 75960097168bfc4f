import { useState } from 'preact/hooks';
import type { ListFilters } from '../api/types';
import { t } from '../i18n';
import { useVocab } from '../state/vocab';
import { ActTypePicker } from './ActTypePicker';
import { CountrySelect } from './CountrySelect';
import { CrimeSelect } from './CrimePicker';

export function filtersFromQuery(q: URLSearchParams): ListFilters {
  const f: ListFilters = {};
  for (const k of ['country', 'from', 'to', 'crime', 'act_type'] as const) { const v = q.get(k); if (v) f[k] = v; }
  if (q.get('gender_based') === 'true') f.gender_based = true;
  return f;
}

export function filtersToQuery(f: ListFilters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// The same filters on the lists and the dashboard.
export function Filters(props: { value: ListFilters; onApply: (f: ListFilters) => void }) {
  const vocab = useVocab();
  const [f, setF] = useState<ListFilters>(props.value);
  const set = (patch: Partial<ListFilters>) => setF({ ...f, ...patch });
  return (
    <form class="filters" role="search" aria-label={t('filters.title')} onSubmit={(e) => { e.preventDefault(); props.onApply(f); }}>
      <div class="filter">
        <label for="f-country">{t('filters.country')}</label>
        <CountrySelect id="f-country" value={f.country ?? ''} empty={t('filters.any')} onChange={(v) => set({ country: v || undefined })} />
      </div>
      <div class="filter">
        <label for="f-from">{t('filters.from')}</label>
        <input type="date" id="f-from" value={f.from ?? ''} onInput={(e) => set({ from: (e.target as HTMLInputElement).value || undefined })} />
      </div>
      <div class="filter">
        <label for="f-to">{t('filters.to')}</label>
        <input type="date" id="f-to" value={f.to ?? ''} onInput={(e) => set({ to: (e.target as HTMLInputElement).value || undefined })} />
      </div>
      <div class="filter">
        <label for="f-crime">{t('filters.crime')}</label>
        {vocab ? <CrimeSelect id="f-crime" crimes={vocab.crimes.crimes} value={f.crime ?? ''} empty={t('filters.any')} onChange={(v) => set({ crime: v || undefined })} />
          : <select id="f-crime" disabled><option>{t('common.loading')}</option></select>}
      </div>
      <div class="filter">
        <label for="f-act-type">{t('filters.act_type')}</label>
        {vocab ? <ActTypePicker id="f-act-type" types={vocab.actTypes.act_types} value={f.act_type ?? ''} allowEmpty={t('filters.any')} onChange={(v) => set({ act_type: v || undefined })} />
          : <select id="f-act-type" disabled><option>{t('common.loading')}</option></select>}
      </div>
      <label class="check filter">
        <input type="checkbox" id="f-gender" checked={!!f.gender_based} onChange={(e) => set({ gender_based: (e.target as HTMLInputElement).checked || undefined })} />
        {t('filters.gender_based')}
      </label>
      <div class="filter-actions">
        <button type="submit" id="f-apply">{t('filters.apply')}</button>
        <button type="button" class="secondary" onClick={() => { setF({}); props.onApply({}); }}>{t('filters.clear')}</button>
      </div>
    </form>
  );
}

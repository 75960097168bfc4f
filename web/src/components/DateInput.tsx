import { currentLang, t } from '../i18n';
import { describeEdtf, toEdtf, type DateKind, type FriendlyDate } from '../edtf/edtf';

const KINDS: DateKind[] = ['exact', 'month', 'year', 'around', 'between', 'decade', 'advanced'];

function MonthSelect(props: { id: string; value: string; optional: boolean; label: string; onChange: (v: string) => void }) {
  const fmt = new Intl.DateTimeFormat(currentLang(), { month: 'long', timeZone: 'UTC' });
  return (
    <span class="date-part">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        <option value="">{props.optional ? t('date.no_month') : '—'}</option>
        {Array.from({ length: 12 }, (_, i) => (
          <option value={String(i + 1)}>{fmt.format(new Date(Date.UTC(2000, i, 1)))}</option>
        ))}
      </select>
    </span>
  );
}

function YearInput(props: { id: string; value: string; label: string; onChange: (v: string) => void }) {
  return (
    <span class="date-part">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} class="year" inputMode="numeric" maxLength={4} pattern="[0-9]{4}" value={props.value}
        onInput={(e) => props.onChange((e.target as HTMLInputElement).value.replace(/\D/g, ''))} />
    </span>
  );
}

// A date as a witness tells it, stored as EDTF, read back in words in the current language.
export function DateInput(props: { id: string; legend: string; value: FriendlyDate; error?: string; onChange: (d: FriendlyDate) => void }) {
  const d = props.value;
  const set = (patch: Partial<FriendlyDate>) => props.onChange({ ...d, ...patch });
  const edtf = toEdtf(d);
  const id = props.id;
  return (
    <fieldset class={`date-input${props.error ? ' has-error' : ''}`} id={id}>
      <legend>{props.legend}</legend>
      <div class="date-row">
        <span class="date-part">
          <label for={`${id}-kind`}>{t('date.kind')}</label>
          <select id={`${id}-kind`} value={d.kind} onChange={(e) => set({ kind: (e.target as HTMLSelectElement).value as DateKind })}>
            {KINDS.map((k) => <option value={k}>{t(`date.kinds.${k}`)}</option>)}
          </select>
        </span>
        {d.kind === 'exact' ? (
          <span class="date-part">
            <label for={`${id}-day`}>{t('date.day')}</label>
            <input id={`${id}-day`} class="day" inputMode="numeric" maxLength={2} value={d.day}
              onInput={(e) => set({ day: (e.target as HTMLInputElement).value.replace(/\D/g, '') })} />
          </span>
        ) : null}
        {['exact', 'month', 'around', 'between'].includes(d.kind) ? (
          <MonthSelect id={`${id}-month`} label={d.kind === 'between' ? t('date.from_month') : t('date.month')}
            value={d.month} optional={d.kind === 'around' || d.kind === 'between'} onChange={(v) => set({ month: v })} />
        ) : null}
        {d.kind !== 'advanced' ? (
          <YearInput id={`${id}-year`} label={d.kind === 'between' ? t('date.from_year') : d.kind === 'decade' ? t('date.decade_year') : t('date.year')}
            value={d.year} onChange={(v) => set({ year: v })} />
        ) : null}
        {d.kind === 'between' ? (
          <>
            <MonthSelect id={`${id}-month2`} label={t('date.to_month')} value={d.month2} optional onChange={(v) => set({ month2: v })} />
            <YearInput id={`${id}-year2`} label={t('date.to_year')} value={d.year2} onChange={(v) => set({ year2: v })} />
          </>
        ) : null}
        {d.kind === 'advanced' ? (
          <span class="date-part">
            <label for={`${id}-text`}>{t('date.edtf')}</label>
            <input id={`${id}-text`} dir="ltr" value={d.text} onInput={(e) => set({ text: (e.target as HTMLInputElement).value })} />
          </span>
        ) : null}
      </div>
      {d.kind !== 'advanced' ? (
        <label class="check">
          <input type="checkbox" id={`${id}-uncertain`} checked={d.uncertain} onChange={(e) => set({ uncertain: (e.target as HTMLInputElement).checked })} />
          {t('date.uncertain')}
        </label>
      ) : null}
      <p class="date-words" aria-live="polite" id={`${id}-words`}>
        {edtf ? t('date.reads_as', { words: describeEdtf(edtf, t, currentLang()) }) : t('date.incomplete')}
      </p>
      {props.error ? <p class="field-error" role="alert">{props.error}</p> : null}
    </fieldset>
  );
}

import type { IndicatorValue } from '../api/types';
import { countryName, currentLang, t } from '../i18n';
import { CountrySelect } from '../components/CountrySelect';
import { Field } from '../components/Field';

// Indicator values reported by a grantee, structured for the programme's results framework.
export interface IndicatorDraft {
  indicator_id: string; value: string; unit: string; female: string; male: string; other: string; unknown: string;
  countries: { code: string; n: string }[];
}
export const emptyIndicator = (): IndicatorDraft => ({ indicator_id: '', value: '', unit: '', female: '', male: '', other: '', unknown: '', countries: [] });
const SEXES = ['female', 'male', 'other', 'unknown'] as const;

// An indicator value as the server keeps it: a count, optionally split by sex and by country
// (each split must add up to the value; the server says so by the field if not).
export function indicatorValue(d: IndicatorDraft, period: string): IndicatorValue {
  const sex: Record<string, number> = {};
  for (const s of SEXES) if (d[s].trim() !== '') sex[s] = Number(d[s]);
  const country: Record<string, number> = {};
  for (const c of d.countries) if (c.code) country[c.code] = Number(c.n || 0);
  const split = { ...(Object.keys(sex).length ? { sex } : {}), ...(Object.keys(country).length ? { country } : {}) };
  return { indicator_id: d.indicator_id.trim(), period, value: Number(d.value), ...(d.unit.trim() ? { unit: d.unit.trim() } : {}),
    ...(Object.keys(split).length ? { disaggregation: split } : {}) };
}

export function IndicatorFields(props: { value: IndicatorDraft; onChange: (d: IndicatorDraft) => void; error?: string }) {
  const d = props.value;
  const set = (k: keyof IndicatorDraft) => (e: Event) => props.onChange({ ...d, [k]: (e.target as HTMLInputElement).value });
  return (
    <fieldset id="rp-indicator" aria-describedby={props.error ? 'rp-indicator-error' : undefined}>
      <legend>{t('indicator.title')}</legend>
      <div class="row">
        <Field id="rp-ind-id" label={t('indicator.id')} hint={t('indicator.id_hint')} required>
          <input id="rp-ind-id" value={d.indicator_id} required dir="ltr" aria-describedby="rp-ind-id-hint" onInput={set('indicator_id')} />
        </Field>
        <Field id="rp-ind-value" label={t('indicator.value')} required>
          <input id="rp-ind-value" value={d.value} required inputMode="numeric" dir="ltr" onInput={set('value')} />
        </Field>
        <Field id="rp-ind-unit" label={t('indicator.unit')}><input id="rp-ind-unit" value={d.unit} onInput={set('unit')} /></Field>
      </div>
      <p class="hint">{t('indicator.by_sex_hint')}</p>
      <div class="row">{SEXES.map((s) => (
        <Field id={`rp-ind-${s}`} label={t(`indicator.sexes.${s}`)}>
          <input id={`rp-ind-${s}`} value={d[s]} inputMode="numeric" dir="ltr" onInput={set(s)} />
        </Field>
      ))}</div>
      <p class="hint">{t('indicator.by_country_hint')}</p>
      {d.countries.map((c, i) => {
        const row = (patch: Partial<{ code: string; n: string }>) => props.onChange({ ...d, countries: d.countries.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
        return (
          <div class="row" data-country-row={i}>
            <Field id={`rp-ind-country-${i}`} label={t('indicator.country_n', { n: i + 1 })}>
              <CountrySelect id={`rp-ind-country-${i}`} value={c.code} empty={t('common.choose')} onChange={(v) => row({ code: v })} />
            </Field>
            <Field id={`rp-ind-country-n-${i}`} label={t('indicator.count')}>
              <input id={`rp-ind-country-n-${i}`} value={c.n} inputMode="numeric" dir="ltr" onInput={(e) => row({ n: (e.target as HTMLInputElement).value })} />
            </Field>
          </div>
        );
      })}
      <button type="button" class="secondary" id="rp-ind-add-country" onClick={() => props.onChange({ ...d, countries: [...d.countries, { code: '', n: '' }] })}>{t('indicator.add_country')}</button>
      {props.error ? <p class="field-error" id="rp-indicator-error" role="alert">{props.error}</p> : null}
    </fieldset>
  );
}

// An indicator report's values in words: "people trained: 12 (female 7, male 5)".
export function IndicatorSummary(props: { values?: IndicatorValue[] }) {
  if (!props.values?.length) return null;
  const lang = currentLang();
  const n = (x: number) => new Intl.NumberFormat(lang).format(x);
  return (
    <ul class="indicators">{props.values.map((v) => {
      const sex = Object.entries(v.disaggregation?.sex ?? {}).map(([k, c]) => `${t(`indicator.sexes.${k}`)} ${n(c ?? 0)}`).join(', ');
      const countries = Object.entries(v.disaggregation?.country ?? {}).map(([k, c]) => `${countryName(k)} ${n(c)}`).join(', ');
      return <li><code dir="ltr">{v.indicator_id}</code>: {n(v.value)}{v.unit ? <> <bdi>{v.unit}</bdi></> : null}{sex ? ` (${sex})` : ''}{countries ? ` (${countries})` : ''}</li>;
    })}</ul>
  );
}

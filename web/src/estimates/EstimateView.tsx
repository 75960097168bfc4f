import type { ComponentChildren } from 'preact';
import type { EstimateResult, EstimateWarning } from '../api/types';
import { currentLang, t } from '../i18n';
import { BarChart } from '../dashboard/BarChart';
import { IntervalChart } from './IntervalChart';
import { overlapRows, reasonsWithoutNumber } from './capture';
import { warningText } from './warnings';

// The answer of an estimate: the number with its interval, or no number and why; the overlap
// plot (unless the caller draws its own, as the records tab does) and the strata.
export function EstimateView(props: { result: EstimateResult; overlap?: ComponentChildren }) {
  const r = props.result;
  const lang = currentLang();
  const n = (x: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(x);
  const e = r.estimate;
  const rows = overlapRows(r);
  const rtl = document.documentElement.dir === 'rtl';
  const pct = e ? new Intl.NumberFormat(lang, { style: 'percent' }).format(e.level ?? 0.95) : '';
  return (
    <section class="card" aria-labelledby="est-result-h" id="estimate-result">
      <h2 id="est-result-h">{t('estimates.result')}</h2>
      <p id="est-observed">{t('estimates.observed', { n: n(r.observed) })}</p>
      {e ? (
        <p class="estimate-headline" id="est-value" data-value={e.value} data-lower={e.lower} data-upper={e.upper}>
          {t('estimates.headline', { value: n(e.value), lower: n(e.lower), upper: n(e.upper), level: pct })}
        </p>
      ) : (
        <div class="notice withdrawn" id="est-none" role="alert">
          <p>{t('estimates.no_number')}</p>
        </div>
      )}
      {(() => {
        const reasons = e ? r.warnings : reasonsWithoutNumber(r);
        return reasons.length ? (
          <section aria-labelledby="est-warn-h">
            <h3 id="est-warn-h">{e ? t('estimates.warnings') : t('estimates.reasons')}</h3>
            <ul id="est-warnings">{reasons.map((w) => <Warning warning={w} />)}</ul>
          </section>
        ) : null;
      })()}
      {e ? (
        <IntervalChart id="est-chart" title={t('estimates.chart_estimate')} rtl={rtl} format={n}
          labels={{ observed: t('estimates.observed_label'), estimate: t('estimates.estimate_label'), interval: t('estimates.interval_label', { level: pct }) }}
          observed={r.observed} value={e.value} lower={e.lower} upper={e.upper} />
      ) : null}
      {props.overlap ?? (rows.length ? (
        <BarChart id="overlap-chart" title={t('estimates.chart_overlap')} horizontal rtl={rtl}
          labels={rows.map((x) => x.label)} series={[{ label: t('estimates.people'), values: rows.map((x) => x.count), color: '#3f6aa6' }]} />
      ) : null)}
      {r.strata.length > 1 ? (
        <div class="table-wrap"><table class="list" id="strata-table">
          <caption>{t('estimates.per_stratum')}</caption>
          <thead><tr><th scope="col">{t('estimates.stratum')}</th><th scope="col">{t('estimates.observed_label')}</th><th scope="col">{t('estimates.estimate_label')}</th></tr></thead>
          <tbody>{r.strata.map((s) => (
            <tr><th scope="row"><bdi>{s.name}</bdi></th><td>{n(s.observed)}</td>
              <td>{s.loglinear?.estimate !== undefined ? `${n(s.loglinear.estimate)}${s.loglinear.interval ? ` (${n(s.loglinear.interval.lower)}–${n(s.loglinear.interval.upper)})` : ''}` : t('estimates.none_short')}</td></tr>
          ))}</tbody>
        </table></div>
      ) : null}
    </section>
  );
}

// One warning in the interface language; the model's own reason, and a message for a code this
// screen does not know, stay in English and are marked so (screen readers switch voice).
function Warning(props: { warning: EstimateWarning }) {
  const w = warningText(props.warning);
  if (w.english) return <li data-code={props.warning.code} lang="en" dir="ltr">{w.text}</li>;
  return (
    <li data-code={props.warning.code}>{w.text}{w.detail ? <span class="hint warning-detail">{t('estimates.warning.detail')} <bdi lang="en" dir="ltr">{w.detail}</bdi></span> : null}</li>
  );
}

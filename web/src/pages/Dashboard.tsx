import { api, listAll } from '../api/client';
import type { Session } from '../api/types';
import { countryName, currentLang, t } from '../i18n';
import { aggregate, type Counts, type TripleCounts } from '../dashboard/aggregate';
import { BarChart, type Series } from '../dashboard/BarChart';
import { WorldMap } from '../dashboard/WorldMap';
import { intlLocale } from '../edtf/edtf';
import { ErrorMessage } from '../components/ErrorMessage';
import { Filters, filtersFromQuery, filtersToQuery } from '../components/Filters';
import { useAsync } from '../components/useAsync';
import { navigate } from '../router';
import { loadVocab } from '../state/vocab';

const COLORS = { incidents: '#3b6ea5', acts: '#2f7f6f', victims: '#7a5195', sex: '#b55d3c' };

async function load(query: URLSearchParams) {
  const filters = filtersFromQuery(query);
  const [incidents, acts, persons, vocab] = await Promise.all([
    listAll(api.incidents.list, filters),
    listAll(api.acts.list, filters),
    listAll(api.persons.list, {}),
    loadVocab(),
  ]);
  return aggregate(incidents, acts, persons, vocab.crimes.crimes);
}

// Labels and one series per measure, for charts of incidents, acts and people harmed.
function triple(m: TripleCounts, label: (k: string) => string): { labels: string[]; series: Series[] } {
  const keys = [...m.keys()];
  return {
    labels: keys.map(label),
    series: (['incidents', 'acts', 'victims'] as const).map((f) => ({ label: t(`dashboard.${f}_label`), color: COLORS[f], values: keys.map((k) => m.get(k)![f]) })),
  };
}

function single(m: Counts, label: (k: string) => string, name: string, color: string) {
  const sorted = [...m].sort((a, b) => b[1] - a[1]);
  return { labels: sorted.map(([k]) => label(k)), series: [{ label: name, color, values: sorted.map(([, v]) => v) }] };
}

export function Dashboard(props: { session: Session; query: URLSearchParams }) {
  const key = filtersToQuery(filtersFromQuery(props.query));
  const state = useAsync(() => load(props.query), [key]);
  const rtl = currentLang() === 'ar';
  const monthFmt = new Intl.DateTimeFormat(intlLocale(currentLang()), { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const d = state.data;
  const category = (k: string) => t(`crime_category.${k}`);
  const byCountry = d ? new Map([...d.byCountry].sort((a, b) => b[1].incidents - a[1].incidents)) : new Map();
  return (
    <section aria-labelledby="dash-title" class="dashboard">
      <h1 id="dash-title">{t('dashboard.title')}</h1>
      <p class="hint">{t('dashboard.hint', { org: props.session.organisation.name })}</p>
      <Filters key={key} value={filtersFromQuery(props.query)} onApply={(f) => navigate(`/${filtersToQuery(f)}`)} />
      <ErrorMessage error={state.error} />
      {!d ? <p role="status">{t('common.loading')}</p> : (
        <>
          <ul class="totals" id="totals">
            <li class="card"><span class="n">{d.totals.incidents}</span> {t('dashboard.incidents')}</li>
            <li class="card"><span class="n">{d.totals.acts}</span> {t('dashboard.acts')}</li>
            <li class="card"><span class="n">{d.totals.victims}</span> {t('dashboard.victims')}</li>
            <li class="card"><span class="n">{d.totals.genderBasedActs}</span> {t('dashboard.gender_based_acts')}</li>
          </ul>
          <div class="grid">
            <WorldMap title={t('dashboard.by_country_map')} counts={new Map([...d.byCountry].map(([k, v]) => [k, v.incidents]))} />
            <BarChart id="chart-category" title={t('dashboard.acts_by_category')} horizontal rtl={rtl}
              {...single(d.actsByCategory, category, t('dashboard.acts_label'), COLORS.acts)} />
            <BarChart id="chart-victims-category" title={t('dashboard.victims_by_category')} horizontal rtl={rtl}
              {...single(d.victimsByCategory, category, t('dashboard.victims_label'), COLORS.victims)} />
            {d.byMonth.size <= 36
              ? <BarChart id="chart-month" title={t('dashboard.by_month')} rtl={rtl} {...triple(d.byMonth, (k) => monthFmt.format(new Date(`${k}-01T00:00:00Z`)))} />
              : <BarChart id="chart-month" title={t('dashboard.by_year')} rtl={rtl} {...triple(d.byYear, (k) => k)} />}
            <BarChart id="chart-country" title={t('dashboard.by_country')} horizontal rtl={rtl} {...triple(byCountry, countryName)} />
            <BarChart id="chart-sex" title={t('dashboard.victims_by_sex')} horizontal rtl={rtl}
              {...single(d.victimsBySex, (k) => t(`person.sexes.${k}`), t('dashboard.victims_label'), COLORS.sex)} />
          </div>
          <p class="hint">{t('dashboard.method_note')}</p>
        </>
      )}
    </section>
  );
}

import { api, listAll } from '../api/client';
import type { Session } from '../api/types';
import { countryName, currentLang, t } from '../i18n';
import { aggregate } from '../dashboard/aggregate';
import { intlLocale } from '../edtf/edtf';
import { BarChart } from '../dashboard/BarChart';
import { WorldMap } from '../dashboard/WorldMap';
import { ErrorMessage } from '../components/ErrorMessage';
import { Filters, filtersFromQuery, filtersToQuery } from '../components/Filters';
import { useAsync } from '../components/useAsync';
import { navigate } from '../router';
import { loadVocab } from '../state/vocab';

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

export function Dashboard(props: { session: Session; query: URLSearchParams }) {
  const key = filtersToQuery(filtersFromQuery(props.query));
  const state = useAsync(() => load(props.query), [key]);
  const rtl = currentLang() === 'ar';
  const monthFmt = new Intl.DateTimeFormat(intlLocale(currentLang()), { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const d = state.data;
  const entries = (m: Map<string, number>, label: (k: string) => string) => ({ labels: [...m.keys()].map(label), values: [...m.values()] });
  const byValue = (m: Map<string, number>) => new Map([...m].sort((a, b) => b[1] - a[1]));
  return (
    <section aria-labelledby="dash-title" class="dashboard">
      <h1 id="dash-title">{t('dashboard.title')}</h1>
      <p class="hint">{t('dashboard.hint', { org: props.session.organisation.name })}</p>
      <Filters value={filtersFromQuery(props.query)} onApply={(f) => navigate(`/${filtersToQuery(f)}`)} />
      <ErrorMessage error={state.error} />
      {!d ? <p role="status">{t('common.loading')}</p> : (
        <>
          <ul class="totals" id="totals">
            <li class="card"><span class="n">{d.totals.incidents}</span> {t('dashboard.incidents')}</li>
            <li class="card"><span class="n">{d.totals.acts}</span> {t('dashboard.acts')}</li>
            <li class="card"><span class="n">{d.totals.victims}</span> {t('dashboard.victims')}</li>
          </ul>
          <div class="grid">
            <WorldMap title={t('dashboard.by_country_map')} counts={d.incidentsByCountry} />
            <BarChart id="chart-category" title={t('dashboard.acts_by_category')} horizontal rtl={rtl}
              {...entries(byValue(d.actsByCategory), (k) => t(`crime_category.${k}`))} />
            <BarChart id="chart-victims-category" title={t('dashboard.victims_by_category')} horizontal rtl={rtl} color="#7a5195"
              {...entries(byValue(d.victimsByCategory), (k) => t(`crime_category.${k}`))} />
            {d.incidentsByMonth.size <= 36 ? (
              <BarChart id="chart-month" title={t('dashboard.incidents_by_month')} rtl={rtl} color="#2f7f6f"
                {...entries(d.incidentsByMonth, (k) => monthFmt.format(new Date(`${k}-01T00:00:00Z`)))} />
            ) : (
              <BarChart id="chart-month" title={t('dashboard.incidents_by_year')} rtl={rtl} color="#2f7f6f"
                {...entries(d.incidentsByYear, (k) => k)} />
            )}
            <BarChart id="chart-country" title={t('dashboard.incidents_by_country')} horizontal rtl={rtl}
              {...entries(byValue(d.incidentsByCountry), countryName)} />
            <BarChart id="chart-sex" title={t('dashboard.victims_by_sex')} horizontal rtl={rtl} color="#b55d3c"
              {...entries(byValue(d.victimsBySex), (k) => t(`person.sexes.${k}`))} />
          </div>
          <p class="hint">{t('dashboard.method_note')}</p>
        </>
      )}
    </section>
  );
}

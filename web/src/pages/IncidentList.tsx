import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session } from '../api/types';
import { countryName, currentLang, t } from '../i18n';
import { describeEdtf } from '../edtf/edtf';
import { Filters, filtersFromQuery, filtersToQuery } from '../components/Filters';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { navigate } from '../router';
import { can } from '../state/session';

const PAGE = 20;

export function IncidentList(props: { session: Session; query: URLSearchParams }) {
  const filters = filtersFromQuery(props.query);
  const key = filtersToQuery(filters);
  // Cursor of each page seen, for the current filters only (back/forward can change them).
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const cursors = paging.key === key ? paging.cursors : [null];
  const setCursors = (c: (string | null)[]) => setPaging({ key, cursors: c });
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(() => api.incidents.list({ ...filters, limit: PAGE, cursor }), [key, cursor]);
  return (
    <section aria-labelledby="incidents-title">
      <div class="page-head">
        <h1 id="incidents-title">{t('incidents.title')}</h1>
        {can.write(props.session, 'incident') ? <Link href="/incidents/new" class="button" id="new-incident">{t('incidents.new')}</Link> : null}
      </div>
      <Filters key={key} value={filters} onApply={(f) => navigate(`/incidents${filtersToQuery(f)}`)} />
      <ErrorMessage error={page.error} />
      {page.loading ? <p role="status">{t('common.loading')}</p> : null}
      {page.data ? (
        page.data.items.length === 0 ? <p>{t('incidents.none')}</p> : (
          <div class="table-wrap"><table class="list" id="incident-table">
            <caption class="sr-only">{t('incidents.title')}</caption>
            <thead><tr><th scope="col">{t('incident.title')}</th><th scope="col">{t('incident.date')}</th><th scope="col">{t('incident.country')}</th><th scope="col">{t('incident.status')}</th></tr></thead>
            <tbody>
              {page.data.items.map((i) => (
                <tr>
                  <td><Link href={`/incidents/${encodeURIComponent(i.id)}`}><bdi>{i.title}</bdi></Link></td>
                  <td>{describeEdtf(i.date, t, currentLang())}</td>
                  <td>{countryName(i.country)}</td>
                  <td>{i.status ? t(`incident.statuses.${i.status}`) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        )
      ) : null}
      <nav class="pager" aria-label={t('common.pages')}>
        <button type="button" class="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</button>
        <span id="page-number">{t('common.page_n', { n: cursors.length })}</span>
        <button type="button" class="secondary" id="next-page" disabled={!page.data?.next_cursor}
          onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>{t('common.next')}</button>
      </nav>
    </section>
  );
}

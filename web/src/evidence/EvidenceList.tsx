// The evidence items of an incident, on the incident page (GET /evidence?incident_id=...).
import { api } from '../api/client';
import type { Evidence, Page, Session } from '../api/types';
import { currentLang, t } from '../i18n';
import { intlLocale } from '../edtf/edtf';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { formatBytes } from './sha256';

async function loadAll(incidentId: string): Promise<Evidence[]> {
  const out: Evidence[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Evidence> = await api.evidence.list(incidentId, cursor, 100);
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && out.length < 1000);
  return out;
}

export function EvidenceList(props: { incidentId: string; session: Session }) {
  const s = props.session;
  const state = useAsync(() => loadAll(props.incidentId), [props.incidentId]);
  const items = state.data ?? [];
  return (
    <section aria-labelledby="evidence-h">
      <div class="page-head">
        <h2 id="evidence-h">{t('evidence.title', { count: items.length })}</h2>
        {can.write(s, 'evidence') ? <Link href={`/incidents/${encodeURIComponent(props.incidentId)}/evidence/new`} class="button" id="add-evidence">{t('evidence.add')}</Link> : null}
      </div>
      {state.error ? <ErrorMessage error={state.error} />
        : !state.data ? <p role="status">{t('common.loading')}</p>
        : !items.length ? <p>{t('evidence.none')}</p>
        : (
          <div class="table-wrap">
            <table class="list" id="evidence-table">
              <caption class="sr-only">{t('evidence.list_caption')}</caption>
              <thead><tr>
                <th scope="col">{t('evidence.item')}</th><th scope="col">{t('evidence.media_type')}</th><th scope="col">{t('evidence.size')}</th>
                <th scope="col">{t('evidence.sha256')}</th><th scope="col">{t('evidence.status')}</th><th scope="col">{t('evidence.derived_from')}</th>
              </tr></thead>
              <tbody>{items.map((e) => (
                <tr data-id={e.id}>
                  <td><Link href={`/evidence/${encodeURIComponent(e.id)}`}><code dir="ltr">{e.id}</code></Link></td>
                  <td><bdi>{e.media_type ?? t('evidence.unknown_type')}</bdi></td>
                  <td>{e.size !== undefined ? <bdi dir="ltr">{formatBytes(e.size, intlLocale(currentLang()))}</bdi> : ''}</td>
                  <td>{e.sha256 ? <code class="hash" dir="ltr" title={e.sha256}>{e.sha256.slice(0, 16)}…</code> : ''}</td>
                  <td>{t(`evidence.statuses.${e.status}`)}</td>
                  <td>{e.parent_id ? <code dir="ltr">{e.parent_id}</code> : ''}</td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        )}
    </section>
  );
}

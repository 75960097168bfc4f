import { useState } from 'preact/hooks';
import { api, listAll } from '../api/client';
import type { AuditEvent, Session } from '../api/types';
import { currentLang, t } from '../i18n';
import { intlLocale } from '../edtf/edtf';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';

const PAGE = 50;
const PROTECTED_READ = /identity\.read|narrative\.read|evidence\.content\.read/;

async function load() {
  // The API lists events oldest first; the trail is read newest first.
  const [events, users] = await Promise.all([
    listAll((f) => api.audit(f.cursor, 500), {}, 10000),
    api.users().then((p) => p.items, () => []),
  ]);
  return { events: events.reverse(), emails: new Map(users.map((u) => [u.id, u.email])) };
}

// The UI percent-encodes purposes that are not ASCII (HTTP header values); show them decoded.
function purposeText(p: string | undefined): string {
  if (!p || !/%[0-9A-Fa-f]{2}/.test(p)) return p ?? '';
  try { return decodeURIComponent(p); } catch { return p; }
}

const actionLabel = (action: string) => t(`audit.actions.${action.replace(/\./g, '_')}`, { defaultValue: action });

export function AuditTrail(props: { session: Session }) {
  const [page, setPage] = useState(0);
  const [onlyProtected, setOnlyProtected] = useState(false);
  const state = useAsync(load, []);
  if (!can.audit(props.session)) return <p>{t('errors.code.forbidden')}</p>;
  const when = new Intl.DateTimeFormat(intlLocale(currentLang()), { dateStyle: 'medium', timeStyle: 'medium' });
  const events: AuditEvent[] = (state.data?.events ?? []).filter((e) => !onlyProtected || PROTECTED_READ.test(e.action));
  const pages = Math.max(1, Math.ceil(events.length / PAGE));
  const shown = events.slice(page * PAGE, (page + 1) * PAGE);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p class="hint">{t('audit.hint')}</p>
      <label class="check">
        <input type="checkbox" id="audit-protected" checked={onlyProtected} onChange={(e) => { setOnlyProtected((e.target as HTMLInputElement).checked); setPage(0); }} />
        {t('audit.only_protected')}
      </label>
      <ErrorMessage error={state.error} />
      {state.data ? (
        <div class="table-wrap"><table class="list" id="audit-table">
          <thead><tr>{['at', 'user', 'action', 'record', 'purpose', 'outcome'].map((k) => <th scope="col">{t(`audit.${k}`)}</th>)}</tr></thead>
          <tbody>{shown.map((e) => (
            <tr>
              <td>{when.format(new Date(e.at))}</td>
              <td dir="ltr">{state.data!.emails.get(e.user_id) ?? e.user_id}</td>
              <td>{actionLabel(e.action)}</td>
              <td dir="ltr">{e.record_id ?? ''}</td>
              <td><bdi>{purposeText(e.purpose)}</bdi></td>
              <td>{t(`audit.outcomes.${e.outcome}`, { defaultValue: e.outcome })}</td>
            </tr>
          ))}</tbody>
        </table></div>
      ) : <p role="status">{t('common.loading')}</p>}
      <nav class="pager" aria-label={t('common.pages')}>
        <button type="button" class="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>{t('common.previous')}</button>
        <span>{t('common.page_of', { n: page + 1, total: pages })}</span>
        <button type="button" class="secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>{t('common.next')}</button>
      </nav>
    </section>
  );
}

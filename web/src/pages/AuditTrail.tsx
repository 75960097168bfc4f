import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';

export function AuditTrail(props: { session: Session }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(() => api.audit(cursor), [cursor]);
  if (!can.audit(props.session)) return <p>{t('errors.code.forbidden')}</p>;
  const when = new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p class="hint">{t('audit.hint')}</p>
      <ErrorMessage error={page.error} />
      {page.data ? (
        <table class="list" id="audit-table">
          <thead><tr>{['at', 'user', 'action', 'record', 'purpose', 'outcome'].map((k) => <th scope="col">{t(`audit.${k}`)}</th>)}</tr></thead>
          <tbody>{page.data.items.map((e) => (
            <tr>
              <td>{when.format(new Date(e.at))}</td>
              <td dir="ltr">{e.user_id}</td>
              <td>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</td>
              <td dir="ltr">{e.record_id ?? ''}</td>
              <td>{e.purpose ?? ''}</td>
              <td>{t(`audit.outcomes.${e.outcome}`, { defaultValue: e.outcome })}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : <p role="status">{t('common.loading')}</p>}
      <nav class="pager" aria-label={t('common.pages')}>
        <button type="button" class="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</button>
        <span>{t('common.page_n', { n: cursors.length })}</span>
        <button type="button" class="secondary" disabled={!page.data?.next_cursor} onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>{t('common.next')}</button>
      </nav>
    </section>
  );
}

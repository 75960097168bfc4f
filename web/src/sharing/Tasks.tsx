import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session, ShareTask } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { formatDate } from '../grants/money';

// Follow-up tasks: when a person withdraws consent, the owner and every organisation that
// received their data get a task (remove copies, stop using). Closed with a note of what was
// done — never names.
export function Tasks(props: { session: Session }) {
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [tick, setTick] = useState(0);
  const tasks = useAsync(() => api.shares.tasks(status), [status, tick]);
  const lang = currentLang();
  const own = props.session.organisation.id;
  return (
    <section class="card" aria-labelledby="tasks-h">
      <h2 id="tasks-h">{t('sharing.tasks')}</h2>
      <p class="hint">{t('sharing.tasks_hint')}</p>
      <div class="field">
        <label for="task-status">{t('linkage.show')}</label>
        <select id="task-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as 'open' | 'closed')}>
          <option value="open">{t('sharing.task_open')}</option>
          <option value="closed">{t('sharing.task_closed')}</option>
        </select>
      </div>
      <ErrorMessage error={tasks.error} />
      {tasks.data ? (tasks.data.items.length === 0 ? <p id="tasks-none">{t('sharing.no_tasks')}</p> : (
        <ul class="links" id="task-list">
          {tasks.data.items.map((x) => <Task task={x} ownOrg={own} lang={lang} onClosed={() => setTick((n) => n + 1)} />)}
        </ul>
      )) : tasks.loading ? <p role="status">{t('common.loading')}</p> : null}
    </section>
  );
}

function Task(props: { task: ShareTask; ownOrg: string; lang: string; onClosed: () => void }) {
  const x = props.task;
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The owner's task names its own person (a link); a recipient's names the share it received.
  const ownPerson = x.origin_org_id === props.ownOrg && x.person_id;
  const close = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try { await api.shares.closeTask(x.id, note.trim()); props.onClosed(); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <li class="card" data-task={x.id}>
      <p><strong>{t(`sharing.task_types.${x.type}`, { defaultValue: x.type })}</strong> — {formatDate(x.created_at, props.lang, true)}</p>
      <p>
        {t('sharing.task_person')}{' '}
        {ownPerson ? <Link href={`/persons/${encodeURIComponent(x.person_id!)}`}><bdi>{x.pseudonym}</bdi></Link> : <bdi>{x.pseudonym}</bdi>}
        {x.share_id ? <> · <Link href={`/shares/${encodeURIComponent(x.share_id)}`}>{t('sharing.task_share')}</Link> ({t('sharing.n_items', { n: x.item_ids?.length ?? 0 })})</> : null}
        {x.share_ids?.length ? <> · {t('sharing.task_shares', { n: x.share_ids.length })}</> : null}
      </p>
      {x.status === 'open' ? (
        <form onSubmit={close} aria-label={t('sharing.close_task')}>
          <div class="field">
            <label for={`task-note-${x.id}`}>{t('sharing.task_note')}</label>
            <input id={`task-note-${x.id}`} value={note} maxLength={2000} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          </div>
          <ErrorMessage error={error} />
          <button type="submit" id={`task-close-${x.id}`} disabled={busy}>{t('sharing.close_task')}</button>
        </form>
      ) : <p>{t('sharing.task_done', { date: formatDate(x.closed_at, props.lang, true) })}{x.note ? <>: <bdi>{x.note}</bdi></> : null}</p>}
    </li>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { LinkageJob } from '../api/types';
import { currentLang, t } from '../i18n';
import { navigate } from '../router';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { formatDate } from '../grants/money';
import { ReviewQueue } from './ReviewQueue';

// Finding the same person recorded twice: start a job with a purpose (it decrypts identities in
// memory on the server, audited), follow its status, then review the uncertain pairs.
export function LinkagePage(props: { jobId?: string }) {
  const jobs = useAsync(() => api.linkage.jobs(), []);
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const start = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const job = await api.linkage.start(purpose.trim());
      setPurpose('');
      navigate(`/linkage/jobs/${encodeURIComponent(job.id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const lang = currentLang();
  const list = [...(jobs.data?.items ?? [])].reverse();
  return (
    <section aria-labelledby="linkage-title">
      <h1 id="linkage-title">{t('linkage.title')}</h1>
      <p class="hint">{t('linkage.intro')}</p>
      <form class="card" id="linkage-start" onSubmit={start} aria-labelledby="linkage-start-h">
        <h2 id="linkage-start-h">{t('linkage.start')}</h2>
        <Field id="lk-purpose" label={t('linkage.purpose')} hint={t('linkage.purpose_hint')} required>
          <input id="lk-purpose" value={purpose} required maxLength={200} aria-describedby="lk-purpose-hint"
            onInput={(e) => setPurpose((e.target as HTMLInputElement).value)} />
        </Field>
        <ErrorMessage error={error} id="linkage-start-error" />
        <button type="submit" id="lk-start" disabled={busy || !purpose.trim()}>{t('linkage.run')}</button>
      </form>
      {props.jobId ? <JobStatus id={props.jobId} /> : null}
      <section class="card" aria-labelledby="jobs-h">
        <h2 id="jobs-h">{t('linkage.jobs')}</h2>
        <ErrorMessage error={jobs.error} />
        {list.length === 0 ? (jobs.loading ? <p role="status">{t('common.loading')}</p> : <p id="jobs-none">{t('linkage.no_jobs')}</p>) : (
          <div class="table-wrap"><table class="list" id="job-table">
            <caption class="sr-only">{t('linkage.jobs')}</caption>
            <thead><tr><th scope="col">{t('linkage.started')}</th><th scope="col">{t('linkage.status')}</th><th scope="col">{t('linkage.purpose')}</th><th scope="col">{t('linkage.to_review')}</th></tr></thead>
            <tbody>{list.map((j) => (
              <tr data-job={j.id}>
                <td><Link href={`/linkage/jobs/${encodeURIComponent(j.id)}`}>{formatDate(j.created_at, lang, true)}</Link></td>
                <td>{t(`linkage.statuses.${j.status}`)}</td>
                <td><bdi>{j.purpose}</bdi></td>
                <td>{j.result?.review_items ?? '—'}</td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </section>
    </section>
  );
}

// A job's status, polled while it is queued or running (the server answers at once and runs the
// job on its own thread), then its counts and review queue.
function JobStatus(props: { id: string }) {
  const [job, setJob] = useState<LinkageJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const j = await api.linkage.job(props.id);
        if (!live) return;
        setJob(j);
        if (j.status === 'queued' || j.status === 'running') timer = setTimeout(poll, 1000);
      } catch (err) { if (live) setError(err); }
    };
    setJob(null);
    poll();
    return () => { live = false; clearTimeout(timer); };
  }, [props.id]);
  if (error) return <ErrorMessage error={error} />;
  if (!job) return <p role="status">{t('common.loading')}</p>;
  const r = job.result ?? {};
  const done = job.status === 'done';
  return (
    <>
      <section class="card" aria-labelledby="job-h">
        <h2 id="job-h">{t('linkage.job')}</h2>
        <p id="job-status" role="status" class={`job-${job.status}`}>{t(`linkage.statuses.${job.status}`)}</p>
        {job.error ? <p class="error" lang="en" dir="ltr">{job.error}</p> : null}
        {done ? (
          <dl class="facts wrap" id="job-counts">
            <dt>{t('linkage.considered')}</dt><dd>{r.persons_considered ?? 0}</dd>
            <dt>{t('linkage.skipped_consent')}</dt><dd>{r.skipped_consent ?? 0}</dd>
            <dt>{t('linkage.skipped_identity')}</dt><dd>{r.skipped_no_identity ?? 0}</dd>
            <dt>{t('linkage.pairs')}</dt><dd>{r.candidate_pairs ?? 0}</dd>
            <dt>{t('linkage.to_review')}</dt><dd id="job-review-items">{r.review_items ?? 0}</dd>
            <dt>{t('linkage.already_decided')}</dt><dd>{r.already_decided ?? 0}</dd>
          </dl>
        ) : null}
      </section>
      {done ? <ReviewQueue jobId={job.id} /> : null}
    </>
  );
}

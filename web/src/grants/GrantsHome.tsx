import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Application, Call, Fund, Session } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { formatDate, formatMoney } from './money';
import { FundExport, NewCall, NewFund } from './ProgrammeForms';
import { FundEdit } from './Edits';

export const stateText = (kind: string, state: string | undefined) => (state ? t(`grant_states.${kind}.${state}`, { defaultValue: state }) : '');

// Funds and their calls for everyone in sub-granting; the applicant's own applications.
export function GrantsHome(props: { session: Session }) {
  const lang = currentLang();
  const [tick, setTick] = useState(0);
  const [newFund, setNewFund] = useState(false);
  const [newCall, setNewCall] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const manage = can.manageGrants(props.session);
  const data = useAsync(async () => {
    const [funds, calls] = await Promise.all([api.grants.funds(), api.grants.calls()]);
    const apps = can.apply(props.session) ? (await api.grants.applications()).items : [];
    return { funds: funds.items, calls: calls.items, apps };
  }, [tick]);
  return (
    <section aria-labelledby="grants-title">
      <div class="page-head">
        <h1 id="grants-title">{t('grants.title')}</h1>
        {manage && !newFund ? <button type="button" id="new-fund" onClick={() => setNewFund(true)}>{t('programme.new_fund')}</button> : null}
      </div>
      {newFund ? <NewFund onCancel={() => setNewFund(false)} onDone={() => { setNewFund(false); setTick((n) => n + 1); }} /> : null}
      <p class="hint">{t(`grants.intro_${props.session.user.role}`, { defaultValue: '' }) || t('grants.intro')}</p>
      <ErrorMessage error={data.error} />
      {!data.data ? <p role="status">{t('common.loading')}</p> : (
        <>
          {can.apply(props.session) ? <MyApplications apps={data.data.apps} calls={data.data.calls} /> : null}
          {data.data.funds.length === 0 && data.data.calls.length === 0 ? <p>{t('grants.none')}</p> : null}
          {data.data.funds.map((f: Fund) => (
            <article class="card fund" aria-labelledby={`fund-${f.id}`}>
              <h2 id={`fund-${f.id}`}><bdi>{f.name}</bdi></h2>
              <dl class="facts">
                <dt>{t('fund.envelope')}</dt><dd class="money">{formatMoney(f.envelope, lang)}</dd>
                <dt>{t('fund.cap')}</dt><dd class="money">{formatMoney(f.cap_per_recipient, lang)}</dd>
                <dt>{t('fund.activities')}</dt><dd><bdi>{f.activities.join(', ')}</bdi></dd>
                <dt>{t('fund.criteria')}</dt><dd>{f.criteria.map((c) => `${c.label} (${c.weight} %)`).join('; ')}</dd>
              </dl>
              <CallTable calls={data.data!.calls.filter((c) => c.fund_id === f.id)} />
              {manage ? (
                <div class="actions">
                  {newCall !== f.id ? <button type="button" class="secondary" id={`new-call-${f.id}`} onClick={() => setNewCall(f.id)}>{t('programme.new_call')}</button> : null}
                  {editing !== f.id ? <button type="button" class="secondary" id={`edit-fund-${f.id}`} onClick={() => setEditing(f.id)}>{t('edit.fund')}</button> : null}
                  <FundExport fundId={f.id} />
                </div>
              ) : null}
              {manage && editing === f.id ? <FundEdit fundId={f.id} onCancel={() => setEditing(null)} onDone={() => { setEditing(null); setTick((n) => n + 1); }} /> : null}
              {manage && newCall === f.id ? <NewCall fundId={f.id} languages={f.languages} onCancel={() => setNewCall(null)} /> : null}
            </article>
          ))}
          {data.data.funds.length === 0 && data.data.calls.length ? <CallTable calls={data.data.calls} /> : null}
        </>
      )}
    </section>
  );
}

function CallTable(props: { calls: Call[] }) {
  const lang = currentLang();
  if (!props.calls.length) return <p class="hint">{t('grants.no_calls')}</p>;
  return (
    <div class="table-wrap"><table class="list calls">
      <caption>{t('grants.calls')}</caption>
      <thead><tr><th scope="col">{t('call.title')}</th><th scope="col">{t('call.state')}</th><th scope="col">{t('call.deadline')}</th></tr></thead>
      <tbody>{props.calls.map((c) => (
        <tr>
          <td><Link href={`/grants/calls/${encodeURIComponent(c.id)}`}><bdi>{c.title}</bdi></Link></td>
          <td>{stateText('call', c.state)}</td>
          <td>{formatDate(c.deadline, lang, true)}</td>
        </tr>
      ))}</tbody>
    </table></div>
  );
}

function MyApplications(props: { apps: Application[]; calls: Call[] }) {
  const lang = currentLang();
  return (
    <section aria-labelledby="my-apps-h" class="card">
      <h2 id="my-apps-h">{t('grants.my_applications')}</h2>
      {props.apps.length ? (
        <div class="table-wrap"><table class="list" id="my-apps">
          <thead><tr><th scope="col">{t('application.title')}</th><th scope="col">{t('application.state')}</th><th scope="col">{t('application.total')}</th></tr></thead>
          <tbody>{props.apps.map((a) => (
            <tr>
              <td><Link href={`/grants/applications/${encodeURIComponent(a.id)}`}><bdi>{a.title}</bdi></Link></td>
              <td>{stateText('application', a.state)}</td>
              <td class="money">{formatMoney(a.budget?.total, lang)}</td>
            </tr>
          ))}</tbody>
        </table></div>
      ) : <p class="hint">{t('grants.no_applications')}</p>}
    </section>
  );
}

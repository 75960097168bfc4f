import { api, listAll } from '../api/client';
import type { Act, Person, Session, Unit } from '../api/types';
import { countryName, currentLang, languageName, t } from '../i18n';
import { describeEdtf } from '../edtf/edtf';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { NarrativeReveal } from '../components/NarrativeReveal';
import { useAsync } from '../components/useAsync';
import { actTypeLabel } from '../components/ActTypePicker';
import { crimeTitle } from '../components/CrimePicker';
import { can } from '../state/session';
import { useVocab } from '../state/vocab';
import { EvidenceList } from '../evidence/EvidenceList';

async function loadIncident(id: string) {
  const [incident, acts, testimonies] = await Promise.all([
    api.incidents.get(id),
    api.acts.list({ incident_id: id, limit: 500 }),
    listAll(api.testimonies.list, {}, 2000), // testimonies are filtered by person only
  ]);
  const personIds = new Set<string>();
  const unitIds = new Set<string>();
  for (const a of acts.items) {
    a.victims?.forEach((v) => v.person_id && personIds.add(v.person_id));
    a.perpetrators?.forEach((p) => { if (p.person_id) personIds.add(p.person_id); if (p.unit_id) unitIds.add(p.unit_id); });
  }
  const mine = testimonies.filter((x) => x.incident_ids?.includes(id));
  mine.forEach((x) => personIds.add(x.person_id));
  const persons = new Map<string, Person>();
  const units = new Map<string, Unit>();
  await Promise.all([
    ...[...personIds].map((pid) => api.persons.get(pid).then((r) => persons.set(pid, r.record), () => undefined)),
    ...[...unitIds].map((uid) => api.units.get(uid).then((r) => units.set(uid, r.record), () => undefined)),
  ]);
  return { incident: incident.record, acts: acts.items, testimonies: mine, persons, units };
}

function PersonRef(props: { id: string; persons: Map<string, Person> }) {
  const p = props.persons.get(props.id);
  return <Link href={`/persons/${encodeURIComponent(props.id)}`} class="pseudonym">{p?.pseudonym ?? t('person.unknown')}</Link>;
}

function ActCard(props: { act: Act; persons: Map<string, Person>; units: Map<string, Unit>; session: Session }) {
  const vocab = useVocab();
  const a = props.act;
  const type = vocab?.actTypes.act_types.find((x) => x.code === a.act_type);
  const involvement = (code?: string) => {
    const d = vocab?.actTypes.degrees_of_involvement.find((x) => x.code === code);
    return d ? actTypeLabel(d, code ?? '') : code ?? '';
  };
  return (
    <article class="card act" aria-labelledby={`act-${a.id}`}>
      <h3 id={`act-${a.id}`}><bdi>{type ? actTypeLabel(type, a.act_type) : a.act_type}</bdi></h3>
      <dl>
        {a.date ? <><dt>{t('act.date')}</dt><dd>{describeEdtf(a.date, t, currentLang())}</dd></> : null}
        <dt>{t('act.victims')}</dt>
        <dd>
          <ul class="inline">
            {(a.victims ?? []).map((v) => <li dir="auto">{v.person_id ? <PersonRef id={v.person_id} persons={props.persons} />
              : t('act.group_count', { group: v.group ?? '', count: v.count ?? 1 })}</li>)}
          </ul>
        </dd>
        {a.perpetrators?.length ? <>
          <dt>{t('act.perpetrators')}</dt>
          <dd><ul class="inline">{a.perpetrators.map((p) => <li dir="auto">
            {p.unit_id ? props.units.get(p.unit_id)?.name ?? p.unit_id : p.person_id ? <PersonRef id={p.person_id} persons={props.persons} /> : ''}
            {p.involvement ? ` — ${involvement(p.involvement)}` : ''}
          </li>)}</ul></dd>
        </> : null}
        <dt>{t('act.qualifications')}</dt>
        <dd>{a.qualifications?.length ? <ul class="inline">{a.qualifications.map((q) => <li class="crime" dir="auto">{vocab ? crimeTitle(vocab.crimes.crimes, q) : q}</li>)}</ul> : t('act.no_qualification')}</dd>
        {a.gender_based ? <><dt>{t('act.gender_based')}</dt><dd>{t('common.yes')}</dd></> : null}
      </dl>
      {can.write(props.session, 'act') ? <Link href={`/acts/${encodeURIComponent(a.id)}/edit`}>{t('act.edit')}</Link> : null}
    </article>
  );
}

export function IncidentPage(props: { id: string; session: Session }) {
  const s = props.session;
  const state = useAsync(() => loadIncident(props.id), [props.id]);
  if (state.error) return <ErrorMessage error={state.error} />;
  if (!state.data) return <p role="status">{t('common.loading')}</p>;
  const { incident: i, acts, testimonies, persons, units } = state.data;
  return (
    <article aria-labelledby="incident-title" class="incident">
      <div class="page-head">
        <h1 id="incident-title"><bdi>{i.title}</bdi></h1>
        {can.write(s, 'incident') ? <Link href={`/incidents/${encodeURIComponent(i.id)}/edit`} class="button" id="edit-incident">{t('incident.edit')}</Link> : null}
      </div>
      <dl class="facts">
        <dt>{t('incident.date')}</dt><dd id="incident-date">{describeEdtf(i.date, t, currentLang())}</dd>
        <dt>{t('incident.country')}</dt><dd><bdi>{countryName(i.country)}</bdi>{i.admin_area ? <>, <bdi>{i.admin_area}</bdi></> : ''}</dd>
        {i.status ? <><dt>{t('incident.status')}</dt><dd>{t(`incident.statuses.${i.status}`)}</dd></> : null}
        {i.conflict ? <><dt>{t('incident.conflict')}</dt><dd>{t(`incident.conflicts.${i.conflict}`)}</dd></> : null}
      </dl>
      <section aria-labelledby="narrative-h">
        <h2 id="narrative-h">{t('narrative.title')}</h2>
        {!i.has_narrative ? <p>{t('narrative.none')}</p>
          : can.readProtected(s) ? <NarrativeReveal id="incident-narrative" load={(p) => api.incidents.narrative(i.id, p)} />
          : <p class="hint" id="narrative-restricted">{t('narrative.restricted')}</p>}
      </section>
      <section aria-labelledby="acts-h">
        <div class="page-head">
          <h2 id="acts-h">{t('incident.acts', { count: acts.length })}</h2>
          {can.write(s, 'act') ? <Link href={`/incidents/${encodeURIComponent(i.id)}/acts/new`} class="button" id="add-act">{t('act.new')}</Link> : null}
        </div>
        {acts.length ? acts.map((a) => <ActCard act={a} persons={persons} units={units} session={s} />) : <p>{t('incident.no_acts')}</p>}
      </section>
      <section aria-labelledby="testimonies-h">
        <div class="page-head">
          <h2 id="testimonies-h">{t('incident.testimonies', { count: testimonies.length })}</h2>
          {can.write(s, 'testimony') ? <Link href={`/incidents/${encodeURIComponent(i.id)}/testimonies/new`} class="button">{t('testimony.new')}</Link> : null}
        </div>
        {testimonies.length ? (
          <ul class="testimonies">{testimonies.map((x) => (
            <li class="card">
              <p>{t('testimony.summary', { source: t(`testimony.sources.${x.source_type ?? 'other'}`), date: describeEdtf(x.date, t, currentLang()), language: languageName(x.language) })}
                {' — '}<PersonRef id={x.person_id} persons={persons} /></p>
              {x.has_narrative && can.readProtected(s) ? <NarrativeReveal id={`testimony-${x.id}`} load={(p) => api.testimonies.narrative(x.id, p)} /> : null}
              {can.write(s, 'testimony') ? <Link href={`/testimonies/${encodeURIComponent(x.id)}/edit`}>{t('testimony.edit')}</Link> : null}
            </li>
          ))}</ul>
        ) : <p>{t('incident.no_testimonies')}</p>}
      </section>
      {can.readEvidence(s) ? <EvidenceList incidentId={i.id} session={s} /> : null}
    </article>
  );
}

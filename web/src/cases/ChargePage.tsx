import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { MatrixLink, MatrixRow } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { PurposeGate } from '../components/PurposeGate';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { crimeTitle } from '../components/CrimePicker';
import { useVocab } from '../state/vocab';
import { formatDate } from '../grants/money';
import { modeTitle } from './CasePage';
import { AssessmentForm } from './AssessmentForm';
import { WithdrawAssessment, WithdrawnHistory, WithdrawnNote } from './Withdrawal';
import { COVERAGE_SYMBOL, coverageScore, itemHref, visibleLinks } from './coverage';

export interface Suggestion { element_id: string; item_id: string; item_kind: string; suspect_is_perpetrator?: boolean }

// One charge: the coverage matrix (elements as rows; supporting, contradicting and context items;
// status in words and a shape, not colour alone), the gaps, suggested links, and a new assessment.
export function ChargePage(props: { id: string }) {
  const [tick, setTick] = useState(0);
  const m = useAsync(() => api.cases.matrix(props.id), [props.id, tick]);
  const sug = useAsync(() => api.cases.suggestions(props.id), [props.id, tick]);
  const vocab = useVocab();
  const [onlyStrong, setOnlyStrong] = useState(false);
  const [prefill, setPrefill] = useState<Suggestion | null>(null);
  if (m.error) return <ErrorMessage error={m.error} id="charge-error" />;
  if (!m.data || !vocab) return <p role="status">{t('common.loading')}</p>;
  const { charge, matrix, gaps } = m.data;
  const s = matrix.summary;
  const suggestions = ((sug.data && !Array.isArray(sug.data) ? sug.data.items : sug.data) ?? []) as unknown as Suggestion[];
  return (
    <section aria-labelledby="charge-title">
      <p><Link href={`/cases/${encodeURIComponent(charge.case_id)}`}>{t('charge.back')}</Link></p>
      <h1 id="charge-title">{crimeTitle(vocab.crimes.crimes, charge.crime_id)}</h1>
      <p>{t('charge.mode')}: {modeTitle(vocab.crimes.modes_of_liability, charge.mode_id)}</p>
      <p id="matrix-summary" class={s.complete ? 'notice success' : 'notice'}>
        {t('matrix.summary', { covered: s.covered, partly: s.partly, not_covered: s.not_covered, elements: s.elements, score: coverageScore(s) })}
      </p>
      <p class="legend-line" id="coverage-legend">
        {(['covered', 'partly', 'not_covered'] as const).map((c) => <span class={`coverage ${c}`}><span aria-hidden="true">{COVERAGE_SYMBOL[c]}</span> {t(`matrix.coverage.${c}`)}</span>)}
      </p>
      <label class="check"><input type="checkbox" id="only-strong" checked={onlyStrong} onChange={(e) => setOnlyStrong((e.target as HTMLInputElement).checked)} /> {t('matrix.only_strong')}</label>
      <div class="table-wrap"><table class="list matrix" id="matrix-table">
        <caption class="sr-only">{t('matrix.title')}</caption>
        <thead><tr>
          <th scope="col">{t('matrix.element')}</th><th scope="col">{t('matrix.status')}</th>
          <th scope="col">{t('matrix.supporting')}</th><th scope="col">{t('matrix.contradicting')}</th><th scope="col">{t('matrix.context')}</th>
        </tr></thead>
        <tbody>{matrix.elements.map((row) => <MatrixLine row={row} onlyStrong={onlyStrong} onChanged={() => setTick((n) => n + 1)} />)}</tbody>
      </table></div>

      <h2 id="gaps-h">{t('matrix.gaps')}</h2>
      {gaps.length ? (
        <ul id="gap-list" class="gaps">{gaps.map((g) => (
          <li data-element={g.element.id}>
            <p><span class={`coverage ${g.coverage}`}><span aria-hidden="true">{COVERAGE_SYMBOL[g.coverage]}</span> {t(`matrix.coverage.${g.coverage}`)}</span>{' '}
              <span lang="en" dir="ltr">{g.element.text}</span></p>
            {g.means_of_proof.length ? <p class="hint">{t('matrix.means_of_proof')} <span lang="en" dir="ltr">{g.means_of_proof.join('; ')}</span></p> : null}
          </li>
        ))}</ul>
      ) : <p id="no-gaps">{t('matrix.no_gaps')}</p>}

      {suggestions.length ? (
        <>
          <h2 id="suggestions-h">{t('matrix.suggestions')}</h2>
          <ul id="suggestion-list">{suggestions.map((x) => (
            <li><code class="item-id">{x.item_id}</code> → <span lang="en" dir="ltr">{matrix.elements.find((r) => r.element.id === x.element_id)?.element.text ?? x.element_id}</span>
              {x.suspect_is_perpetrator ? <> ({t('matrix.names_suspect')})</> : null}{' '}
              <button type="button" class="link" onClick={() => setPrefill(x)}>{t('matrix.use_suggestion')}</button></li>
          ))}</ul>
        </>
      ) : null}

      <AssessmentForm key={prefill ? `${prefill.element_id}|${prefill.item_id}` : 'new'} chargeId={charge.id} caseId={charge.case_id}
        rows={matrix.elements} prefill={prefill} onSaved={() => { setPrefill(null); setTick((n) => n + 1); }} />
    </section>
  );
}

function MatrixLine(props: { row: MatrixRow; onlyStrong: boolean; onChanged: () => void }) {
  const { row } = props;
  const v = visibleLinks(row, props.onlyStrong);
  const links = (list: MatrixLink[]) => <Links links={list} onChanged={props.onChanged} />;
  return (
    <tr data-element={row.element.id} class={`coverage-row ${row.coverage}`}>
      <th scope="row"><span lang="en" dir="ltr">{row.element.text}</span>
        <span class="hint"> {t(`matrix.element_kinds.${row.element.kind}`, { defaultValue: row.element.kind })}</span>
        <WithdrawnHistory links={row.withdrawn} elementId={row.element.id} /></th>
      <td class="status"><span class={`coverage ${row.coverage}`}><span aria-hidden="true">{COVERAGE_SYMBOL[row.coverage]}</span> {t(`matrix.coverage.${row.coverage}`)}</span></td>
      <td class="supporting">{links(v.supporting)}</td>
      <td class="contradicting">{links(v.contradicting)}</td>
      <td class="context">{links(v.context)}</td>
    </tr>
  );
}

function Links(props: { links: MatrixLink[]; onChanged: () => void }) {
  if (!props.links.length) return <span class="hint">—</span>;
  return (
    <ul class="links">{props.links.map((l) => {
      const href = itemHref(l.item_id);
      const label = <>{t(`matrix.kinds.${l.item_kind}`)} <code class="item-id">{l.item_id}</code></>;
      return (
        <li data-assessment={l.assessment_id} class={l.withdrawn ? 'withdrawn' : undefined}>
          {href ? <Link href={href}>{label}</Link> : label}
          <span class="weight"> {t('matrix.weight_n', { n: l.weight })}</span>
          {l.has_note ? <NoteReveal id={l.assessment_id} /> : null}
          <span class="hint"> · {formatDate(l.assessed_at, currentLang())}</span>
          {l.withdrawn ? <WithdrawnNote link={l} /> : <> <WithdrawAssessment link={l} onDone={props.onChanged} /></>}
        </li>
      );
    })}</ul>
  );
}

// The sealed note of an assessment: read only with a purpose, audited by the server.
function NoteReveal(props: { id: string }) {
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (note !== null) return <blockquote class="note" id={`note-${props.id}`} dir="auto">{note}</blockquote>;
  return (
    <div class="note-gate">
      <span class="hint">{t('matrix.has_note')}</span>
      <PurposeGate id={`note-${props.id}`} buttonLabel={t('matrix.read_note')} onConfirm={async (purpose) => {
        setError(null);
        try { setNote((await api.cases.note(props.id, purpose)).note ?? ''); } catch (e) { setError(e); }
      }} />
      <ErrorMessage error={error} />
    </div>
  );
}

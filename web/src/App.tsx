import { useState } from 'preact/hooks';
import { t } from './i18n';
import { useSession } from './state/session';
import { match, useLocation } from './router';
import { Header } from './components/Header';
import { SignIn } from './pages/SignIn';
import { Dashboard } from './pages/Dashboard';
import { IncidentList } from './pages/IncidentList';
import { IncidentPage } from './pages/IncidentPage';
import { IncidentForm } from './pages/IncidentForm';
import { ActForm } from './pages/ActForm';
import { PersonList } from './pages/PersonList';
import { PersonPage } from './pages/PersonPage';
import { PersonForm } from './pages/PersonForm';
import { TestimonyForm } from './pages/TestimonyForm';
import { AuditTrail } from './pages/AuditTrail';
import { UnitForm, UnitList } from './pages/Units';
import { Users } from './pages/Users';
import { EvidenceUpload } from './evidence/EvidenceUpload';
import { EvidencePage } from './evidence/EvidencePage';
import { DerivativeForm } from './evidence/DerivativeForm';
import { lazyPage } from './components/lazyPage';
import { can } from './state/session';
import type { Session } from './api/types';
import type { JSX } from 'preact';

// Case building and sub-granting: loaded on first use (two chunks).
const cases = () => import('./cases/pages');
const grants = () => import('./grants/pages');
// Sharing, linkage review and estimates: one chunk each, also loaded on first use.
const sharing = () => import('./sharing/pages');
const linkage = () => import('./linkage/pages');
const SharesHome = lazyPage(() => sharing().then((m) => m.SharesHome));
const ShareForm = lazyPage(() => sharing().then((m) => m.ShareForm));
const SharePage = lazyPage(() => sharing().then((m) => m.SharePage));
const AgreementsRegister = lazyPage(() => sharing().then((m) => m.AgreementsRegister));
const LinkagePage = lazyPage(() => linkage().then((m) => m.LinkagePage));
const PersonLinks = lazyPage(() => linkage().then((m) => m.PersonLinks));
const InterviewCheck = lazyPage(() => linkage().then((m) => m.InterviewCheck));
const EstimatesPage = lazyPage(() => import('./estimates/pages').then((m) => m.EstimatesPage));
const CaseList = lazyPage(() => cases().then((m) => m.CaseList));
const CasePage = lazyPage(() => cases().then((m) => m.CasePage));
const ChargePage = lazyPage(() => cases().then((m) => m.ChargePage));
const GrantsHome = lazyPage(() => grants().then((m) => m.GrantsHome));
const CallPage = lazyPage(() => grants().then((m) => m.CallPage));
const ApplicationForm = lazyPage(() => grants().then((m) => m.ApplicationForm));
const ApplicationPage = lazyPage(() => grants().then((m) => m.ApplicationPage));
const AssignmentPage = lazyPage(() => grants().then((m) => m.AssignmentPage));
const ReviewList = lazyPage(() => grants().then((m) => m.ReviewList));
const AgreementPage = lazyPage(() => grants().then((m) => m.AgreementPage));

type Route = [string, (p: Record<string, string>, s: Session, q: URLSearchParams) => JSX.Element];

const ROUTES: Route[] = [
  // Sub-granting roles have no documentation screens: their home is the programme.
  ['/', (_p, s, q) => (can.documentation(s) ? <Dashboard session={s} query={q} />
    : can.grants(s) ? <GrantsHome session={s} /> : <p>{t('errors.code.forbidden')}</p>)],
  ['/incidents', (_p, s, q) => <IncidentList session={s} query={q} />],
  ['/incidents/new', () => <IncidentForm />],
  ['/incidents/:id', (p, s) => <IncidentPage id={p.id} session={s} />],
  ['/incidents/:id/edit', (p) => <IncidentForm id={p.id} />],
  ['/incidents/:id/acts/new', (p, _s, q) => <ActForm incidentId={p.id} newPerson={q.get('new_person') ?? undefined} />],
  ['/acts/:id/edit', (p, _s, q) => <ActForm id={p.id} newPerson={q.get('new_person') ?? undefined} />],
  ['/persons', (_p, s) => <PersonList session={s} />],
  ['/persons/new', (_p, _s, q) => <PersonForm returnTo={q.get('return') ?? undefined} />],
  ['/persons/:id', (p, s) => <PersonPage id={p.id} session={s} />],
  ['/persons/:id/edit', (p) => <PersonForm id={p.id} />],
  ['/incidents/:id/testimonies/new', (p) => <TestimonyForm incidentId={p.id} />],
  ['/incidents/:id/evidence/new', (p) => <EvidenceUpload incidentId={p.id} />],
  ['/evidence/:id', (p, s) => <EvidencePage id={p.id} session={s} />],
  ['/evidence/:id/derivatives/new', (p) => <DerivativeForm parentId={p.id} />],
  ['/testimonies/:id/edit', (p) => <TestimonyForm id={p.id} />],
  ['/units', (_p, s) => <UnitList session={s} />],
  ['/units/new', () => <UnitForm />],
  ['/units/:id/edit', (p) => <UnitForm id={p.id} />],
  ['/admin/users', (_p, s) => <Users session={s} />],
  ['/admin/audit', (_p, s) => <AuditTrail session={s} />],
  ['/cases', () => <CaseList />],
  ['/cases/:id', (p) => <CasePage id={p.id} />],
  ['/charges/:id', (p) => <ChargePage id={p.id} />],
  ['/grants', (_p, s) => <GrantsHome session={s} />],
  ['/grants/reviews', () => <ReviewList />],
  ['/grants/calls/:id', (p, s) => <CallPage id={p.id} session={s} />],
  ['/grants/calls/:id/apply', (p) => <ApplicationForm callId={p.id} />],
  ['/grants/applications/:id', (p, s) => <ApplicationPage id={p.id} session={s} />],
  ['/grants/applications/:id/edit', (p) => <ApplicationForm id={p.id} />],
  ['/grants/assignments/:id', (p) => <AssignmentPage id={p.id} />],
  ['/grants/agreements/:id', (p, s) => <AgreementPage id={p.id} session={s} />],
  ['/shares', (_p, s) => <SharesHome session={s} />],
  ['/shares/new', (_p, _s, q) => <ShareForm type={q.get('type') ?? undefined} id={q.get('id') ?? undefined} />],
  ['/agreements', (_p, s) => <AgreementsRegister session={s} />],
  ['/shares/:id', (p, s, q) => <SharePage id={p.id} session={s} proposed={q.has('proposed')} />],
  ['/linkage', () => <LinkagePage />],
  ['/linkage/jobs/:id', (p) => <LinkagePage jobId={p.id} />],
  ['/persons/:id/links', (p, s) => <PersonLinks id={p.id} session={s} />],
  ['/persons/:id/interview-check', (p, s) => <InterviewCheck id={p.id} session={s} />],
  ['/testimonies/new', (_p, _s, q) => <TestimonyForm personId={q.get('person') ?? undefined} />],
  ['/estimates', () => <EstimatesPage />],
];

function Routes(props: { session: Session }) {
  const { path, query } = useLocation();
  for (const [pattern, view] of ROUTES) {
    const params = match(pattern, path);
    if (params) return view(params, props.session, query);
  }
  return <p>{t('errors.not_found_page')}</p>;
}

export function App() {
  const state = useSession();
  // Changing the language re-renders the whole tree in place: open forms keep what was typed.
  const [, setLang] = useState(0);
  const session = state.status === 'signed_in' ? state.session : null;
  return (
    <div class="app">
      <Header session={session} onLanguage={() => setLang((n) => n + 1)} />
      <main id="main" tabIndex={-1}>
        {state.status === 'loading' ? <p role="status">{t('common.loading')}</p>
          : state.status === 'signed_out' ? <SignIn expired={state.expired} />
          : <Routes session={state.session} />}
      </main>
    </div>
  );
}

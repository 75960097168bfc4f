// The one module that talks to the giai API. Keeps the CSRF token in memory only (never in
// storage), turns problem+json answers into ApiError, and reports an expired session once.
import type {
  Agreement, Application, AssessmentInput, CaseFileBundle, GrantAttachment, Assignment, Call, CaseFile, CaseInput, CaseRecord, Charge, ChargeMatrix,
  Fund, GrantRecord, Report, SourceInput, SourceItem, Tranche, Act, ActInput, ActTypeVocabulary, AuditEvent, Consent, ConsentInput, CrimeVocabulary, CustodyChain,
  DerivativeInput, Erasure, Evidence, EvidenceContent, EvidenceInput, IdentityRead, Incident,
  IncidentInput, ListFilters, Narrative, Page, Person, PersonInput, Problem, Session, Testimony,
  TestimonyInput, Unit, UnitInput, User, UserInput, Share, ShareInput, ShareRecipient, SharingAgreement, SharingAgreementInput, ShareAccess, SharedItem,
  ShareTask, Contribution, LinkageJob, LinkageReview, LinkageDecision, PersonLink, PersonCluster, InterviewCheck, InterviewCheckInput, EstimateInput, EstimateResult,
  RecordEstimateInput, RecordEstimateResult, EstimateOrganisation,
} from './types';

const BASE = '/api/v1';

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.code);
    this.problem = problem;
  }
  get status(): number { return this.problem.status; }
  get code(): string { return this.problem.code; }
  get field(): string | undefined { return this.problem.field; }
}

export interface Versioned<T> { record: T; etag: string }

type Collection = 'incidents' | 'acts' | 'persons' | 'units' | 'testimonies';

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string): void { csrfToken = token; }
export function setUnauthenticatedHandler(handler: () => void): void { onUnauthenticated = handler; }

interface RequestOptions { body?: unknown; headers?: Record<string, string>; quiet401?: boolean; idempotencyKey?: string }

async function request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  }
  const idempotent = method === 'POST' && path !== '/auth/login' && path !== '/auth/logout';
  if (idempotent) headers['Idempotency-Key'] = opts.idempotencyKey ?? crypto.randomUUID();
  // Poor connections in the field: a POST lost on the way is retried with the same
  // Idempotency-Key, so the server creates the record once at most.
  let res: Response | null = null;
  for (let attempt = 0; !res; attempt++) {
    try {
      res = await fetch(BASE + path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      if (!idempotent || attempt >= 2) throw new ApiError({ status: 0, code: 'unavailable' });
      await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
    }
  }
  if (res.ok) return res;
  const problem = await problemOf(res);
  if (res.status === 401 && !opts.quiet401) onUnauthenticated();
  throw new ApiError(problem);
}

async function problemOf(res: Response): Promise<Problem> {
  let problem: Problem;
  try {
    problem = (await res.json()) as Problem;
  } catch {
    problem = { status: res.status, code: 'internal' };
  }
  problem.status = res.status;
  return problem;
}

async function json<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
  const res = await request(method, path, opts);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

async function versioned<T>(method: string, path: string, opts?: RequestOptions): Promise<Versioned<T>> {
  const res = await request(method, path, opts);
  const record = (await res.json()) as T & { version?: number };
  const etag = res.headers.get('ETag') ?? `"${record.version ?? ''}"`;
  return { record, etag };
}

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

function purposeHeader(purpose: string): Record<string, string> {
  // Header values must be ISO-8859-1: encode anything else so any language can be used.
  const safe = /^[\x20-\x7e]*$/.test(purpose) ? purpose : encodeURIComponent(purpose);
  return { 'X-Purpose': safe };
}

function collection<T, I>(name: Collection) {
  return {
    list: (filters: ListFilters & { limit?: number; cursor?: string | null } = {}) =>
      json<Page<T>>('GET', `/${name}${query({ ...filters })}`),
    get: (id: string) => versioned<T>('GET', `/${name}/${encodeURIComponent(id)}`),
    create: (input: I, idempotencyKey?: string) => versioned<T>('POST', `/${name}`, { body: input, idempotencyKey }),
    update: (id: string, patch: Partial<I>, etag: string) =>
      versioned<T>('PATCH', `/${name}/${encodeURIComponent(id)}`, { body: patch, headers: { 'If-Match': etag } }),
    narrative: (id: string, purpose: string) =>
      json<Narrative>('GET', `/${name}/${encodeURIComponent(id)}/narrative`, { headers: purposeHeader(purpose) }),
  };
}

export const api = {
  login: (email: string, password: string) =>
    json<Session>('POST', '/auth/login', { body: { email, password }, quiet401: true }),
  me: () => json<Session>('GET', '/auth/me', { quiet401: true }),
  logout: () => json<void>('POST', '/auth/logout', { quiet401: true }),

  incidents: collection<Incident, IncidentInput>('incidents'),
  acts: collection<Act, ActInput>('acts'),
  persons: {
    ...collection<Person, PersonInput>('persons'),
    identity: (id: string, purpose: string) =>
      json<IdentityRead>('GET', `/persons/${encodeURIComponent(id)}/identity`, { headers: purposeHeader(purpose) }),
  },
  units: collection<Unit, UnitInput>('units'),
  testimonies: collection<Testimony, TestimonyInput>('testimonies'),

  crimes: () => json<CrimeVocabulary>('GET', '/vocabularies/crimes'),
  actTypes: () => json<ActTypeVocabulary>('GET', '/vocabularies/act-types'),

  consents: {
    history: (personId: string) => json<Page<Consent>>('GET', `/persons/${encodeURIComponent(personId)}/consents`),
    record: (personId: string, input: ConsentInput, idempotencyKey?: string) =>
      json<Consent>('POST', `/persons/${encodeURIComponent(personId)}/consents`, { body: input, idempotencyKey }),
    withdraw: (personId: string) => json<Consent>('POST', `/persons/${encodeURIComponent(personId)}/consents/withdraw`),
    eraseIdentity: (personId: string) => json<Erasure>('POST', `/persons/${encodeURIComponent(personId)}/identity/erase`),
  },

  evidence: {
    list: (incidentId: string, cursor?: string | null, limit = 100) =>
      json<Page<Evidence>>('GET', `/evidence${query({ incident_id: incidentId, cursor, limit })}`),
    get: (id: string) => json<Evidence>('GET', `/evidence/${encodeURIComponent(id)}`),
    register: (input: EvidenceInput, idempotencyKey?: string) => json<Evidence>('POST', '/evidence', { body: input, idempotencyKey }),
    registerDerivative: (parentId: string, input: DerivativeInput, idempotencyKey?: string) =>
      json<Evidence>('POST', `/evidence/${encodeURIComponent(parentId)}/derivatives`, { body: input, idempotencyKey }),
    // Erasure destroys the content's key; the reason goes in X-Purpose and into the custody chain.
    shred: (id: string, reason: string) => json<Evidence>('POST', `/evidence/${encodeURIComponent(id)}/shred`, { headers: purposeHeader(reason) }),
    custody: (id: string) => json<CustodyChain>('GET', `/evidence/${encodeURIComponent(id)}/custody`),
    proof: async (id: string) => (await request('GET', `/evidence/${encodeURIComponent(id)}/proof`)).text(),
    // Reading the content is audited and recorded in the chain of custody ("accessed").
    content: async (id: string, purpose: string): Promise<EvidenceContent> => {
      const res = await request('GET', `/evidence/${encodeURIComponent(id)}/content`, { headers: { ...purposeHeader(purpose), Accept: '*/*' } });
      return {
        blob: await res.blob(),
        mediaType: res.headers.get('Content-Type') ?? 'application/octet-stream',
        fileName: fileNameOf(res.headers.get('Content-Disposition')),
      };
    },
  },

  // Case building: the legal role only; cases outside the caller's team answer 404.
  cases: {
    list: (cursor?: string | null, limit = 50) => json<Page<CaseRecord>>('GET', `/cases${query({ limit, cursor })}`),
    get: (id: string) => versioned<CaseRecord>('GET', `/cases/${encodeURIComponent(id)}`),
    create: (input: CaseInput, idempotencyKey?: string) => versioned<CaseRecord>('POST', '/cases', { body: input, idempotencyKey }),
    update: (id: string, patch: Partial<CaseInput>, etag: string) =>
      versioned<CaseRecord>('PATCH', `/cases/${encodeURIComponent(id)}`, { body: patch, headers: { 'If-Match': etag } }),
    charges: (id: string) => json<Page<Charge>>('GET', `/cases/${encodeURIComponent(id)}/charges?limit=500`),
    addCharge: (id: string, input: { crime_id: string; mode_id: string; suspect_id: string }) =>
      json<Charge>('POST', `/cases/${encodeURIComponent(id)}/charges`, { body: input }),
    matrix: (chargeId: string) => json<ChargeMatrix>('GET', `/charges/${encodeURIComponent(chargeId)}/matrix`),
    suggestions: (chargeId: string) => json<{ items?: Record<string, unknown>[] } | Record<string, unknown>[]>('GET', `/charges/${encodeURIComponent(chargeId)}/suggestions`),
    assess: (chargeId: string, input: AssessmentInput) =>
      json<unknown>('POST', `/charges/${encodeURIComponent(chargeId)}/assessments`, { body: input }),
    note: (assessmentId: string, purpose: string) =>
      json<{ note?: string }>('GET', `/assessments/${encodeURIComponent(assessmentId)}/note`, { headers: purposeHeader(purpose) }),
    caseFile: (id: string, purpose: string) =>
      json<CaseFile>('GET', `/cases/${encodeURIComponent(id)}/case-file`, { headers: purposeHeader(purpose) }),
    // The verifiable bundle (tar): built, audited and recorded as "exported" custody by the server.
    caseFileBundle: async (id: string, purpose: string): Promise<CaseFileBundle> => {
      const res = await request('POST', `/cases/${encodeURIComponent(id)}/case-file`, { headers: { ...purposeHeader(purpose), Accept: 'application/x-tar, application/problem+json' } });
      return {
        blob: await res.blob(), fileName: fileNameOf(res.headers.get('Content-Disposition')) || `case-file-${id}.tar`,
        exportId: res.headers.get('X-Export-Id') ?? '', exported: Number(res.headers.get('X-Exported-Count') ?? 0),
        withheld: Number(res.headers.get('X-Withheld-Count') ?? 0),
      };
    },
    withdrawAssessment: (assessmentId: string, reason: string) =>
      json<unknown>('POST', `/assessments/${encodeURIComponent(assessmentId)}/withdrawal`, { body: { reason } }),
    sources: () => json<Page<SourceItem>>('GET', '/sources?limit=500'),
    addSource: (input: SourceInput) => json<SourceItem>('POST', '/sources', { body: input }),
  },

  // Sub-granting: the server decides who may do what (grants officer, reviewer, applicant).
  grants: {
    funds: () => json<Page<Fund>>('GET', '/grant-funds'),
    createFund: (body: unknown, idempotencyKey?: string) => json<Fund>('POST', '/grant-funds', { body, idempotencyKey }),
    createCall: (body: unknown, idempotencyKey?: string) => json<Call>('POST', '/grant-calls', { body, idempotencyKey }),
    addQuestion: (callId: string, body: { question: string; answer: string; language?: string }) =>
      json<Call>('POST', `/grant-calls/${encodeURIComponent(callId)}/questions`, { body }),
    // The auditors' file of a fund: purpose required, audited.
    exportFund: (id: string, purpose: string) => json<Record<string, unknown>>('GET', `/grant-funds/${encodeURIComponent(id)}/export`, { headers: purposeHeader(purpose) }),
    fund: (id: string) => json<Fund>('GET', `/grant-funds/${encodeURIComponent(id)}`),
    calls: (fundId?: string) => json<Page<Call>>('GET', `/grant-calls${query({ fund_id: fundId })}`),
    call: (id: string) => json<Call>('GET', `/grant-calls/${encodeURIComponent(id)}`),
    moveCall: (id: string, state: string) => json<Call>('POST', `/grant-calls/${encodeURIComponent(id)}/state`, { body: { state } }),
    ranking: (id: string) => json<GrantRecord>('GET', `/grant-calls/${encodeURIComponent(id)}/ranking`),
    decide: (id: string, body: unknown) => json<GrantRecord>('POST', `/grant-calls/${encodeURIComponent(id)}/decision`, { body }),
    applications: (callId?: string) => json<Page<Application>>('GET', `/grant-applications${query({ call_id: callId })}`),
    application: (id: string) => versioned<Application>('GET', `/grant-applications/${encodeURIComponent(id)}`),
    createApplication: (body: unknown, idempotencyKey?: string) => versioned<Application>('POST', '/grant-applications', { body, idempotencyKey }),
    updateApplication: (id: string, patch: unknown, etag: string) =>
      versioned<Application>('PATCH', `/grant-applications/${encodeURIComponent(id)}`, { body: patch, headers: { 'If-Match': etag } }),
    applicationAction: (id: string, action: 'submit' | 'withdraw' | 'invite' | 'screening' | 'assignments', body?: unknown) =>
      json<GrantRecord>('POST', `/grant-applications/${encodeURIComponent(id)}/${action}`, { body: body ?? {} }),
    reviews: (id: string) => json<GrantRecord>('GET', `/grant-applications/${encodeURIComponent(id)}/reviews`),
    letter: (id: string) => json<GrantRecord>('GET', `/grant-applications/${encodeURIComponent(id)}/letter`),
    createAgreement: (id: string, body: unknown) => json<Agreement>('POST', `/grant-applications/${encodeURIComponent(id)}/agreement`, { body }),
    assignments: (applicationId?: string) => json<Page<Assignment>>('GET', `/grant-assignments${query({ application_id: applicationId })}`),
    assignment: (id: string) => json<Assignment>('GET', `/grant-assignments/${encodeURIComponent(id)}`),
    assignmentAction: (id: string, action: 'declaration' | 'recusal' | 'review', body: unknown) =>
      json<GrantRecord>('POST', `/grant-assignments/${encodeURIComponent(id)}/${action}`, { body }),
    agreement: (id: string) => json<Agreement>('GET', `/grant-agreements/${encodeURIComponent(id)}`),
    agreementAction: (id: string, action: 'due-diligence' | 'sign' | 'amendments' | 'closure', body?: unknown) =>
      json<Agreement>('POST', `/grant-agreements/${encodeURIComponent(id)}/${action}`, { body: body ?? {} }),
    tranches: (id: string) => json<Page<Tranche>>('GET', `/grant-agreements/${encodeURIComponent(id)}/tranches`),
    reports: (id: string) => json<Page<Report>>('GET', `/grant-agreements/${encodeURIComponent(id)}/reports`),
    submitReport: (id: string, body: unknown) => json<Report>('POST', `/grant-agreements/${encodeURIComponent(id)}/reports`, { body }),
    reviewReport: (id: string, body: unknown) => json<Report>('POST', `/grant-reports/${encodeURIComponent(id)}/review`, { body }),
    // The correction of a report sent back: a new version, the earlier ones kept.
    resubmitReport: (id: string, body: unknown) => json<Report>('POST', `/grant-reports/${encodeURIComponent(id)}/resubmission`, { body }),
    // An award that falls away, and the reserve application that takes its place.
    release: (id: string, body: { reason: string; notes?: string }) => json<Application>('POST', `/grant-applications/${encodeURIComponent(id)}/release`, { body }),
    reserveAward: (callId: string, body: unknown) => json<Application>('POST', `/grant-calls/${encodeURIComponent(callId)}/reserve-awards`, { body }),
    // Edits: merge patch with If-Match; 412 when someone else changed the record meanwhile.
    fundVersioned: (id: string) => versioned<Fund>('GET', `/grant-funds/${encodeURIComponent(id)}`),
    updateFund: (id: string, patch: unknown, etag: string) => versioned<Fund>('PATCH', `/grant-funds/${encodeURIComponent(id)}`, { body: patch, headers: { 'If-Match': etag } }),
    callVersioned: (id: string) => versioned<Call>('GET', `/grant-calls/${encodeURIComponent(id)}`),
    updateCall: (id: string, patch: unknown, etag: string) => versioned<Call>('PATCH', `/grant-calls/${encodeURIComponent(id)}`, { body: patch, headers: { 'If-Match': etag } }),
    // Attachments: the applicant uploads while the application is editable; reads need a purpose.
    attachments: (id: string) => json<Page<GrantAttachment>>('GET', `/grant-applications/${encodeURIComponent(id)}/attachments`),
    attachmentUrl: (id: string, name: string) => `${BASE}/grant-applications/${encodeURIComponent(id)}/attachments/${encodeURIComponent(name)}`,
    attachmentContent: async (id: string, attachmentId: string, purpose: string): Promise<EvidenceContent> => {
      const res = await request('GET', `/grant-applications/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}/content`,
        { headers: { ...purposeHeader(purpose), Accept: '*/*' } });
      return { blob: await res.blob(), mediaType: res.headers.get('Content-Type') ?? 'application/octet-stream', fileName: fileNameOf(res.headers.get('Content-Disposition')) };
    },
    pay: (id: string, body: unknown) => json<Tranche>('POST', `/grant-tranches/${encodeURIComponent(id)}/payment`, { body }),
  },

  // Sharing: proposed by one person, approved by another; the recipient reads with a purpose.
  shares: {
    recipients: () => json<Page<ShareRecipient>>('GET', '/shares/recipients'),
    agreements: () => json<Page<SharingAgreement>>('GET', `/agreements${query({ limit: 100 })}`),
    // The register: admins and legal officers of a party create and change (no DELETE: terminate).
    agreementPage: (cursor?: string | null, limit = 50) => json<Page<SharingAgreement>>('GET', `/agreements${query({ limit, cursor })}`),
    createAgreement: (input: SharingAgreementInput, idempotencyKey?: string) =>
      json<SharingAgreement>('POST', '/agreements', { body: input, idempotencyKey }),
    updateAgreement: (id: string, patch: Partial<SharingAgreementInput>, etag: string) =>
      json<SharingAgreement>('PATCH', `/agreements/${encodeURIComponent(id)}`, { body: patch, headers: { 'If-Match': etag } }),
    given: (cursor?: string | null, limit = 25) => json<Page<Share>>('GET', `/shares${query({ limit, cursor })}`),
    received: (cursor?: string | null, limit = 25) => json<Page<Share>>('GET', `/shares/received${query({ limit, cursor })}`),
    get: (id: string) => json<Share>('GET', `/shares/${encodeURIComponent(id)}`),
    propose: (input: ShareInput, idempotencyKey?: string) => json<Share>('POST', '/shares', { body: input, idempotencyKey }),
    approve: (id: string) => json<Share>('POST', `/shares/${encodeURIComponent(id)}/approve`, { body: {} }),
    revoke: (id: string) => json<Share>('POST', `/shares/${encodeURIComponent(id)}/revoke`, { body: {} }),
    accessLog: (id: string, cursor?: string | null) => json<Page<ShareAccess>>('GET', `/shares/${encodeURIComponent(id)}/access-log${query({ limit: 50, cursor })}`),
    contribute: (id: string, body: { item_id: string; type: 'comment' | 'assessment'; text: string }) =>
      json<Contribution>('POST', `/shares/${encodeURIComponent(id)}/contributions`, { body }),
    contributions: (id: string, purpose: string) =>
      json<Page<Contribution>>('GET', `/shares/${encodeURIComponent(id)}/contributions`, { headers: purposeHeader(purpose) }),
    narrative: (id: string, itemId: string, purpose: string) =>
      json<Narrative>('GET', `/shares/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}/narrative`, { headers: purposeHeader(purpose) }),
    identity: (id: string, personId: string, purpose: string) =>
      json<IdentityRead>('GET', `/shares/${encodeURIComponent(id)}/items/${encodeURIComponent(personId)}/identity`, { headers: purposeHeader(purpose) }),
    tasks: (status: 'open' | 'closed', cursor?: string | null) => json<Page<ShareTask>>('GET', `/tasks${query({ status, limit: 50, cursor })}`),
    closeTask: (id: string, note: string) => json<ShareTask>('POST', `/tasks/${encodeURIComponent(id)}/close`, { body: note ? { note } : {} }),
    items: (id: string, purpose: string) => json<Page<SharedItem>>('GET', `/shares/${encodeURIComponent(id)}/items`, { headers: purposeHeader(purpose) }),
  },

  // Linkage: jobs run in the background; the review queue holds ids and comparison levels only.
  linkage: {
    start: (purpose: string) => json<LinkageJob>('POST', '/linkage/jobs', { body: {}, headers: purposeHeader(purpose) }),
    jobs: (cursor?: string | null) => json<Page<LinkageJob>>('GET', `/linkage/jobs${query({ limit: 100, cursor })}`),
    job: (id: string) => json<LinkageJob>('GET', `/linkage/jobs/${encodeURIComponent(id)}`),
    reviews: (jobId: string, decision: LinkageDecision | 'any', cursor?: string | null) =>
      json<Page<LinkageReview>>('GET', `/linkage/reviews${query({ job_id: jobId, decision, limit: 50, cursor })}`),
    decide: (id: string, decision: Exclude<LinkageDecision, 'pending'>, note?: string) =>
      json<LinkageReview>('POST', `/linkage/reviews/${encodeURIComponent(id)}/decision`, { body: note ? { decision, note } : { decision } }),
    links: (personId: string) => json<Page<PersonLink>>('GET', `/persons/${encodeURIComponent(personId)}/links`),
    cluster: (personId: string) => json<PersonCluster>('GET', `/persons/${encodeURIComponent(personId)}/cluster`),
    // "Already interviewed?": encodings only cross; the posted values are neither stored nor echoed.
    interviewCheck: (input: InterviewCheckInput, purpose: string) =>
      json<InterviewCheck>('POST', '/linkage/interview-checks', { body: input, headers: purposeHeader(purpose) }),
    unlink: (personId: string, linkId: string) =>
      json<PersonLink>('POST', `/persons/${encodeURIComponent(personId)}/links/${encodeURIComponent(linkId)}/unlink`, { body: {} }),
  },

  estimate: (input: EstimateInput) => json<EstimateResult>('POST', '/estimates', { body: input }),
  estimateOrganisations: () => json<Page<EstimateOrganisation>>('GET', '/estimates/organisations'),
  estimateFromRecords: (input: RecordEstimateInput, purpose: string) =>
    json<RecordEstimateResult>('POST', '/estimates/from-records', { body: input, headers: purposeHeader(purpose) }),

  audit: (cursor?: string | null, limit = 50) => json<Page<AuditEvent>>('GET', `/audit${query({ limit, cursor })}`),
  users: () => json<Page<User>>('GET', '/users'),
  createUser: (input: UserInput) => json<User>('POST', '/users', { body: input }),
};

// Reads every page of a list (for dashboard counts); stops at `max` records.
export async function listAll<T>(
  list: (f: ListFilters & { limit?: number; cursor?: string | null }) => Promise<Page<T>>,
  filters: ListFilters, max = 5000,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await list({ ...filters, limit: 500, cursor });
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && out.length < max);
  return out;
}

// RFC 6266 / 8187: `attachment; filename*=UTF-8''name%20encoded` (or a plain filename="...").
export function fileNameOf(disposition: string | null): string {
  if (!disposition) return '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { return star[1].trim(); }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : '';
}

// Streams a file to the write-once content URL of a registered item (PUT, raw body). Uses
// XMLHttpRequest because fetch does not report upload progress. The server checks the SHA-256
// of what it received against the registered one and answers with the stored item or a problem.
export function uploadContent(url: string, file: Blob, onProgress: (sent: number, total: number) => void): Promise<Evidence> {
  return putRaw<Evidence>(url, file, onProgress);
}

// The same raw PUT for any write-once content route (grant application attachments too).
export function putRaw<T>(url: string, file: Blob, onProgress: (sent: number, total: number) => void): Promise<T> {
  if (!url.startsWith(`${BASE}/`)) return Promise.reject(new ApiError({ status: 0, code: 'invalid_input', detail: url }));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'unavailable' }));
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = null; }
      if (xhr.status >= 200 && xhr.status < 300 && body) { onProgress(file.size, file.size); resolve(body as T); return; }
      const problem = (body && typeof body === 'object' ? body : { code: 'internal' }) as Problem;
      problem.status = xhr.status;
      if (xhr.status === 401) onUnauthenticated();
      reject(new ApiError(problem));
    };
    xhr.send(file);
  });
}

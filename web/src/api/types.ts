// Shapes of the giai HTTP API (see GET /api/v1/openapi.json, the contract).

export type Role = 'admin' | 'documenter' | 'legal' | 'support' | 'analyst' | 'grants' | 'reviewer' | 'applicant' | 'viewer';

export interface User { id: string; email: string; org_id: string; role: Role; compartments: string[]; display_name?: string; disabled?: boolean; created_at?: string }
export interface UserInput { email: string; role: Role; password: string; display_name?: string; compartments?: string[] }
export interface Organisation { id: string; name: string; kind: string; compartments: { id: string; name?: string }[] }
export interface Session { user: User; organisation: Organisation; csrf_token: string; expires_at: string }

export interface Meta {
  id: string; org_id: string; compartment_id?: string | null; version: number;
  created_at: string; updated_at: string; created_by?: string;
  date_range?: { earliest: string | null; latest: string | null };
}

export type IncidentStatus = 'past' | 'ongoing' | 'threatened';
export type ConflictKind = 'international' | 'non_international' | 'none' | 'unknown';

export interface IncidentInput {
  title: string; date: string; country: string; admin_area?: string;
  status?: IncidentStatus; conflict?: ConflictKind; narrative?: string | null;
}
export interface Incident extends Meta, Partial<IncidentInput> { title: string; date: string; country: string; has_narrative?: boolean }

export interface Victim { person_id?: string; group?: string; count?: number }
export interface Perpetrator { person_id?: string; unit_id?: string; involvement?: string }
export interface ActInput {
  incident_id: string; act_type: string; date?: string; narrative?: string | null;
  victims: Victim[]; perpetrators?: Perpetrator[]; qualifications?: string[];
  gender_based?: boolean; methods?: string[]; consequences?: string[];
}
export interface Act extends Meta, ActInput { has_narrative?: boolean }

export type Sex = 'female' | 'male' | 'intersex' | 'unknown';
export interface Identity { full_name?: string; other_names?: string[]; contact?: string; address?: string; id_numbers?: string[] }
export interface PersonInput { sex?: Sex; gender?: string; birth?: string; nationality?: string; groups?: string[]; identity?: Identity }
export interface Person extends Meta, Omit<PersonInput, 'identity'> { pseudonym: string; has_identity?: boolean }
export interface IdentityRead { id: string; pseudonym: string; version: number; identity: Identity }

export type UnitType = 'armed_group' | 'military_unit' | 'police' | 'state_organ' | 'company' | 'other';
export interface UnitInput { name: string; unit_type: UnitType; country?: string; parent_unit_id?: string }
export interface Unit extends Meta, UnitInput { commanders?: { person_id: string; period?: string; rank?: string }[] }

export type SourceType = 'interview' | 'written_statement' | 'document' | 'other';
export interface TestimonyInput {
  person_id: string; date: string; language: string; taken_by?: string; interpreter?: string;
  incident_ids?: string[]; source_type?: SourceType; narrative?: string | null;
}
export interface Testimony extends Meta, TestimonyInput { has_narrative?: boolean }

export interface Narrative { id: string; version: number; narrative: string | null }
export interface Page<T> { items: T[]; next_cursor: string | null }

export interface LocalisedText { en?: string; fr?: string; ar?: string; [lang: string]: string | undefined }
export interface CrimeElement { id?: string; text?: LocalisedText; en?: string; fr?: string; [k: string]: unknown }
export interface Crime { id: string; title: LocalisedText; category: string; elements: CrimeElement[]; [k: string]: unknown }
export interface CrimeVocabulary { crimes: Crime[]; modes_of_liability: { id: string; title?: LocalisedText }[] }
export interface ActType { code: string; en: string; fr?: string; ar?: string; level: number; parent?: string | null }
export interface ActTypeVocabulary { act_types: ActType[]; degrees_of_involvement: ActType[] } // same shape: code, en, fr, level, parent

export interface AuditEvent {
  id: string; at: string; user_id: string; action: string; record_id?: string;
  purpose?: string; outcome: string; request_id?: string;
}

export interface Problem { type?: string; title?: string; status: number; code: string; detail?: string; field?: string; request_id?: string }

export interface ListFilters {
  country?: string; from?: string; to?: string; crime?: string; category?: string;
  act_type?: string; gender_based?: boolean; incident_id?: string; person_id?: string;
}

// Consent (GET/POST /persons/{id}/consents): append-only versions, the latest one counts.
export type GivenHow = 'written' | 'recorded_oral' | 'guardian';
export type RecipientClass = 'ngo_partner' | 'national_prosecutor' | 'icc' | 'un_mechanism';
export type IdentityLevel = 'none' | 'pseudonymous' | 'full';
export interface ConsentScopes {
  documentation?: boolean; storage?: boolean; sharing?: RecipientClass[]; identity_level?: IdentityLevel;
  publication_anonymised?: boolean; media_use?: boolean; follow_up_contact?: boolean;
}
export interface ConsentInput {
  given_how: GivenHow; information_sheet_version: string; language: string; interpreter?: string;
  child_assent?: boolean; scopes: ConsentScopes;
}
export interface Consent extends ConsentInput {
  id: string; person_id: string; version: number; withdrawn: boolean; recorded_at: string; recorded_by: string; sha256: string;
}
export interface Erasure { id: string; identity_erased: boolean }

// Evidence vault (/evidence): register, then PUT the raw bytes to content_url (write-once).
export type AcquisitionMethod = 'device_capture' | 'handed_over' | 'web_capture' | 'open_source' | 'other';
export interface Acquisition {
  method: AcquisitionMethod | 'derived'; acquired_by?: string; acquired_at?: string; country?: string; device?: string;
  url?: string; captured_at?: string;
}
export interface EvidenceInput {
  sha256: string; size?: number; file_name: string; incident_id?: string; person_ids?: string[];
  acquisition: Acquisition;
}
export type DerivationKind = 'redacted' | 'blurred' | 'transcoded' | 'metadata_stripped' | 'translated' | 'other';
export interface Derivation { kind: DerivationKind; tool: string; tool_version: string }
export interface DerivativeInput { sha256: string; size?: number; file_name: string; derivation: Derivation }
export type EvidenceStatus = 'awaiting_content' | 'stored' | 'shredded';
export interface Evidence {
  id: string; org_id: string; status: EvidenceStatus; sha256?: string; size?: number; media_type?: string;
  acquisition?: Acquisition; derivation?: Derivation; parent_id?: string; incident_id?: string; person_ids?: string[];
  ingest_leaf?: number; content_url?: string; has_file_name?: boolean; version: number;
  created_at: string; updated_at: string; created_by?: string; stored_at?: string;
}
export type CustodyEventKind = 'received' | 'accessed' | 'exported' | 'transferred' | 'derived' | 'shredded';
export interface CustodyEvent {
  id: string; item_id: string; event: CustodyEventKind; at: string; actor_id: string; purpose?: string;
  details?: Record<string, unknown>; leaf_index?: number;
}
export interface CustodyLink { item_id: string; sha256: string; derivation?: Derivation | null; events: CustodyEvent[] }
export interface CustodyChain { item_id: string; chain: CustodyLink[] }
export interface EvidenceContent { blob: Blob; mediaType: string; fileName: string }

// Case building (docs/CASES.md).
export type MechanismType = 'icc' | 'national_prosecutor' | 'un_mechanism' | 'other';
export type CaseStatus = 'draft' | 'investigation' | 'submitted' | 'closed';
export interface Suspect { person_id?: string; unit_id?: string }
export interface CaseRecord {
  id: string; title: string; version: number; status?: CaseStatus;
  mechanism: { type: MechanismType; state?: string; name?: string };
  team: { user_ids: string[]; compartment_id?: string | null };
  suspects?: Suspect[]; incident_ids?: string[]; act_ids?: string[]; created_at?: string; updated_at?: string;
}
export interface CaseInput {
  title: string; status?: CaseStatus; mechanism: { type: MechanismType; state?: string; name?: string };
  suspects?: Suspect[]; incident_ids?: string[]; act_ids?: string[];
}
export interface Charge { id: string; case_id: string; crime_id: string; mode_id: string; suspect_id: string; created_at?: string }
export type Relation = 'supports' | 'contradicts' | 'context';
export type Coverage = 'covered' | 'partly' | 'not_covered';
export type ItemKind = 'evidence' | 'testimony' | 'act' | 'source';
export interface MatrixLink {
  assessment_id: string; element_id: string; item_id: string; item_kind: ItemKind; relation: Relation;
  weight: number; assessed_by: string; assessed_at: string; has_note: boolean;
  // A withdrawn assessment no longer counts; it stays listed with its withdrawal (docs/CASES.md).
  withdrawn?: boolean; withdrawal?: { id: string; reason: string; withdrawn_by: string; withdrawn_at: string } | null;
}
export interface ChargeElementInfo { id: string; text: string; kind: string; from: 'crime' | 'mode' }
export interface MatrixRow {
  element: ChargeElementInfo; coverage: Coverage; supporting_weight: number; contradicting_weight: number;
  supporting: MatrixLink[]; contradicting: MatrixLink[]; context: MatrixLink[]; withdrawn?: MatrixLink[];
}
export interface MatrixSummary { elements: number; covered: number; partly: number; not_covered: number; complete: boolean }
export interface GapInfo { element: ChargeElementInfo; coverage: Coverage; means_of_proof: string[] }
export interface ChargeMatrix { charge: Charge; matrix: { elements: MatrixRow[]; summary: MatrixSummary }; gaps: GapInfo[] }
export interface AssessmentInput { element_id: string; item_id: string; relation: Relation; weight: number; note?: string }
export interface SourceItem { id: string; title: string; url?: string; source_type?: string; sha256?: string }
export interface SourceInput { title: string; url?: string; source_type: string; published?: string; retrieved_at?: string; sha256?: string }
// The case file is shown as the server sends it; only the parts the screen lists are typed.
export interface WithheldItem { item_id: string; item_kind?: string; reason?: string; [k: string]: unknown }
// The exported case file (a tar bundle) as the browser received it, with the server's counts.
export interface CaseFileBundle { blob: Blob; fileName: string; exportId: string; exported: number; withheld: number }
export interface CaseFile { withheld?: WithheldItem[]; items?: { item_id?: string; id?: string; item_kind?: string; kind?: string }[]; [k: string]: unknown }

// Sub-granting (docs/GRANTS.md). Money is a decimal string in an ISO 4217 currency.
export interface Money { amount: string; currency: string }
export interface HistoryEntry { state: string; at: string; by: string }
export interface GrantRecord { id: string; state?: string; version?: number; history?: HistoryEntry[]; sealed_fields?: string[]; created_at?: string; [k: string]: unknown }
export interface Criterion { id: string; label: string; weight: number }
export interface Fund extends GrantRecord {
  name: string; currency: string; envelope: Money; cap_per_recipient: Money; activities: string[];
  recipient_categories: string[]; criteria: Criterion[]; languages?: string[];
}
export interface Call extends GrantRecord {
  fund_id: string; title: string; opens_at?: string; deadline: string; languages?: string[]; form_version: string;
  guidelines?: string; redress_route?: string; questions?: { question: string; answer: string; language?: string }[];
}
export interface BudgetLine { label: string; amount: Money }
export interface Application extends GrantRecord {
  call_id: string; title: string; activity: string; recipient_category: string; language?: string; country?: string;
  form_version: string; budget: { total: Money; lines: BudgetLine[] }; applicant_org_id?: string;
  co_applicants?: string[]; summary?: string; request?: string;
}
export interface Assignment extends GrantRecord { application_id: string; reviewer_id: string; review?: Review }
export interface Review { scores: Record<string, number>; recommendation?: string; comment?: string; weighted_score?: string; reviewer_id?: string; [k: string]: unknown }
export interface Agreement extends GrantRecord { application_id: string; amount?: Money; agreement_version?: number; due_diligence?: Record<string, unknown> }
export interface Tranche extends GrantRecord { agreement_id?: string; planned_date: string; amount: Money; required_reports?: string[]; paid_on?: string }
export interface ReportReview { outcome: string; comment?: string; at?: string; by?: string }
// A version of a report as it was sent back (the current one is the report itself).
export interface ReportVersion { report_version: number; period: string; expenditure?: Money; indicator_values?: IndicatorValue[]; review?: ReportReview | null; submitted_at?: string; narrative_field?: string }
export interface Report extends GrantRecord {
  type: string; period: string; tranche_id?: string; expenditure?: Money; indicator_values?: IndicatorValue[];
  report_version?: number; versions?: ReportVersion[]; review?: ReportReview;
}
// Indicator values stay structured for the programme's results framework (docs/GRANTS.md).
export interface IndicatorValue {
  indicator_id: string; period: string; value: number; unit?: string;
  disaggregation?: { sex?: Partial<Record<'female' | 'male' | 'other' | 'unknown', number>>; country?: Record<string, number> };
}
export interface Amendment { agreement_version: number; summary: string; at: string; by: string; ends_on?: { from: string; to: string } }
// A file attached to an application: write-once, in the vault; the name is sealed (shown to the
// applicant organisation and the officer only).
export interface GrantAttachment { id: string; application_id: string; name?: string; sha256: string; size: number; media_type: string; uploaded_at: string; uploaded_by?: string; content_url?: string }

// Sharing across organisations (docs/SHARING.md).
export type ShareScope = 'read_pseudonymised' | 'read_identity' | 'contribute';
export type ShareObjectType = 'record' | 'person_file' | 'evidence' | 'case' | 'set';
export type ShareState = 'proposed' | 'active' | 'revoked' | 'expired';
export interface ShareInput {
  recipient_org_id: string; object: { type: ShareObjectType; ids?: string[]; query?: Record<string, unknown> }; scope: ShareScope;
  purpose: string; legal_basis: string; expires_at: string; agreement_id?: string;
}
// A data-sharing agreement between organisations (docs/SHARING.md "Agreements").
export interface SharingAgreement {
  id: string; title: string; parties: string[]; party_names?: string[]; scopes: string[];
  starts_on: string; ends_on: string; status: string; state?: string;
  version?: number; org_id?: string; document?: { reference?: string; evidence_id?: string }; created_at?: string;
}
export interface SharingAgreementInput {
  title: string; parties: string[]; scopes: string[]; starts_on: string; ends_on: string;
  // null removes a member in a merge patch (a reference replaced by a vault item).
  document: { reference?: string | null; evidence_id?: string | null }; status?: 'draft' | 'in_force' | 'suspended' | 'terminated';
}
export interface ShareItemRef { id: string; kind: string; identity_disclosed?: boolean; identity_withheld_reason?: string }
export interface Share {
  id: string; org_id: string; origin_name?: string; recipient_org_id: string; recipient_name?: string; recipient_class?: string;
  object: { type: ShareObjectType; ids?: string[] }; scope: ShareScope; purpose?: string; legal_basis?: string; expires_at: string;
  state: ShareState; proposed_by?: string; approved_by?: string | null; approved_at?: string | null;
  revoked_by?: string | null; revoked_at?: string | null; items: ShareItemRef[]; refused?: { id: string; kind: string; reason: string }[];
  created_at: string; version: number;
}
export interface ShareRecipient { id: string; name: string; kind: string; recipient_class: string }
export interface ShareAccess {
  id: string; at?: string; created_at?: string; user_id: string; user_org_id: string; action: string;
  item_id: string | null; purpose: string; outcome: 'ok' | 'denied';
}
export interface SharedItem {
  id: string; kind: string; pseudonym?: string; title?: string; date?: string; country?: string; act_type?: string;
  read_only?: boolean; origin: { org_id: string; org_name: string; share_id: string; scope: string; expires_at: string };
  [field: string]: unknown;
}

// Record linkage in the server (docs/LINKAGE.md): ids, weights and comparison levels only.
export interface LinkageJob {
  id: string; status: 'queued' | 'running' | 'done' | 'failed'; purpose?: string; error?: string;
  created_at: string; started_at?: string; finished_at?: string;
  result?: { persons_considered?: number; skipped_consent?: number; skipped_no_identity?: number; candidate_pairs?: number;
    probable_pairs?: number; review_items?: number; already_decided?: number; seconds?: number };
}
export type LinkageDecision = 'pending' | 'accept' | 'reject' | 'unsure';
export interface LinkageReview {
  id: string; job_id: string; person_ids: [string, string]; weight: number; probability: number; band: 'probable' | 'possible';
  levels: Record<string, string>; decision: LinkageDecision; decided_at?: string; note?: string; link_id?: string;
}
export interface PersonCluster { person_id: string; persons: { id: string; pseudonym: string }[]; link_ids: string[]; truncated?: boolean }
export interface InterviewCheckInput { name: string; sex?: string; birth?: string; nationality?: string }
export type CheckLevel = 'agree' | 'partial' | 'missing';
export interface InterviewCheck {
  organisations_checked: number; encodings_compared: number;
  matches: { organisation_id: string; organisation_name: string; contacts: string[];
    persons: { reference: string; name_similarity: number; sex: CheckLevel; birth: CheckLevel }[] }[];
}
export interface PersonLink { id: string; person_ids: string[]; relation: string; review_id?: string; active: boolean; created_at: string }

// Multiple systems estimation (docs/ESTIMATION.md).
export interface EstimateInput {
  csv: string; strata_column?: string; method?: 'loglinear' | 'latent-class' | 'all';
  selection?: 'stepwise' | 'aic' | 'bic'; level?: number;
}
export interface EstimateResult {
  lists: string[]; observed: number;
  estimate: { method: string; value: number; lower: number; upper: number; level: number; strata?: number } | null;
  strata: EstimateStratum[];
  warnings: EstimateWarning[]; overlap: { pattern: string; lists: string[]; count: number }[];
}
// A warning of an estimate: a stable code, its parameters, the stratum it concerns if any, and an
// English message (docs/ESTIMATION.md "Warnings").
export interface EstimateWarning {
  code: string; message: string; stratum?: string; detail?: string; lists?: string;
  count?: number; min?: number; max?: number; factor?: number; rhat?: number | null; ess?: number;
}
// An estimate from the platform's records: one list per organisation (docs/ESTIMATION.md).
export interface RecordEstimateInput {
  organisations: string[];
  filters?: { country?: string; from?: string; to?: string; sex?: string; category?: string };
  strata?: 'sex'; method?: EstimateInput['method']; selection?: EstimateInput['selection']; level?: number;
}
export interface RecordEstimateResult extends EstimateResult {
  organisations: { org_id: string; name: string; own: boolean; persons: number; entities: number }[];
  entities: number; linked_entities: number; small_cell_threshold: number;
  overlap: { pattern: string; lists: string[]; count: number; small?: boolean }[];
}
export interface EstimateOrganisation { org_id: string; name: string; own: boolean }
export interface EstimateStratum {
  name?: string; observed: number;
  loglinear?: { error?: string; model?: string; estimate?: number; interval?: { lower: number; upper: number; level: number } };
  latent_class?: { error?: string; median?: number; lower?: number; upper?: number };
}
export interface ShareTask {
  id: string; type: string; title?: string; person_id?: string; pseudonym?: string; origin_org_id?: string;
  share_id?: string; share_ids?: string[]; item_ids?: string[]; status: 'open' | 'closed'; note?: string | null;
  created_at: string; closed_at?: string;
}
export interface Contribution { id: string; share_id: string; item_id: string; type: 'comment' | 'assessment'; text: string | null; org_id: string; created_at: string; created_by?: string }

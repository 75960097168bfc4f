// The signed-in session, held in memory. After a reload it is restored from GET /auth/me.
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Role, Session } from '../api/types';
import { clearDrafts } from './drafts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed_out'; expired?: boolean }
  | { status: 'signed_in'; session: Session };

let state: SessionState = { status: 'loading' };
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  listeners.forEach((l) => l());
}

export function useSession(): SessionState {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    l(); // the state may have changed between the first render and this effect
    return () => { listeners.delete(l); };
  }, []);
  return state;
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function expired(): void {
  if (state.status === 'signed_in') { setCsrfToken(''); set({ status: 'signed_out', expired: true }); }
}

function signedIn(session: Session): void {
  setCsrfToken(session.csrf_token);
  set({ status: 'signed_in', session });
  // Show the sign-in form when the session ends, even if the user does nothing meanwhile.
  clearTimeout(expiryTimer);
  const ms = Date.parse(session.expires_at) - Date.now();
  if (ms > 0 && ms < 2 ** 31 - 1) expiryTimer = setTimeout(expired, ms);
}

export async function restoreSession(): Promise<void> {
  setUnauthenticatedHandler(expired);
  try {
    signedIn(await api.me());
  } catch {
    set({ status: 'signed_out' });
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  signedIn(await api.login(email, password));
}

export async function signOut(): Promise<void> {
  try { await api.logout(); } catch { /* the session may already be gone */ }
  setCsrfToken('');
  clearTimeout(expiryTimer);
  clearDrafts();
  set({ status: 'signed_out' });
}

// What the interface offers, mirroring the server's policy (src/access/policy.cc); the server
// enforces the same rules on every request anyway.
type Kind = 'incident' | 'act' | 'person' | 'unit' | 'testimony' | 'evidence';
const WRITES: Partial<Record<Role, Kind[]>> = {
  documenter: ['incident', 'act', 'person', 'unit', 'testimony', 'evidence'],
  legal: ['incident', 'act', 'unit', 'evidence'],
  support: ['person', 'testimony'],
};
const READS_PROTECTED: Role[] = ['documenter', 'legal', 'support'];
const READS_DOCUMENTATION: Role[] = ['admin', 'documenter', 'legal', 'analyst', 'viewer'];
export const can = {
  write: (s: Session, kind: Kind) => (WRITES[s.user.role] ?? []).includes(kind),
  readProtected: (s: Session) => READS_PROTECTED.includes(s.user.role),
  audit: (s: Session) => s.user.role === 'admin',
  // Consent versions are read like the person (support included); recorded by who writes persons.
  readConsent: (s: Session) => READS_DOCUMENTATION.includes(s.user.role) || s.user.role === 'support',
  // Evidence is not part of victim support's work; its content is read like a narrative.
  readEvidence: (s: Session) => READS_DOCUMENTATION.includes(s.user.role),
  readEvidenceContent: (s: Session) => s.user.role === 'documenter' || s.user.role === 'legal',
  // Documentation screens (overview, incidents, persons, units): not for sub-granting roles.
  documentation: (s: Session) => READS_DOCUMENTATION.includes(s.user.role) || s.user.role === 'support',
  // Case building is the legal role's alone (access::Allows on case, charge, assessment, source).
  cases: (s: Session) => s.user.role === 'legal',
  // Sub-granting (access::AllowsGrant): the officer manages, reviewers review, applicants apply.
  grants: (s: Session) => GRANT_ROLES.includes(s.user.role),
  manageGrants: (s: Session) => s.user.role === 'grants',
  review: (s: Session) => s.user.role === 'reviewer',
  apply: (s: Session) => s.user.role === 'applicant',
  // Sharing (access::AllowsShare): propose, approve (admin, legal; never one's own), oversee, receive.
  proposeShare: (s: Session) => READS_PROTECTED.includes(s.user.role),
  approveShare: (s: Session) => s.user.role === 'admin' || s.user.role === 'legal',
  overseeShares: (s: Session) => READS_PROTECTED.includes(s.user.role) || s.user.role === 'admin',
  shares: (s: Session) => READS_DOCUMENTATION.includes(s.user.role) || s.user.role === 'support',
  // Linkage (access::AllowsLinkage): documenters and lawyers run and review; estimates add analysts.
  linkage: (s: Session) => s.user.role === 'documenter' || s.user.role === 'legal',
  estimate: (s: Session) => ['documenter', 'legal', 'analyst'].includes(s.user.role),
};
const GRANT_ROLES: Role[] = ['grants', 'reviewer', 'applicant'];

// Pure helpers of the sharing screens (unit tested).
import { ApiError } from '../api/client';
import type { SharedItem } from '../api/types';
import { t } from '../i18n';

// "2027-03-01" (a date input) -> the end of that day in UTC, as the API wants it.
export function expiryOf(date: string): string { return `${date}T23:59:59Z`; }

// The server refuses self-approval with 403 and a detail naming the proposer: say it plainly.
export function approvalError(err: unknown): string | null {
  if (err instanceof ApiError && err.status === 403 && /proposer/.test(err.problem.detail ?? '')) return t('sharing.self_approval');
  return null;
}

// What a shared record is, in a few words: pseudonyms for persons, never identities.
export function itemSummary(i: SharedItem): string {
  const text = (k: string) => (typeof i[k] === 'string' ? (i[k] as string) : '');
  return i.pseudonym ?? (text('title') || text('act_type') || text('file_name') || text('name') || text('date'));
}

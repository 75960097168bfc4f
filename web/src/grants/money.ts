// Money on screen: amounts are decimal strings in an ISO 4217 currency ({amount, currency}), shown
// with Intl.NumberFormat in the interface language, never through floating-point arithmetic for
// sums (budget lines are added as integer minor units, like the server does).
import type { Money } from '../api/types';

export function formatMoney(m: Money | undefined | null, lang: string): string {
  if (!m) return '';
  const n = Number(m.amount);
  if (!Number.isFinite(n)) return `${m.amount} ${m.currency}`;
  try {
    const digits = minorDigits(m.currency);
    return new Intl.NumberFormat(lang, { style: 'currency', currency: m.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  } catch {
    return `${m.amount} ${m.currency}`;
  }
}

// Decimals of a currency (EUR 2, JPY 0, KWD 3) from the browser's own data.
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

// "1500.5" with 2 decimals -> 150050n; null when it is not a plain non-negative decimal or has too
// many decimals for the currency.
export function toMinor(amount: string, digits: number): bigint | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  return BigInt(m[1] + frac.padEnd(digits, '0'));
}

export function fromMinor(minor: bigint, digits: number): string {
  const s = minor.toString().padStart(digits + 1, '0');
  return digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

// The total of budget lines as a decimal string, or null if any line is not a valid amount.
export function sumAmounts(amounts: string[], currency: string): string | null {
  const digits = minorDigits(currency);
  let total = 0n;
  for (const a of amounts) {
    const v = toMinor(a, digits);
    if (v === null) return null;
    total += v;
  }
  return fromMinor(total, digits);
}

export const isCurrencyCode = (c: string): boolean => /^[A-Z]{3}$/.test(c);

// Dates and times in the interface language ("2026-12-29T10:00:00Z" -> "29 December 2026").
export function formatDate(iso: string | undefined, lang: string, withTime = false): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, withTime
    ? { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }
    : { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

// Pure helpers of the estimates screen (unit tested): the example table, pattern labels, and
// the reasons to show when the server gives no number.
import type { EstimateResult, EstimateWarning } from '../api/types';

export const EXAMPLE_CSV = 'A,B,C,count\n1,0,0,120\n0,1,0,95\n0,0,1,80\n1,1,0,30\n1,0,1,25\n0,1,1,20\n1,1,1,8\n';

// "110" over lists [A, B, C] -> ["A", "B"]; the lists a capture pattern means.
export function listsOf(pattern: string, lists: string[]): string[] {
  return lists.filter((_, i) => pattern[i] === '1');
}

// Overlap rows in a stable order: by how many lists, then by pattern (A only, B only, A+B…).
export function overlapRows(result: EstimateResult): { label: string; count: number }[] {
  return [...result.overlap]
    .sort((x, y) => (x.lists.length - y.lists.length) || y.pattern.localeCompare(x.pattern))
    .map((o) => ({ label: (o.lists.length ? o.lists : listsOf(o.pattern, result.lists)).join(' + '), count: o.count }));
}

// Why there is no number: the warnings, and any stratum's model error that no warning already
// gives (the server gives one for each; an older answer may not), without repeats.
export function reasonsWithoutNumber(result: EstimateResult): EstimateWarning[] {
  const out: EstimateWarning[] = [...(result.warnings ?? [])];
  const strata = result.strata ?? [];
  for (const s of strata) {
    const stratum = strata.length > 1 && s.name ? s.name : undefined;
    const errors: [string, string | undefined][] = [['loglinear_not_estimable', s.loglinear?.error], ['latent_not_estimable', s.latent_class?.error]];
    for (const [code, e] of errors) {
      if (e && !out.some((w) => w.code === code && w.stratum === (s.name || undefined))) {
        out.push({ code, detail: e, message: stratum ? `${stratum}: ${e}` : e, ...(stratum ? { stratum } : {}) });
      }
    }
  }
  const seen = new Set<string>();
  return out.filter((w) => !seen.has(JSON.stringify(w)) && !!seen.add(JSON.stringify(w)));
}

// UpSet-style columns of an overlap: one per observed pattern, largest first (then by pattern),
// with the lists it is made of (`members[j]`: on list j) named through `names` (id -> name).
export interface UpsetColumn { pattern: string; label: string; count: number; small: boolean; members: boolean[] }
export function upsetColumns(
  overlap: { pattern: string; count: number; small?: boolean }[], lists: string[], names: Record<string, string>,
): UpsetColumn[] {
  return [...overlap]
    .sort((x, y) => (y.count - x.count) || y.pattern.localeCompare(x.pattern))
    .map((o) => ({
      pattern: o.pattern,
      label: listsOf(o.pattern, lists).map((id) => names[id] ?? id).join(' + '),
      count: o.count,
      small: !!o.small,
      members: lists.map((_, j) => o.pattern[j] === '1'),
    }));
}

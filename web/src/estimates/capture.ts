// Pure helpers of the estimates screen (unit tested): the example table, pattern labels, and
// the reasons to show when the server gives no number.
import type { EstimateResult } from '../api/types';

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

// Why there is no number: each stratum's model errors, then the warnings, without repeats.
export function reasonsWithoutNumber(result: EstimateResult): string[] {
  const out: string[] = [];
  const several = (result.strata ?? []).length > 1;
  for (const s of result.strata ?? []) {
    for (const e of [s.loglinear?.error, s.latent_class?.error]) {
      if (e) out.push(several && s.name ? `${s.name}: ${e}` : e);
    }
  }
  for (const w of result.warnings ?? []) out.push(w);
  return [...new Set(out)];
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

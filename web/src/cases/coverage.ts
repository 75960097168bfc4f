// Pure helpers for the coverage matrix screen: how a status is shown (a symbol and words, never
// colour alone), the summary line, and the items of a row in the order a reader needs them.
import type { Coverage, MatrixLink, MatrixRow, MatrixSummary } from '../api/types';

// A shape per status so the status reads without colour: ● covered, ◐ partly, ○ not covered.
export const COVERAGE_SYMBOL: Record<Coverage, string> = { covered: '●', partly: '◐', not_covered: '○' };

// Summary counted from the rows (the server sends one too; both must agree, see the unit test).
export function summarise(rows: MatrixRow[]): MatrixSummary {
  const s: MatrixSummary = { elements: rows.length, covered: 0, partly: 0, not_covered: 0, complete: false };
  for (const r of rows) s[r.coverage]++;
  s.complete = rows.length > 0 && s.covered === rows.length;
  return s;
}

// Percentage of covered elements (partly counts half), rounded down; 0 for an empty matrix.
export function coverageScore(s: MatrixSummary): number {
  if (s.elements === 0) return 0;
  return Math.floor(((s.covered + s.partly / 2) * 100) / s.elements);
}

// Strongest first, then oldest first: the items that carry the element lead.
export function byWeight(links: MatrixLink[]): MatrixLink[] {
  return [...links].sort((a, b) => b.weight - a.weight || a.assessed_at.localeCompare(b.assessed_at));
}

// Contradicting items are always listed (disclosure): the row's contradicting list is never
// filtered, whatever the view's filter on supporting items says.
export function visibleLinks(row: MatrixRow, onlyStrong: boolean): { supporting: MatrixLink[]; contradicting: MatrixLink[]; context: MatrixLink[] } {
  const supporting = byWeight(row.supporting).filter((l) => !onlyStrong || l.weight >= 3);
  return { supporting, contradicting: byWeight(row.contradicting), context: byWeight(row.context) };
}

// The item kind from its id prefix (evd_, tst_, act_, src_), for the item picker.
export function itemKindOf(id: string): 'evidence' | 'testimony' | 'act' | 'source' | null {
  const prefix = id.slice(0, 4);
  return prefix === 'evd_' ? 'evidence' : prefix === 'tst_' ? 'testimony' : prefix === 'act_' ? 'act' : prefix === 'src_' ? 'source' : null;
}

// Where an item is opened in the interface (open-source items have no page of their own).
export function itemHref(id: string): string | null {
  switch (itemKindOf(id)) {
    case 'evidence': return `/evidence/${encodeURIComponent(id)}`;
    case 'testimony': return `/testimonies/${encodeURIComponent(id)}/edit`;
    default: return null;
  }
}

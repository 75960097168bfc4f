// Pure helpers of the programme forms (unit tested).

// "documentation, support" -> ["documentation", "support"].
export const list = (text: string): string[] => text.split(',').map((x) => x.trim()).filter(Boolean);

// A local date-time input ("2027-01-31T12:00") as RFC 3339 UTC with seconds, as the API wants.
export const utcOf = (local: string): string => (local ? new Date(local).toISOString().replace(/\.\d{3}Z$/, 'Z') : '');

export interface CriterionRow { label: string; weight: string }

// Criterion ids from labels ("Relevance to the call" -> "relevance_to_the_call"), unique; rows
// without a label are dropped.
export function criteriaOf(rows: CriterionRow[]): { id: string; label: string; weight: number }[] {
  const seen = new Set<string>();
  return rows.filter((r) => r.label.trim()).map((r, i) => {
    let id = r.label.trim().toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || `c${i + 1}`;
    while (seen.has(id)) id += `_${i + 1}`;
    seen.add(id);
    return { id, label: r.label.trim(), weight: Number(r.weight) };
  });
}

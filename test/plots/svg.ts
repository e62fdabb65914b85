/** SVG checks for tests: the data marks vega drew, by mark type. */

/**
 * Items per data-mark type (`rect`, `rule`, `symbol`, `line`, `area`, `text`)
 * in a vega SVG: a data mark is a `<g class="mark-TYPE role-mark …">` holding
 * one element per item (axes and legends have other roles).
 */
export function countMarks(svg: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of svg.matchAll(/<g class="mark-(\w+) role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)) {
    const items = (m[2].match(/<(path|line|text|rect|circle)\b/g) ?? []).length;
    counts.set(m[1], (counts.get(m[1]) ?? 0) + items);
  }
  return counts;
}

/** Whether every `url(#id)` and `href="#id"` of the SVG points at an id it defines. */
export function danglingReferences(svg: string): string[] {
  const ids = new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
  const refs = [...svg.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"/g)].map((m) => (m[1] as string | undefined) ?? m[2]);
  return refs.filter((r) => !ids.has(r));
}

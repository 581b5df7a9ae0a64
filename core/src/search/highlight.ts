const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/**
 * An excerpt of `text` around the first match of any term, HTML-escaped, each match wrapped in <mark>.
 * Done here rather than with ts_headline: the index holds segmented tokens, and Chinese reads without the spaces.
 */
export function highlightTerms(text: string, terms: readonly string[], width = 120): string {
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const term of new Set(terms.filter((t) => t.length > 0))) {
    const needle = term.toLowerCase();
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
      ranges.push([at, at + needle.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }

  const first = merged[0]?.[0] ?? 0;
  const start = text.length <= width ? 0 : Math.max(0, Math.min(first - Math.floor(width / 4), text.length - width));
  const end = Math.min(text.length, start + width);
  let out = start > 0 ? "…" : "";
  let cursor = start;
  for (const [from, to] of merged) {
    if (to <= start || from >= end) continue;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    out += `${escapeHtml(text.slice(cursor, a))}<mark>${escapeHtml(text.slice(a, b))}</mark>`;
    cursor = b;
  }
  out += escapeHtml(text.slice(cursor, end));
  return end < text.length ? `${out}…` : out;
}

/**
 * Aho-Corasick over UTF-16 code units: finds every occurrence of thousands of terms in one pass over the text,
 * so a post costs the same however large the lexicons and the gazetteer grow.
 */

export interface Match<T> {
  start: number;
  /** exclusive */
  end: number;
  term: string;
  value: T;
}

interface Node {
  next: Map<number, number>;
  fail: number;
  /** index into `terms` of the term ending here, or -1 */
  term: number;
  /** nearest node on the fail chain that ends a term, or -1 */
  output: number;
}

export class TermMatcher<T> {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, term: -1, output: -1 }];
  private readonly terms: string[] = [];
  private readonly values: T[] = [];
  /** transitions out of the root by code unit (0 = stay at the root): most characters of a post end here */
  private readonly rootNext = new Int32Array(65536);

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [term, value] of entries) this.add(term, value);
    this.link();
  }

  /** A term added twice keeps its first value. */
  private add(term: string, value: T): void {
    if (!term) return;
    let state = 0;
    for (let i = 0; i < term.length; i++) {
      const code = term.charCodeAt(i);
      let next = this.nodes[state]!.next.get(code);
      if (next === undefined) {
        next = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, term: -1, output: -1 });
        this.nodes[state]!.next.set(code, next);
      }
      state = next;
    }
    const node = this.nodes[state]!;
    if (node.term === -1) {
      node.term = this.terms.length;
      this.terms.push(term);
      this.values.push(value);
    }
  }

  private link(): void {
    const queue: number[] = [];
    for (const child of this.nodes[0]!.next.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const node = this.nodes[state]!;
      for (const [code, child] of node.next) {
        let fail = node.fail;
        while (fail !== 0 && !this.nodes[fail]!.next.has(code)) fail = this.nodes[fail]!.fail;
        const target = this.nodes[fail]!.next.get(code);
        const childNode = this.nodes[child]!;
        childNode.fail = target !== undefined && target !== child ? target : 0;
        const failNode = this.nodes[childNode.fail]!;
        childNode.output = failNode.term !== -1 ? childNode.fail : failNode.output;
        queue.push(child);
      }
    }
    for (const [code, child] of this.nodes[0]!.next) this.rootNext[code] = child;
  }

  /** Every occurrence, overlapping ones included, ordered by end position. */
  findAll(text: string): Match<T>[] {
    const matches: Match<T>[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      while (state !== 0 && !this.nodes[state]!.next.has(code)) state = this.nodes[state]!.fail;
      state = state === 0 ? this.rootNext[code]! : this.nodes[state]!.next.get(code)!;
      let hit = this.nodes[state]!.term !== -1 ? state : this.nodes[state]!.output;
      while (hit !== -1) {
        const node = this.nodes[hit]!;
        const term = this.terms[node.term]!;
        matches.push({ start: i + 1 - term.length, end: i + 1, term, value: this.values[node.term]! });
        hit = node.output;
      }
    }
    return matches;
  }

  /** Leftmost-longest, non-overlapping occurrences: 哈尔滨工程大学 wins over 哈尔滨 inside it. */
  findLongest(text: string): Match<T>[] {
    return selectLongest(this.findAll(text));
  }
}

/** Leftmost-longest, non-overlapping matches out of any set of matches. */
export function selectLongest<T>(matches: Match<T>[]): Match<T>[] {
  const all = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: Match<T>[] = [];
  let covered = 0;
  for (const match of all) {
    if (match.start < covered) continue;
    chosen.push(match);
    covered = match.end;
  }
  return chosen;
}

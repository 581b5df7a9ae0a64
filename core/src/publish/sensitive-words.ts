/**
 * The managed sensitive-word check: an Aho–Corasick automaton built once per word list, run over a text in one
 * pass, reporting every hit (overlapping ones too) with the listed word and its offsets in the original text.
 *
 * Matching folds case and width (ＡＢＣ, abc and ABC are one word) and ignores separators put between the
 * characters of a word to dodge the filter (法*轮*功, 法 轮 功): characters of the skip set are left out before
 * matching, and a hit counts only while no more than `maxGap` of them sit between two of its characters.
 * The lists live in the database (word-lists.ts); these functions take one as input.
 */

export interface SensitiveWordEntry {
  word: string;
  /** shown next to the hit: 违法, 广告, 涉政 … */
  category?: string | null;
}

export interface SensitiveWordHit {
  /** the word as listed */
  word: string;
  category: string | null;
  /** the text as written, separators included: "法*轮*功" */
  matched: string;
  /** offsets into the checked text, end exclusive */
  start: number;
  end: number;
}

export interface SensitiveWordCheck {
  blocked: boolean;
  hits: SensitiveWordHit[];
}

export interface CompileOptions {
  /** characters ignored between the characters of a word; DEFAULT_SKIP_CHARACTERS unless given */
  skip?: Iterable<string>;
  /** most skipped characters allowed between two characters of one hit (default 3) */
  maxGap?: number;
}

/**
 * Spaces, zero-width characters and the symbols people put between characters to dodge filters. Sentence
 * punctuation (，。！？) is left out on purpose: a word never spans two clauses.
 */
export const DEFAULT_SKIP_CHARACTERS: readonly string[] = [
  ..." \t\r\n\u00A0\u200B\u200C\u200D\u2060\uFEFF",
  ..."*-_.·•|/\\~^+=#@$%&`'\"",
  ..."＊－＿．｜／＼～＾＋＝＃＠＄％＆　・",
];

interface Automaton {
  /** goto function: next[node] maps a folded character to a child node */
  next: Map<string, number>[];
  fail: number[];
  /** indices into `entries` of every word ending at this node, its suffixes' words included */
  outputs: number[][];
}

interface CompiledEntry {
  word: string;
  category: string | null;
  /** length in characters (code points) after folding and removing skip characters */
  length: number;
}

/** One kept character of the checked text, with where it was and how many skipped characters came before it. */
interface KeptChar {
  char: string;
  start: number;
  end: number;
  gapBefore: number;
}

export class SensitiveWordList {
  private readonly automaton: Automaton;
  private readonly entries: CompiledEntry[];
  private readonly skip: ReadonlySet<string>;
  private readonly maxGap: number;

  constructor(words: readonly (string | SensitiveWordEntry)[], options: CompileOptions = {}) {
    this.skip = new Set([...(options.skip ?? DEFAULT_SKIP_CHARACTERS)].map(foldChar));
    this.maxGap = options.maxGap ?? 3;
    this.entries = [];
    const paths: string[][] = [];
    const seen = new Set<string>();
    for (const item of words) {
      const entry = typeof item === "string" ? { word: item } : item;
      const folded = [...entry.word.trim()].map(foldChar).filter((char) => !this.skip.has(char));
      const key = folded.join("");
      if (!key || seen.has(key)) continue;
      seen.add(key);
      paths.push(folded);
      this.entries.push({ word: entry.word.trim(), category: entry.category ?? null, length: folded.length });
    }
    this.automaton = buildAutomaton(paths);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every hit, overlapping ones included, ordered by start and then longest first. */
  findAll(text: string): SensitiveWordHit[] {
    const kept = this.keepCharacters(text);
    const { next, fail, outputs } = this.automaton;
    const hits: SensitiveWordHit[] = [];
    let node = 0;
    for (let position = 0; position < kept.length; position += 1) {
      const char = kept[position]!.char;
      while (node !== 0 && !next[node]!.has(char)) node = fail[node]!;
      node = next[node]!.get(char) ?? 0;
      for (const index of outputs[node]!) {
        const entry = this.entries[index]!;
        const first = position - entry.length + 1;
        if (!this.isTight(kept, first, position)) continue;
        const start = kept[first]!.start;
        const end = kept[position]!.end;
        hits.push({ word: entry.word, category: entry.category, matched: text.slice(start, end), start, end });
      }
    }
    return hits.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  private keepCharacters(text: string): KeptChar[] {
    const kept: KeptChar[] = [];
    let gap = 0;
    for (let offset = 0; offset < text.length; ) {
      const codePoint = text.codePointAt(offset)!;
      const width = codePoint > 0xffff ? 2 : 1;
      const char = foldChar(String.fromCodePoint(codePoint));
      if (this.skip.has(char)) {
        gap += 1;
      } else {
        kept.push({ char, start: offset, end: offset + width, gapBefore: gap });
        gap = 0;
      }
      offset += width;
    }
    return kept;
  }

  private isTight(kept: KeptChar[], first: number, last: number): boolean {
    for (let position = first + 1; position <= last; position += 1) {
      if (kept[position]!.gapBefore > this.maxGap) return false;
    }
    return true;
  }
}

/** Builds the automaton for a word list: once per list, then reused for every text. */
export function compileSensitiveWords(
  words: readonly (string | SensitiveWordEntry)[],
  options: CompileOptions = {},
): SensitiveWordList {
  return new SensitiveWordList(words, options);
}

/** Checks a text against a compiled list: any hit blocks publishing. */
export function checkText(text: string, list: SensitiveWordList): SensitiveWordCheck {
  const hits = list.findAll(text);
  return { blocked: hits.length > 0, hits };
}

/**
 * Reads a word list file: one word a line, optionally a tab and a category; blank lines and lines starting
 * with # are skipped.
 */
export function parseWordList(source: string): SensitiveWordEntry[] {
  const entries: SensitiveWordEntry[] = [];
  for (const line of source.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const [word, category] = trimmed.split("\t").map((part) => part.trim());
    if (word) entries.push({ word, category: category || null });
  }
  return entries;
}

/** Full-width → half-width, the ideographic space → a space, then lower case. */
export function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  if (char.length === 1 && code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
  if (char === "\u3000") return " ";
  return char.toLowerCase();
}

function buildAutomaton(words: readonly string[][]): Automaton {
  const next: Map<string, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  words.forEach((chars, index) => {
    let node = 0;
    for (const char of chars) {
      let child = next[node]!.get(char);
      if (child === undefined) {
        child = next.length;
        next.push(new Map());
        outputs.push([]);
        next[node]!.set(char, child);
      }
      node = child;
    }
    outputs[node]!.push(index);
  });

  // breadth-first: a node's failure link is the longest proper suffix of its path that is also a path
  const fail = new Array<number>(next.length).fill(0);
  const queue: number[] = [...next[0]!.values()];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    for (const [char, child] of next[node]!) {
      let link = fail[node]!;
      while (link !== 0 && !next[link]!.has(char)) link = fail[link]!;
      const target = next[link]!.get(char);
      fail[child] = target !== undefined && target !== child ? target : 0;
      // a word ending at the suffix also ends here (法轮功 reports 轮功 too)
      outputs[child] = [...outputs[child]!, ...outputs[fail[child]!]!];
      queue.push(child);
    }
  }
  return { next, fail, outputs };
}

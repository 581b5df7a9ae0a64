/**
 * The lexicon matcher: every term of data/lexicon-data.ts in one automaton, so a post is scanned once for all
 * question, category and risk terms.
 */
import { LEXICON } from "./data/lexicon-data.ts";
import { type Match, TermMatcher } from "./matcher.ts";

export type LexiconGroup = keyof typeof LEXICON;

function* listTerms(): Generator<readonly [string, string[]]> {
  const groupsOf = new Map<string, string[]>();
  for (const [group, terms] of Object.entries(LEXICON)) {
    for (const term of terms.split(/\s+/)) {
      if (!term) continue;
      const groups = groupsOf.get(term) ?? [];
      groups.push(group);
      groupsOf.set(term, groups);
    }
  }
  yield* groupsOf;
}

const lexiconMatcher = new TermMatcher<string[]>(listTerms());

export interface LexiconHit {
  term: string;
  group: string;
  start: number;
  end: number;
}

/** Every lexicon term in the folded text, once per group it belongs to. */
export function findLexiconHits(folded: string): LexiconHit[] {
  const hits: LexiconHit[] = [];
  for (const match of lexiconMatcher.findAll(folded) as Match<string[]>[]) {
    for (const group of match.value) hits.push({ term: match.term, group, start: match.start, end: match.end });
  }
  return hits;
}

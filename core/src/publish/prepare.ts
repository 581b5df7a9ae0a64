/**
 * The checks before anything leaves, and the renderings that go into the outbox: the answer (title, body and
 * every variant) is checked against the sensitive-word list — any hit blocks publishing and says which words
 * and where — and against the watched topics (which raise the review tier); then each target gets its own
 * rendering, masked. Pure: the approve step passes the result to planPublications in its transaction.
 */
import { SensitiveWordsFound } from "./errors.ts";
import type { PlannedPublication } from "./outbox.ts";
import { toPayload } from "./payload.ts";
import { type AnswerContent, type RenderedMessage, renderForTarget } from "./render.ts";
import { checkText, type SensitiveWordHit, type SensitiveWordList } from "./sensitive-words.ts";
import type { FannedOutTarget } from "./targets.ts";

/** A hit and the part of the answer it is in: "title", "body" or "variant:<channel>". */
export type FieldHit = SensitiveWordHit & { field: string };

export interface PrepareInput {
  answer: AnswerContent;
  targets: readonly FannedOutTarget[];
  /** the answer's page on the portal */
  portalUrl: string | null;
  sensitiveWords: SensitiveWordList;
  watchedTopics?: SensitiveWordList | null;
  /** names marked as personal data */
  names?: readonly string[];
  /** public numbers left unmasked */
  keep?: readonly string[];
}

export type PreparedPublications =
  | { blocked: true; hits: FieldHit[] }
  | {
      blocked: false;
      publications: PlannedPublication[];
      /** what each target will show, for the editor's preview */
      previews: { target: FannedOutTarget; rendered: RenderedMessage }[];
      watchedTopicHits: FieldHit[];
    };

export function preparePublications(input: PrepareInput): PreparedPublications {
  const hits = findInAnswer(input.answer, input.sensitiveWords);
  if (hits.length > 0) return { blocked: true, hits };
  const previews = input.targets.map((target) => ({
    target,
    rendered: renderForTarget(
      input.answer,
      {
        channel: target.target.channel,
        kind: target.target.kind,
        maxLength: target.maxLength,
        portalUrl: input.portalUrl,
      },
      { names: input.names ?? [], keep: input.keep ?? [] },
    ),
  }));
  return {
    blocked: false,
    publications: previews.map(({ target, rendered }) => ({
      target: target.target,
      payload: toPayload(rendered),
      skipReason: target.skipReason,
    })),
    previews,
    watchedTopicHits: input.watchedTopics ? findInAnswer(input.answer, input.watchedTopics) : [],
  };
}

/** Throws SensitiveWordsFound (with every hit) when the answer may not be published. */
export function assertNoSensitiveWords(answer: AnswerContent, list: SensitiveWordList): void {
  const hits = findInAnswer(answer, list);
  if (hits.length > 0) throw new SensitiveWordsFound(hits);
}

export function findInAnswer(answer: AnswerContent, list: SensitiveWordList): FieldHit[] {
  const fields: [string, string][] = [
    ["title", answer.title ?? ""],
    ["body", answer.body],
    ...Object.entries(answer.variants ?? {}).map(([channel, text]): [string, string] => [`variant:${channel}`, text]),
  ];
  return fields.flatMap(([field, text]) => checkText(text, list).hits.map((hit) => ({ ...hit, field })));
}

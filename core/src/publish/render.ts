/**
 * One answer, rendered for one target: the channel's variant if the editor wrote one, personal data masked,
 * then the shape the target takes — plain text cut to the platform's length (at a sentence, with "…" and the
 * portal link), an article's title, digest and sanitised HTML, or the portal's full answer.
 * Differences between channels come from render-rules.ts; nothing here names a platform.
 */

import { type MaskFinding, maskPersonalData } from "../text/mask.ts";
import { htmlToText, looksLikeHtml, sanitizeHtml } from "./html.ts";
import { blocksToHtml, blocksToText, parseMarkup } from "./markup.ts";
import { channelRulesFor, type LengthRule } from "./render-rules.ts";
import type { PublishKind } from "./targets.ts";

export interface AnswerContent {
  /** the answer in the markup of markup.ts (or HTML an editor pasted) */
  body: string;
  /** a title for articles and the portal page (the case title, or the editor's) */
  title?: string | null;
  /** per-channel versions an editor wrote, keyed by channel kind */
  variants?: Readonly<Record<string, string>> | null;
}

export interface RenderTarget {
  channel: string;
  kind: PublishKind;
  /** the adapter's capabilities.maxLength; 0 or less: no limit */
  maxLength: number;
  /** the answer's page on the portal: appended when a text is cut, and where a channel requires a link */
  portalUrl: string | null;
}

export interface RenderOptions {
  /** names marked as personal data */
  names?: readonly string[];
  /** public numbers that stay unmasked (an org's hotline) */
  keep?: readonly string[];
}

export interface RenderedMessage {
  kind: PublishKind;
  /** what is sent where no markup is allowed; for articles and the portal, the full text */
  text: string;
  /** articles and the portal */
  html: string | null;
  title: string | null;
  /** articles */
  digest: string | null;
  /** the text was cut to fit the channel */
  truncated: boolean;
  /** the text's length as the channel counts it */
  length: number;
  /** what was masked, with offsets into the source (the variant or the body) */
  masked: MaskFinding[];
}

/** A private-use character stands for masked characters until rendering is done, so "****" is never read as bold. */
const MASK_PLACEHOLDER = "\uE000";
const ELLIPSIS = "…";

export function renderForTarget(
  answer: AnswerContent,
  target: RenderTarget,
  options: RenderOptions = {},
): RenderedMessage {
  const rules = channelRulesFor(target.channel);
  const source = (answer.variants?.[target.channel]?.trim() || answer.body).replaceAll(MASK_PLACEHOLDER, "");
  const maskOptions = { names: options.names ?? [], keep: options.keep ?? [], maskChar: MASK_PLACEHOLDER };
  const masked = maskPersonalData(source, maskOptions);
  const title = answer.title ? unmask(maskPersonalData(answer.title.trim(), maskOptions).text) : null;
  const isArticle = target.kind === "portal" || rules.articleKinds.includes(target.kind);
  const singleLine = !isArticle && rules.singleLine.includes(target.kind);

  let html: string;
  let text: string;
  if (looksLikeHtml(masked.text)) {
    html = sanitizeHtml(masked.text, rules.html);
    text = htmlToText(html);
    if (singleLine) text = text.replace(/\n+/g, " ");
  } else {
    const blocks = parseMarkup(masked.text);
    html = blocksToHtml(blocks, rules.html);
    text = blocksToText(blocks, { singleLine });
  }
  html = unmask(html);
  text = unmask(text);

  if (isArticle) {
    const articleTitle = cutToCharacters(title ?? text.split("\n")[0] ?? "", rules.titleMax);
    return {
      kind: target.kind,
      text,
      html,
      title: articleTitle || null,
      digest: target.kind === "portal" ? null : cutToCharacters(text.replace(/\s+/g, " "), rules.digestMax),
      truncated: false,
      length: measureLength(text, rules.length),
      masked: masked.findings,
    };
  }

  const fitted = fitText(text, {
    maxLength: target.maxLength,
    length: rules.length,
    link: target.portalUrl,
    linkRequired: rules.linkRequired.includes(target.kind),
  });
  return {
    kind: target.kind,
    text: fitted.text,
    html: null,
    title,
    digest: null,
    truncated: fitted.truncated,
    length: measureLength(fitted.text, rules.length),
    masked: masked.findings,
  };
}

function unmask(text: string): string {
  return text.replaceAll(MASK_PLACEHOLDER, "*");
}

/** A text as units a platform counts: a link is one unit, every other character one. */
interface LengthUnit {
  text: string;
  weight: number;
}

const LINK = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;

function toUnits(text: string, rule: LengthRule): LengthUnit[] {
  const units: LengthUnit[] = [];
  let cursor = 0;
  const pushCharacters = (part: string) => {
    for (const char of part) units.push({ text: char, weight: rule.char(char) });
  };
  LINK.lastIndex = 0;
  for (let match = LINK.exec(text); match; match = LINK.exec(text)) {
    pushCharacters(text.slice(cursor, match.index));
    units.push({ text: match[0], weight: rule.link(match[0]) });
    cursor = match.index + match[0].length;
  }
  pushCharacters(text.slice(cursor));
  return units;
}

/** The length as the channel counts it (Weibo: half-width characters are halves, rounded up at the end). */
export function measureLength(text: string, rule: LengthRule): number {
  return Math.ceil(toUnits(text, rule).reduce((sum, unit) => sum + unit.weight, 0));
}

export interface FitOptions {
  maxLength: number;
  length: LengthRule;
  link: string | null;
  /** append the link even when nothing is cut */
  linkRequired: boolean;
}

const SENTENCE_END = new Set(["。", "！", "？", "!", "?", "；", ";", "\n", ELLIPSIS]);
const CLAUSE_END = new Set(["，", "、", ",", "：", ":", "）", ")"]);
const TRAILING_PUNCTUATION = /[\s，、,：:；;。！？!?.]+$/u;

/**
 * Fits a text into `maxLength`: whole if it fits, else cut after the last sentence that fits (or the last clause,
 * when the sentences leave more than half the room unused; or anywhere, but never inside a link), with "…" and,
 * when there is one, the link to the full answer.
 */
export function fitText(text: string, options: FitOptions): { text: string; truncated: boolean } {
  const whole = text.trim();
  const link = options.link;
  const withLink = options.linkRequired && link && !whole.includes(link) ? `${whole} ${link}` : whole;
  if (options.maxLength <= 0 || measureLength(withLink, options.length) <= options.maxLength) {
    return { text: withLink, truncated: false };
  }

  const suffixWith = (withTheLink: boolean) => (withTheLink && link ? `${ELLIPSIS} ${link}` : ELLIPSIS);
  const weightOf = (part: string) => toUnits(part, options.length).reduce((sum, unit) => sum + unit.weight, 0);
  // the link goes when even it does not fit (a limit shorter than a link)
  const keepLink = link !== null && weightOf(suffixWith(true)) < options.maxLength / 2;
  const suffix = suffixWith(keepLink);
  const budget = options.maxLength - weightOf(suffix);

  const units = toUnits(whole, options.length);
  let used = 0;
  let sentence = 0;
  let clause = 0;
  let anywhere = 0;
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index]!;
    if (used + unit.weight > budget) break;
    used += unit.weight;
    anywhere = index + 1;
    if (SENTENCE_END.has(unit.text)) sentence = index + 1;
    else if (CLAUSE_END.has(unit.text)) clause = index + 1;
  }
  const half = (count: number) => weightOf(joinUnits(units, count)) >= budget / 2;
  const cut = sentence > 0 && half(sentence) ? sentence : clause > 0 && half(clause) ? clause : anywhere;
  const kept = joinUnits(units, cut).replace(TRAILING_PUNCTUATION, "");
  return { text: `${kept}${suffix}`, truncated: true };
}

function joinUnits(units: readonly LengthUnit[], count: number): string {
  return units
    .slice(0, count)
    .map((unit) => unit.text)
    .join("");
}

/** At most `max` characters (code points), with "…" when cut. */
function cutToCharacters(text: string, max: number): string {
  const chars = [...text.trim()];
  if (chars.length <= max) return chars.join("");
  return `${chars.slice(0, max - 1).join("")}${ELLIPSIS}`;
}

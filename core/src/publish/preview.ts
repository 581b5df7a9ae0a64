/**
 * What an editor sees before approving: the answer as each target will show it (cut, masked, shaped per channel)
 * and every finding — sensitive words that would block it, watched topics that raise the review tier, and the
 * personal data that will be masked. Pure; unlike preparePublications it renders even a blocked answer, so the
 * editor sees where the words are.
 */
import type { MaskFinding } from "../text/mask.ts";
import { type FieldHit, findInAnswer } from "./prepare.ts";
import { type AnswerContent, renderForTarget } from "./render.ts";
import { channelRulesFor } from "./render-rules.ts";
import type { SensitiveWordList } from "./sensitive-words.ts";
import {
  describeTarget,
  type FannedOutTarget,
  PORTAL_CHANNEL,
  type PublishingCapabilities,
  type PublishKind,
  portalTarget,
} from "./targets.ts";

export interface PreviewTarget {
  /** the outbox row's target ("weibo:3:reply-to:17", "portal"), or the channel's name for a channel preview */
  target: string;
  channel: string;
  kind: PublishKind;
  maxLength: number;
  skipReason: string | null;
}

export interface PreviewInput {
  answer: AnswerContent;
  targets: readonly PreviewTarget[];
  portalUrl: string | null;
  sensitiveWords: SensitiveWordList;
  watchedTopics?: SensitiveWordList | null;
  names?: readonly string[];
  keep?: readonly string[];
}

export interface TargetPreview extends PreviewTarget {
  text: string;
  html: string | null;
  title: string | null;
  digest: string | null;
  truncated: boolean;
  /** the length as the channel counts it */
  length: number;
  /** personal data found and masked, with offsets into the text it came from (the variant or the body) */
  personalData: MaskFinding[];
}

export interface AnswerPreview {
  /** any hit blocks publishing */
  blocked: boolean;
  sensitiveWords: FieldHit[];
  watchedTopics: FieldHit[];
  targets: TargetPreview[];
}

export function previewAnswer(input: PreviewInput): AnswerPreview {
  const sensitiveWords = findInAnswer(input.answer, input.sensitiveWords);
  const watchedTopics = input.watchedTopics ? findInAnswer(input.answer, input.watchedTopics) : [];
  const targets = input.targets.map((target) => {
    const rendered = renderForTarget(
      input.answer,
      { channel: target.channel, kind: target.kind, maxLength: target.maxLength, portalUrl: input.portalUrl },
      { names: input.names ?? [], keep: input.keep ?? [] },
    );
    return {
      ...target,
      text: rendered.text,
      html: rendered.html,
      title: rendered.title,
      digest: rendered.digest,
      truncated: rendered.truncated,
      length: rendered.length,
      personalData: rendered.masked,
    };
  });
  return { blocked: sensitiveWords.length > 0, sensitiveWords, watchedTopics, targets };
}

/** The fanned-out targets of an answer, as preview targets. */
export function previewTargetsOf(targets: readonly FannedOutTarget[]): PreviewTarget[] {
  return targets.map((entry) => ({
    target: describeTarget(entry.target),
    channel: entry.target.channel,
    kind: entry.target.kind,
    maxLength: entry.maxLength,
    skipReason: entry.skipReason,
  }));
}

/**
 * One preview per channel for a text not yet tied to a case: how a reply to a fresh post on each channel would
 * look, and the portal page.
 */
export function channelPreviewTargets(
  channels: readonly string[],
  capabilitiesOf: (channel: string) => PublishingCapabilities | null,
): PreviewTarget[] {
  const targets: PreviewTarget[] = [];
  for (const channel of channels) {
    const capabilities = capabilitiesOf(channel);
    if (!capabilities?.reply) continue;
    const route = channelRulesFor(channel).replyRoute("post", 0);
    targets.push({
      target: channel,
      channel,
      kind: route.kind,
      maxLength: capabilities.maxLength,
      skipReason: route.skipReason,
    });
  }
  const portal = portalTarget();
  targets.push({ target: PORTAL_CHANNEL, channel: portal.channel, kind: portal.kind, maxLength: 0, skipReason: null });
  return targets;
}

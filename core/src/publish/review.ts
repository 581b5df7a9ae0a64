/**
 * Review tiers (分级审核): who may approve an answer for publishing. An answer of a county-level or grassroots
 * org, or one touching a watched topic, needs an approver from the level above; any other answer, an approver
 * at its own org's level or above. The approver must hold the review in the answer's own line (the org itself or
 * one of its ancestors), and nobody approves their own text. The approve step (core/cases) calls
 * `assertCanApprove` before it changes anything, and records the decision in the audit log.
 */
import { ORG_LEVELS, type OrgLevel } from "@qnzs/db/schema";
import { InsufficientLevel, SelfApproval } from "./errors.ts";

const LEVEL_NAMES: Record<OrgLevel, string> = {
  central: "团中央",
  province: "省级",
  city: "地市级",
  county: "县级",
  grassroots: "基层",
};

/** Levels whose answers always go one level up. */
const LEVELS_REVIEWED_ABOVE: readonly OrgLevel[] = ["county", "grassroots"];

export interface OrgPlace {
  id: number;
  level: OrgLevel;
  /** materialised path ("/1/4/17/") */
  path: string;
}

export interface ApproverStanding {
  userId: number;
  /** the orgs where the user holds a reviewing role */
  reviewOrgs: readonly OrgPlace[];
}

export interface AnswerUnderReview {
  authorId: number;
  org: OrgPlace;
  /** the text touches a watched topic (a hit on the watched-topics word list) */
  watchedTopicHit: boolean;
}

/** The lowest level allowed to approve: the org's own, or the one above it for risky answers. */
export function requiredApproverLevel(orgLevel: OrgLevel, watchedTopicHit: boolean): OrgLevel {
  const rank = ORG_LEVELS.indexOf(orgLevel);
  const oneUp = watchedTopicHit || LEVELS_REVIEWED_ABOVE.includes(orgLevel);
  return ORG_LEVELS[Math.max(0, oneUp ? rank - 1 : rank)]!;
}

/** Throws SelfApproval or InsufficientLevel; returns the org the approval is given for. */
export function assertCanApprove(approver: ApproverStanding, answer: AnswerUnderReview): OrgPlace {
  if (approver.userId === answer.authorId) throw new SelfApproval();
  const required = requiredApproverLevel(answer.org.level, answer.watchedTopicHit);
  const requiredRank = ORG_LEVELS.indexOf(required);
  const eligible = approver.reviewOrgs
    .filter((org) => answer.org.path.startsWith(org.path) && ORG_LEVELS.indexOf(org.level) <= requiredRank)
    // the nearest eligible org is the one approving
    .sort((a, b) => b.path.length - a.path.length);
  if (eligible[0]) return eligible[0];
  const why = answer.watchedTopicHit ? "涉及重点关注话题" : `${LEVEL_NAMES[answer.org.level]}组织的答复`;
  throw new InsufficientLevel(
    `${why}须由${LEVEL_NAMES[required]}或以上的上级组织审核 / needs approval at ${required} level or above in the answer's own line`,
    required,
  );
}

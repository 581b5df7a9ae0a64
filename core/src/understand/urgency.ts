/**
 * Is there a safety risk: self-harm hints, violence, fraud or extortion in progress, a minor in danger.
 * Rules over lexicon groups, tuned for recall (a missed risk costs far more than a cadre reading a false alarm),
 * after masking distress slang that carries no risk (笑死, 热得要死, 原地去世).
 */
import type { Reason } from "./index.ts";
import type { LexiconHit } from "./lexicon.ts";

export interface UrgencyDecision {
  urgent: boolean;
  reasons: Reason[];
}

/** A risk term inside a slang phrase (死 in 笑死, 撑不住 in 不是那种撑不住) is not evidence. */
function dropMasked(hits: readonly LexiconHit[]): LexiconHit[] {
  const slang = hits.filter((hit) => hit.group === "risk.slang");
  if (slang.length === 0) return hits.filter((hit) => hit.group.startsWith("risk."));
  return hits.filter(
    (hit) =>
      hit.group.startsWith("risk.") &&
      hit.group !== "risk.slang" &&
      !slang.some((mask) => mask.start <= hit.start && hit.end <= mask.end && mask.term !== hit.term),
  );
}

/** One rule: which groups must be present together, and how it reads in the console. */
interface Rule {
  name: string;
  /** every inner list needs at least `min` distinct terms from its groups */
  needs: { groups: string[]; min: number }[];
}

const RULES: Rule[] = [
  { name: "self-harm", needs: [{ groups: ["risk.self"], min: 1 }] },
  { name: "self-harm (several distress signs)", needs: [{ groups: ["risk.self_soft"], min: 2 }] },
  { name: "violence", needs: [{ groups: ["risk.violence"], min: 1 }] },
  { name: "violence (threats)", needs: [{ groups: ["risk.violence_weak"], min: 2 }] },
  {
    name: "fraud in progress",
    needs: [
      { groups: ["risk.fraud"], min: 1 },
      { groups: ["risk.now"], min: 1 },
      { groups: ["risk.personal"], min: 1 },
    ],
  },
  { name: "fraud in progress", needs: [{ groups: ["risk.fraud"], min: 3 }] },
  { name: "extortion", needs: [{ groups: ["risk.extortion"], min: 1 }] },
  { name: "extortion", needs: [{ groups: ["risk.extortion_weak"], min: 2 }] },
  {
    name: "minor in danger",
    needs: [
      { groups: ["risk.minor"], min: 1 },
      { groups: ["risk.missing"], min: 1 },
    ],
  },
  {
    name: "minor in danger",
    needs: [
      { groups: ["risk.minor"], min: 1 },
      { groups: ["risk.violence_weak"], min: 1 },
    ],
  },
  {
    name: "trafficking lure",
    needs: [
      { groups: ["risk.abroad"], min: 1 },
      { groups: ["risk.lure"], min: 1 },
      { groups: ["risk.personal"], min: 1 },
    ],
  },
];

export function decideUrgency(lexicon: readonly LexiconHit[]): UrgencyDecision {
  const termsByGroup = new Map<string, Set<string>>();
  for (const hit of dropMasked(lexicon)) {
    const terms = termsByGroup.get(hit.group);
    if (terms) terms.add(hit.term);
    else termsByGroup.set(hit.group, new Set([hit.term]));
  }
  const reasons: Reason[] = [];
  if (termsByGroup.size === 0) return { urgent: false, reasons };
  const count = (groups: string[]) => groups.reduce((sum, group) => sum + (termsByGroup.get(group)?.size ?? 0), 0);
  for (const rule of RULES) {
    if (!rule.needs.every(({ groups, min }) => count(groups) >= min)) continue;
    if (reasons.some((reason) => reason.evidence.startsWith(`${rule.name}:`))) continue;
    const evidence = new Set(
      rule.needs.flatMap(({ groups }) => groups.flatMap((group) => [...(termsByGroup.get(group) ?? [])])),
    );
    reasons.push({ field: "urgent", evidence: `${rule.name}: ${[...evidence].join("、")}`, source: "rules" });
  }
  return { urgent: reasons.length > 0, reasons };
}

/** Turning a linear model's feature contributions into the reasons a cadre reads. */
import { describeFeature } from "./features.ts";
import type { Reason } from "./index.ts";
import type { Contributions } from "./model.ts";

const REASONS_SHOWN = 4;
/** Candidates looked at before dropping repeats (the word 考研 and the lexicon term 考研 say the same thing). */
const CANDIDATES = 8;

/** The strongest contributions in the direction of the decision, strongest first. */
export function explain(
  field: Reason["field"],
  contributions: Contributions,
  positive: boolean,
  termsByGroup?: ReadonlyMap<string, readonly string[]>,
): Reason[] {
  const { features, weights } = contributions;
  const taken = new Uint8Array(weights.length);
  const seen = new Set<string>();
  const reasons: Reason[] = [];
  for (let round = 0; round < CANDIDATES && reasons.length < REASONS_SHOWN; round++) {
    let best = -1;
    for (let i = 0; i < weights.length; i++) {
      const weight = weights[i]!;
      if (taken[i] || (positive ? weight <= 0 : weight >= 0)) continue;
      if (best === -1 || Math.abs(weight) > Math.abs(weights[best]!)) best = i;
    }
    if (best === -1) break;
    taken[best] = 1;
    const feature = features[best]!;
    const value = feature.slice(feature.indexOf(":") + 1);
    if (seen.has(value)) continue;
    seen.add(value);
    reasons.push({
      field,
      evidence: describeFeature(feature, termsByGroup),
      source: "model",
      weight: Math.round(weights[best]! * 100) / 100,
    });
  }
  return reasons;
}

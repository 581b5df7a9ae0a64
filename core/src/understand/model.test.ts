import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CORPUS_FIXTURE, EXTRA_EXAMPLES, readLabeledPosts, splitCorpus } from "./corpus.ts";
import { trainModels } from "./train.ts";

describe("model.json", () => {
  it("is what train.ts makes from the current lexicons and examples (run it after changing them)", () => {
    const { tuning } = splitCorpus(readLabeledPosts(CORPUS_FIXTURE));
    const trained = trainModels([...tuning, ...readLabeledPosts(EXTRA_EXAMPLES)]);
    const committed = JSON.parse(readFileSync(new URL("./model.json", import.meta.url), "utf8"));
    expect(JSON.parse(JSON.stringify(trained))).toEqual(committed);
  }, 60_000);

  it("never trains on the held-out corpus posts", () => {
    const { tuning, heldOut } = splitCorpus(readLabeledPosts(CORPUS_FIXTURE));
    const tuningIds = new Set(tuning.map((post) => post.id));
    expect(heldOut.some((post) => tuningIds.has(post.id))).toBe(false);
    expect(heldOut.length / (heldOut.length + tuning.length)).toBeGreaterThanOrEqual(0.3);
  });
});

import { describe, expect, it } from "vitest";
import { understandPost } from "./index.ts";
import { packReasons, unpackReasons } from "./stored-reasons.ts";

describe("reasons as posts keep them", () => {
  const understanding = understandPost({
    text: "我是江西赣州人，工资被拖欠三个月了，去哪里投诉？",
    authorLocation: "广东 广州",
  });

  it("read back exactly as the understanding gave them, in a third fewer bytes", () => {
    expect(understanding.reasons.length).toBeGreaterThan(3);
    const packed = packReasons(understanding.reasons);
    expect(unpackReasons(JSON.parse(JSON.stringify(packed)))).toEqual(understanding.reasons);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(understanding.reasons).length * 0.75);
  });

  it("reads rows stored in the older object form, and ignores what is neither", () => {
    const legacy = JSON.parse(JSON.stringify(understanding.reasons));
    expect(unpackReasons(legacy)).toEqual(understanding.reasons);
    expect(unpackReasons(null)).toEqual([]);
    expect(
      unpackReasons([["nonsense", "x", "model"], 7, { field: "is_question", evidence: "吗", source: "model" }]),
    ).toEqual([{ field: "is_question", evidence: "吗", source: "model" }]);
  });
});

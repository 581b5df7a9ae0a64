import { describe, expect, it } from "vitest";
import { classifyStream } from "./classify.ts";

async function run(lines: string[]): Promise<{ output: Record<string, unknown>[]; failed: number }> {
  const written: string[] = [];
  async function* input() {
    yield* lines;
  }
  const counts = await classifyStream(input(), (line) => written.push(line));
  return { output: written.map((line) => JSON.parse(line)), failed: counts.failed };
}

describe("qnzs classify", () => {
  it("answers every line in order with the input's id", async () => {
    const { output } = await run([
      '{"id":"1","text":"川大考研复试怎么准备？","channel":"weibo"}',
      '{"id":2,"text":"#转发抽奖# 我要中奖！","channel":"weibo","author_location":"广东 广州"}',
    ]);
    expect(output[0]).toMatchObject({
      id: "1",
      is_question: true,
      category: "study",
      region: "四川省",
      city: "成都市",
    });
    expect(output[1]).toMatchObject({ id: 2, is_question: false, category: null, region: "广东省", city: "广州市" });
    expect(Array.isArray(output[0]!.reasons)).toBe(true);
  });

  it("reports a bad line by id or line number and goes on", async () => {
    const { output, failed } = await run([
      "not json",
      '{"id":"b","channel":"weibo"}',
      "",
      '{"id":"c","text":"团员证丢了去哪补办","channel":"weibo"}',
    ]);
    expect(failed).toBe(2);
    expect(output).toHaveLength(3);
    expect(output[0]).toMatchObject({ line: 1 });
    expect(output[0]!.error).toContain("invalid JSON");
    expect(output[1]).toMatchObject({ id: "b", line: 2 });
    expect(output[2]).toMatchObject({ id: "c", is_question: true, category: "other" });
  });
});

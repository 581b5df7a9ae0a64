import { AccessDenied, Conflict, InvalidInput } from "@qnzs/core/cases/errors";
import { describe, expect, it } from "vitest";
import { describeRefusal } from "./case-services.ts";

describe("a refusal from core/cases as a console form shows it", () => {
  it("keeps the Chinese half and names statuses as the console does", () => {
    expect(
      describeRefusal(new Conflict("诉求 QN1 当前状态为 answered，不能转办 / not possible in status answered")),
    ).toBe("诉求 QN1 当前状态为「已答复」，不能转办");
    expect(describeRefusal(new Conflict("答复当前为 in_review，不能提交审核 / not a draft"))).toBe(
      "答复当前为「待审核」，不能提交审核",
    );
    expect(describeRefusal(new AccessDenied())).toBe("无权访问或操作此诉求");
  });

  it("turns validation issues into one Chinese sentence, never showing English only", () => {
    const reason = new InvalidInput("输入有误 / invalid input: reason: 请说明理由 / give a reason", [
      { path: "reason", message: "请说明理由 / give a reason" },
    ]);
    expect(describeRefusal(reason)).toBe("请说明理由。");
    const english = new InvalidInput("输入有误 / invalid input", [{ path: "toOrgId", message: "Expected number" }]);
    expect(describeRefusal(english)).toBe("填写的内容有误，请检查后重试。");
  });
});

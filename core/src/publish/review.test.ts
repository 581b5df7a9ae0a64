import { describe, expect, it } from "vitest";
import { InsufficientLevel, SelfApproval } from "./errors.ts";
import { type AnswerUnderReview, assertCanApprove, type OrgPlace, requiredApproverLevel } from "./review.ts";

// 团中央 → 四川省 → 成都市 → 武侯区 → 四川大学, and 绵阳市 beside 成都市
const central: OrgPlace = { id: 1, level: "central", path: "/1/" };
const sichuan: OrgPlace = { id: 2, level: "province", path: "/1/2/" };
const chengdu: OrgPlace = { id: 3, level: "city", path: "/1/2/3/" };
const wuhou: OrgPlace = { id: 4, level: "county", path: "/1/2/3/4/" };
const scu: OrgPlace = { id: 5, level: "grassroots", path: "/1/2/3/4/5/" };
const mianyang: OrgPlace = { id: 6, level: "city", path: "/1/2/6/" };

const answerOf = (org: OrgPlace, watchedTopicHit = false): AnswerUnderReview => ({
  authorId: 100,
  org,
  watchedTopicHit,
});
const reviewer = (userId: number, ...reviewOrgs: OrgPlace[]) => ({ userId, reviewOrgs });

describe("requiredApproverLevel", () => {
  it("sends county and grassroots answers one level up, others stay at their own level", () => {
    expect(requiredApproverLevel("grassroots", false)).toBe("county");
    expect(requiredApproverLevel("county", false)).toBe("city");
    expect(requiredApproverLevel("city", false)).toBe("city");
    expect(requiredApproverLevel("province", false)).toBe("province");
  });

  it("sends any answer touching a watched topic one level up, up to 团中央", () => {
    expect(requiredApproverLevel("city", true)).toBe("province");
    expect(requiredApproverLevel("county", true)).toBe("city");
    expect(requiredApproverLevel("central", true)).toBe("central");
  });
});

describe("assertCanApprove", () => {
  it("refuses an author approving their own answer, whatever their level", () => {
    expect(() => assertCanApprove(reviewer(100, central), answerOf(chengdu))).toThrow(SelfApproval);
    expect(() => assertCanApprove(reviewer(100, central), answerOf(chengdu))).toThrow("不能审核自己撰写的内容");
  });

  it("refuses a county reviewer for a county answer and names the level needed", () => {
    const attempt = () => assertCanApprove(reviewer(200, wuhou), answerOf(wuhou));
    expect(attempt).toThrow(InsufficientLevel);
    expect(attempt).toThrow("县级组织的答复须由地市级或以上的上级组织审核");
  });

  it("accepts the city above a county answer, and the approving org is the nearest eligible one", () => {
    expect(assertCanApprove(reviewer(200, sichuan, chengdu), answerOf(wuhou))).toEqual(chengdu);
    expect(assertCanApprove(reviewer(200, wuhou), answerOf(scu))).toEqual(wuhou);
  });

  it("refuses a city reviewer of another city, even at the right level", () => {
    expect(() => assertCanApprove(reviewer(200, mianyang), answerOf(wuhou))).toThrow(InsufficientLevel);
  });

  it("lets a city answer be approved in its own city, unless it touches a watched topic", () => {
    expect(assertCanApprove(reviewer(200, chengdu), answerOf(chengdu))).toEqual(chengdu);
    expect(() => assertCanApprove(reviewer(200, chengdu), answerOf(chengdu, true))).toThrow(
      "涉及重点关注话题须由省级或以上的上级组织审核",
    );
    expect(assertCanApprove(reviewer(200, sichuan), answerOf(chengdu, true))).toEqual(sichuan);
  });
});

import type { Database } from "@qnzs/db";
import { createCadre, createHelper } from "@qnzs/db/case-factories";
import { CATEGORIES, type Category, cases, orgs } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAPITALS, PROVINCES } from "../understand/data/gazetteer-data.ts";
import { loadActor } from "./access.ts";
import { assignCase } from "./assignment.ts";
import { submitQuestion } from "./intake.ts";
import { addRoutingRule, decideRoute, placeCase } from "./routing.ts";
import { beijing, openSeeded, orgNamed } from "./test-support.ts";
import { readTimeline } from "./timeline.ts";

const MAINLAND = PROVINCES.filter((province) => Number(province.code) < 71);

describe.each(databaseTargets())("routing on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await openSeeded(target);
  });
  afterAll(() => database.close());

  it("seeds 团中央, all 31 province committees, and 四川 and 广东 down to counties, universities and 12355 desks", async () => {
    const all = await database.db.select().from(orgs);
    expect(all.filter((org) => org.level === "central").map((org) => org.name)).toEqual(["共青团中央"]);
    expect(all.filter((org) => org.level === "province")).toHaveLength(31);
    const sichuan = await orgNamed(database.db, "共青团四川省委员会");
    expect(all.filter((org) => org.level === "city" && org.parentId === sichuan.id)).toHaveLength(21);
    const wuhou = await orgNamed(database.db, "共青团成都市武侯区委员会");
    expect(wuhou).toMatchObject({
      level: "county",
      region: "四川省",
      city: "成都市",
      county: "武侯区",
      regionCode: "510107",
    });
    expect(wuhou.path).toBe(`${(await orgNamed(database.db, "共青团成都市委员会")).path}${wuhou.id}/`);
    expect((await orgNamed(database.db, "共青团四川大学委员会")).level).toBe("grassroots");
    expect((await orgNamed(database.db, "广东省12355青少年服务台")).kind).toBe("service");
  });

  it("sends each seeded province's cases of each category to the right org, rules first", async () => {
    const db = database.db;
    const guangdongDesk = await orgNamed(db, "广东省12355青少年服务台");
    const sichuan = await orgNamed(db, "共青团四川省委员会");
    await addRoutingRule(db, null, { region: "广东省", category: "rights", targetOrgId: guangdongDesk.id });
    await addRoutingRule(db, null, {
      region: "四川省",
      category: "study",
      keyword: "西部计划",
      targetOrgId: sichuan.id,
    });

    const table: Record<string, Record<Category, string>> = {};
    for (const province of MAINLAND) {
      const city = province.municipality ? province.name : (CAPITALS[province.name] ?? null);
      table[province.name] = {} as Record<Category, string>;
      for (const category of CATEGORIES) {
        const decision = await decideRoute(db, {
          region: province.name,
          city,
          county: null,
          category,
          text: "请问西部计划怎么报名？",
        });
        table[province.name]![category] = decision.org.name;
      }
    }
    const expected: Record<string, Record<Category, string>> = {};
    for (const province of MAINLAND) {
      const committee = `共青团${province.name}委员会`;
      expected[province.name] = Object.fromEntries(CATEGORIES.map((category) => [category, committee])) as Record<
        Category,
        string
      >;
    }
    const row = (province: string) => expected[province]!;
    // the two provinces seeded in depth route to the capital's committee …
    for (const category of CATEGORIES) {
      row("四川省")[category] = "共青团成都市委员会";
      row("广东省")[category] = "共青团广州市委员会";
    }
    // … except where a rule says otherwise: the province's own rule (place × category) beats the default
    row("广东省").rights = "广东省12355青少年服务台";
    row("四川省").study = "共青团四川省委员会";
    expect(table).toEqual(expected);
  });

  it("routes to the county, city or province named, most specific first", async () => {
    const db = database.db;
    const land = async (place: { region: string | null; city: string | null; county: string | null }) =>
      (await decideRoute(db, { ...place, category: "employment", text: "" })).org.name;
    expect(await land({ region: "四川省", city: "成都市", county: "武侯区" })).toBe("共青团成都市武侯区委员会");
    expect(await land({ region: "四川省", city: "成都市", county: "龙泉驿区" })).toBe("共青团成都市委员会");
    expect(await land({ region: "四川省", city: "绵阳市", county: null })).toBe("共青团绵阳市委员会");
    expect(await land({ region: "广东省", city: "深圳市", county: "南山区" })).toBe("共青团深圳市南山区委员会");
    expect(await land({ region: "湖南省", city: "长沙市", county: null })).toBe("共青团湖南省委员会");
    expect(await land({ region: null, city: null, county: null })).toBe("共青团中央");

    // a city rule beats the province rule for the same category: its place is more specific
    const shenzhen = await orgNamed(db, "共青团深圳市委员会");
    await addRoutingRule(db, null, { region: "广东省", city: "深圳市", category: "rights", targetOrgId: shenzhen.id });
    const rights = await decideRoute(db, {
      region: "广东省",
      city: "深圳市",
      county: "福田区",
      category: "rights",
      text: "",
    });
    expect(rights.org.name).toBe("共青团深圳市委员会");
    expect(rights.basis).toContain("深圳市");
  });

  it("reads the asker's county from the question and routes the case there", async () => {
    const db = database.db;
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    await createCadre(db, wuhou.id);
    const { case: row } = await submitQuestion(
      db,
      {
        description: "我在成都武侯区，刚毕业想申请创业担保贷款，需要准备哪些材料？",
        contact: { phone: "13800001111" },
      },
      { now: beijing("2025-03-03 10:00") },
    );
    expect(row).toMatchObject({
      region: "四川省",
      city: "成都市",
      county: "武侯区",
      orgId: wuhou.id,
      status: "routed",
    });
    const timeline = await readTimeline(db, row.id);
    expect(timeline.map((entry) => entry.type)).toEqual(["created", "routed"]);
    expect(timeline[1]).toMatchObject({ toOrgName: "共青团成都市武侯区委员会" });
  });

  it("passes a case up when nobody at the org can take it, and says so in the timeline", async () => {
    const db = database.db;
    const jinniu = await orgNamed(db, "共青团成都市金牛区委员会");
    const chengdu = await orgNamed(db, "共青团成都市委员会");
    await createCadre(db, chengdu.id);
    const { case: row } = await submitQuestion(
      db,
      { description: "我在成都市金牛区上大学，想问问学校的奖学金评定规则", region: "四川省", county: "金牛区" },
      { now: beijing("2025-03-03 10:00") },
    );
    expect(row.orgId).toBe(chengdu.id);
    const timeline = await readTimeline(db, row.id);
    expect(timeline.map((entry) => [entry.type, entry.toOrgName])).toEqual([
      ["created", null],
      ["routed", jinniu.name],
      ["passed_up", chengdu.name],
    ]);
    expect(timeline[2]!.reason).toBe(`${jinniu.name}暂无可办理人员，上交${chengdu.name}`);
  });

  it("counts a helper with room as someone able to take a case, and a full or off-topic helper as not", async () => {
    const db = database.db;
    const fucheng = await orgNamed(db, "共青团绵阳市涪城区委员会");
    const mianyang = await orgNamed(db, "共青团绵阳市委员会");
    const helper = await createHelper(db, fucheng.id, { categories: ["employment"], capacity: 1 });
    const cadre = await loadActor(db, (await createCadre(db, mianyang.id)).id);
    const ask = async (description: string, category: Category) =>
      (await submitQuestion(db, { description, region: "四川省", city: "绵阳市", county: "涪城区", category })).case;

    const first = await ask("涪城区哪里有青年就业见习岗位？", "employment");
    expect(first.orgId).toBe(fucheng.id);
    await assignCase(db, cadre, { caseId: first.id, helperId: helper.id });

    // the helper now holds as many cases as they can: the next one goes up to 绵阳
    const second = await ask("涪城区有没有面向大学生的创业孵化基地？", "employment");
    expect(second.orgId).toBe(mianyang.id);
    // and a study question was never theirs to take
    const third = await ask("涪城区的自习室哪里有？", "study");
    expect(third.orgId).toBe(mianyang.id);
    const passed = (await readTimeline(db, third.id)).find((entry) => entry.type === "passed_up");
    expect(passed).toMatchObject({ fromOrgName: fucheng.name, toOrgName: mianyang.name });
  });

  it("leaves a case where routing put it when nobody up the whole chain can take it, flagging that", async () => {
    const db = database.db;
    const hunan = await orgNamed(db, "共青团湖南省委员会");
    const { case: row } = await submitQuestion(db, { description: "我在长沙读大学，想了解志愿服务时长怎么认定" });
    expect(row.orgId).toBe(hunan.id);
    const routed = (await readTimeline(db, row.id)).find((entry) => entry.type === "routed");
    expect(routed!.data).toMatchObject({ unstaffed: true });
  });

  it("keeps a place from the tree's counties out of zodiac signs and other lookalikes", async () => {
    const { case: row } = await submitQuestion(database.db, { description: "我是金牛座，最近考研压力很大怎么办？" });
    expect(row.county).toBeNull();
  });

  it("refuses a rule naming a city without its province", async () => {
    const db = database.db;
    const target = await orgNamed(db, "共青团成都市委员会");
    await expect(addRoutingRule(db, null, { city: "成都市", targetOrgId: target.id })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("keeps an escalated case's supervisor one level above wherever it is placed", async () => {
    const db = database.db;
    const guangzhou = await orgNamed(db, "共青团广州市委员会");
    const tianhe = await orgNamed(db, "共青团广州市天河区委员会");
    await createCadre(db, tianhe.id);
    const { case: row } = await submitQuestion(db, { description: "广州的青年夜校怎么报名？", region: "广东省" });
    const [escalated] = await db.update(cases).set({ escalationLevel: 1 }).where(eq(cases.id, row.id)).returning();
    const placed = await placeCase(db, escalated!, tianhe, {
      type: "transferred",
      actor: { kind: "system" },
      now: new Date(),
      fromOrgId: row.orgId,
    });
    expect(placed.supervisorOrgId).toBe(guangzhou.id);
  });
});

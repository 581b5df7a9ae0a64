import type { Database } from "@qnzs/db";
import { createCadre } from "@qnzs/db/case-factories";
import { casePosts, orgs, posts } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./access.ts";
import { loadCase } from "./case-store.ts";
import { importHotlineRecords } from "./hotline.ts";
import { convertPostsToCase, createCasesForUrgentPosts, submitQuestion } from "./intake.ts";
import { mergeCases, splitCase } from "./merge.ts";
import { importOrgs } from "./org-import.ts";
import { findPublicCase, getCase, listCaseSources } from "./queries.ts";
import { runSupervision } from "./supervision.ts";
import { beijing, ingestPosts, openSeeded, orgNamed, personAt } from "./test-support.ts";
import { readTimeline } from "./timeline.ts";

describe.each(databaseTargets())("intake on $name", (target) => {
  let database: Database;
  let cadre: Actor;
  beforeAll(async () => {
    database = await openSeeded(target);
    cadre = await personAt(database.db, "共青团成都市委员会", "cadre");
    for (const name of ["共青团成都市武侯区委员会", "共青团成都市锦江区委员会", "成都市12355青少年服务台"]) {
      await createCadre(database.db, (await orgNamed(database.db, name)).id);
    }
  });
  afterAll(() => database.close());

  it("refuses to put a post into a second case, changing nothing", async () => {
    const db = database.db;
    const [post] = await ingestPosts(db, ["请问成都锦江区团员证补办要什么材料？"]);
    const first = await convertPostsToCase(db, cadre, { postIds: [post!] });
    await expect(convertPostsToCase(db, cadre, { postIds: [post!] })).rejects.toMatchObject({ status: 409 });
    expect((await listCaseSources(db, first.id)).posts.map((source) => source.postId)).toEqual([post]);
    await expect(convertPostsToCase(db, cadre, { postIds: [987_654] })).rejects.toMatchObject({ status: 404 });
  });

  it("opens a case for an urgent post at once, refers it to the nearest 12355 desk, due in minutes", async () => {
    const db = database.db;
    const night = beijing("2025-10-02 23:40"); // a holiday night: the fast lane does not wait for working hours
    const text = "我在成都武侯区读大学，挂科太多要被退学了，还不如从宿舍楼上跳下去算了";
    const ids = await ingestPosts(db, [text, "成都武侯区的青年驿站在哪里？"], { now: night });
    const result = await createCasesForUrgentPosts(db, ids, { now: night });
    expect(result.created).toHaveLength(1);
    const { row, org } = await loadCase(db, result.created[0]!);
    expect(org!.name).toBe("成都市12355青少年服务台");
    expect(row).toMatchObject({ urgent: true, source: "post", county: "武侯区" });
    expect(row.referredAt).toEqual(night);
    expect(row.dueAt).toEqual(new Date(night.getTime() + 30 * 60_000));
    const [created, referred] = await readTimeline(db, row.id);
    expect(created).toMatchObject({ type: "created", actorKind: "system" });
    expect(referred).toMatchObject({ type: "referred_12355", toOrgName: "成都市12355青少年服务台" });
    expect(referred!.reason).toContain("共青团成都市武侯区委员会");

    // the same post again: nothing new; a repeat of it joins the same case
    expect(await createCasesForUrgentPosts(db, ids, { now: night })).toEqual({ created: [], linked: [] });
    const [repeat] = await ingestPosts(db, [`${text}。`], { now: night });
    const [stored] = await db.select({ dupOf: posts.dupOf }).from(posts).where(eq(posts.id, repeat!));
    expect(stored!.dupOf).toBe(ids[0]);
    expect(await createCasesForUrgentPosts(db, [repeat!], { now: night })).toEqual({ created: [], linked: [row.id] });
    expect((await listCaseSources(db, row.id)).posts.map((source) => source.postId)).toEqual([ids[0], repeat]);

    // 30 minutes later without an answer it is overdue and goes up a level at once
    const report = await runSupervision(db, new Date(night.getTime() + 31 * 60_000));
    expect(report.overdue).toBeGreaterThanOrEqual(1);
    const after = await loadCase(db, row.id);
    expect(after.row.escalationLevel).toBe(1);
    expect(after.row.supervisorOrgId).toBe((await orgNamed(db, "共青团成都市委员会")).id);
  });

  it("merges the same question from several channels into one case, keeping every link and contact", async () => {
    const db = database.db;
    const [weibo] = await ingestPosts(db, ["成都锦江区有没有针对应届生的租房补贴？"], { kind: "weibo" });
    const [wechat] = await ingestPosts(db, ["想问下锦江区应届毕业生租房补贴怎么申请"], { kind: "wechat" });
    const a = await convertPostsToCase(db, cadre, { postIds: [weibo!] });
    const b = await convertPostsToCase(db, cadre, { postIds: [wechat!] });
    const portal = await submitQuestion(db, {
      description: "锦江区应届生租房补贴申请条件是什么？",
      county: "锦江区",
      region: "四川省",
      contact: { name: "小李", phone: "13900002222" },
    });
    const merged = await mergeCases(db, cadre, {
      targetCaseId: a.id,
      sourceCaseIds: [b.id, portal.case.id],
      reason: "同一问题",
    });
    expect(merged.status).toBe("routed");
    const sources = await listCaseSources(db, a.id);
    // the portal question is a post too, so the merged case holds it with the channels' posts
    expect(sources.posts.map((post) => [post.postId, post.channel])).toEqual([
      [weibo, "weibo"],
      [wechat, "wechat"],
      [expect.any(Number), "portal"],
    ]);
    expect(sources.contacts).toEqual([
      {
        caseId: portal.case.id,
        code: portal.case.code,
        source: "portal",
        contact: { name: "小李", phone: "13900002222" },
      },
    ]);
    const folded = await loadCase(db, b.id);
    expect(folded.row).toMatchObject({ status: "merged", mergedInto: a.id });
    // the merged case keeps its own link too, and its asker is pointed to the surviving code
    expect((await listCaseSources(db, b.id)).posts.map((post) => post.postId)).toEqual([wechat]);
    // the portal asker follows the shared case under their own code, never learning the other asker's code
    const page = await findPublicCase(db, portal.case.code);
    expect(page).toMatchObject({ code: portal.case.code, merged: true, status: "routed", awaitingRating: false });
    expect(JSON.stringify(page)).not.toContain(a.code);
    expect((await readTimeline(db, a.id)).at(-1)).toMatchObject({ type: "merged", reason: "同一问题" });
    expect((await readTimeline(db, b.id)).at(-1)).toMatchObject({ type: "merged_into", data: { targetCaseId: a.id } });
    // a post of a merged case is still taken: converting it again is refused
    await expect(convertPostsToCase(db, cadre, { postIds: [wechat!] })).rejects.toMatchObject({ status: 409 });
  });

  it("splits two questions apart into a new case at the same org", async () => {
    const db = database.db;
    const ids = await ingestPosts(db, ["成都武侯区的团员档案怎么转出？", "武侯区有没有周末的公益志愿活动？"]);
    const original = await convertPostsToCase(db, cadre, { postIds: ids });
    const { split } = await splitCase(db, cadre, {
      caseId: original.id,
      postIds: [ids[1]!],
      title: "周末公益志愿活动",
    });
    expect(split).toMatchObject({ orgId: original.orgId, status: "routed", title: "周末公益志愿活动" });
    expect((await listCaseSources(db, original.id)).posts.map((post) => post.postId)).toEqual([ids[0]]);
    expect((await listCaseSources(db, split.id)).posts.map((post) => post.postId)).toEqual([ids[1]]);
    await expect(
      splitCase(db, cadre, { caseId: original.id, postIds: [ids[0]!], title: "全部" }),
    ).rejects.toMatchObject({
      status: 409,
    });
  });

  it("stores a portal question as a post in the one stream, linked to its case, without the contact", async () => {
    const db = database.db;
    const input = {
      title: "锦江区青年驿站怎么申请入住",
      description: "我是应届毕业生，下个月到成都锦江区找工作，想申请青年驿站免费住宿，需要什么材料？",
      contact: { name: "王小明", phone: "13911112222", email: "xiaoming@example.com" },
      externalRef: "portal-form-1",
    };
    const { case: row } = await submitQuestion(db, input);
    const links = await db.select().from(casePosts).where(eq(casePosts.caseId, row.id));
    expect(links).toHaveLength(1);
    const [post] = await db.select().from(posts).where(eq(posts.id, links[0]!.postId));
    expect(post).toMatchObject({
      channel: "portal",
      externalId: row.code,
      itemKind: "form",
      title: input.title,
      text: input.description,
      isQuestion: true,
      category: "employment",
      region: "四川省",
    });
    expect(post!.reasons).not.toBeNull();
    const stored = JSON.stringify(post);
    for (const personal of ["王小明", "13911112222", "xiaoming@example.com"]) expect(stored).not.toContain(personal);
    expect(post!.raw).toEqual({ title: input.title, description: input.description });

    // the form sent again: the same case, and still one post
    const again = await submitQuestion(db, input);
    expect(again).toMatchObject({ created: false, case: { id: row.id } });
    const stream = await db.select().from(posts).where(eq(posts.externalId, row.code));
    expect(stream).toHaveLength(1);
    expect(await db.select().from(casePosts).where(eq(casePosts.caseId, row.id))).toHaveLength(1);

    // an Open311 request is answered through its own API and stays out of the portal's stream
    const open311 = await submitQuestion(db, {
      source: "open311",
      description: "锦江区青年驿站的入住时间最长是多久？",
      externalRef: "open311-stream-1",
    });
    expect(await db.select().from(casePosts).where(eq(casePosts.caseId, open311.case.id))).toHaveLength(0);
  });

  it("takes Open311-style questions with an address, once per request id", async () => {
    const db = database.db;
    const input = {
      source: "open311" as const,
      description: "想咨询一下青年创业补贴的申领流程",
      address: "四川省成都市锦江区红星路二段",
      externalRef: "req-8841",
      contact: { email: "asker@example.com" },
    };
    const first = await submitQuestion(db, input);
    expect(first.created).toBe(true);
    expect(first.case).toMatchObject({ region: "四川省", city: "成都市", county: "锦江区", source: "open311" });
    expect((await getCase(db, cadre, first.case.id)).org!.name).toBe("共青团成都市锦江区委员会");
    const again = await submitQuestion(db, input);
    expect(again).toMatchObject({ created: false, case: { id: first.case.id } });
    await expect(submitQuestion(db, { description: "短" })).rejects.toMatchObject({ status: 400 });
  });

  it("imports 12355 hotline records, skipping records already imported and reporting bad rows", async () => {
    const db = database.db;
    const csv = [
      "工单号,来电时间,来电人,联系电话,所在地,类别,内容",
      "H20250301001,2025-03-01 09:12,张同学,13700001111,四川省成都市武侯区,学习成才,想了解专升本考试的报考条件",
      'H20250301002,2025-03-01 10:30,王女士,13700002222,广东省深圳市南山区,权益维护,"公司拖欠工资三个月，该怎么维权？"',
      "H20250301003,2025-03-01 11:00,赵先生,,广东省,不存在的类别,内容",
      "H20250301004,2025-03-01 11:30,钱先生,,广东省,其他,",
    ].join("\n");
    const report = await importHotlineRecords(db, csv, { now: beijing("2025-03-03 09:00") });
    expect(report.created.map((entry) => entry.recordId)).toEqual(["H20250301001", "H20250301002"]);
    expect(report.failed.map((entry) => entry.line)).toEqual([4, 5]);
    const wage = await loadCase(db, report.created[1]!.caseId);
    expect(wage.row).toMatchObject({
      source: "hotline",
      category: "rights",
      county: "南山区",
      externalRef: "H20250301002",
    });
    expect(wage.row.contact).toEqual({ name: "王女士", phone: "13700002222" });
    expect(wage.org!.name).toBe("共青团深圳市南山区委员会");

    const again = await importHotlineRecords(db, csv, { now: beijing("2025-03-03 10:00") });
    expect(again.created).toEqual([]);
    expect(again.skipped.map((entry) => entry.code)).toEqual(report.created.map((entry) => entry.code));
  });

  it("imports organisations from CSV in any order, and a second import changes nothing", async () => {
    const db = database.db;
    const csv = [
      "name,level,parent,region",
      "共青团成都市龙泉驿区委员会,county,共青团成都市委员会,龙泉驿区",
      "共青团四川师范大学委员会,基层,共青团四川省委员会,四川省/成都市",
      "共青团自贡市自流井区委员会,县级,共青团自贡市委员会,四川省/自贡市/自流井区",
      "共青团某某街道委员会,grassroots,共青团成都市龙泉驿区委员会,",
      "无上级的组织,city,共青团不存在委员会,四川省",
      "层级错误,province,共青团成都市委员会,四川省",
    ].join("\n");
    const report = await importOrgs(db, csv);
    expect(report.created).toBe(4);
    expect(report.failed.map((failure) => failure.line)).toEqual([6, 7]);
    const longquanyi = await orgNamed(db, "共青团成都市龙泉驿区委员会");
    expect(longquanyi).toMatchObject({ level: "county", region: "四川省", city: "成都市", county: "龙泉驿区" });
    const street = await orgNamed(db, "共青团某某街道委员会");
    expect(street.path).toBe(`${longquanyi.path}${street.id}/`);
    expect((await orgNamed(db, "共青团四川师范大学委员会")).kind).toBe("university");
    expect(await importOrgs(db, csv)).toMatchObject({ created: 0, existing: 4 });
    // routing uses the new county at once; nobody works there yet, so the case passes up to 成都
    const { case: row } = await submitQuestion(db, {
      description: "我在成都龙泉驿区，想报名青年志愿者",
      region: "四川省",
    });
    const [held] = await db
      .select()
      .from(orgs)
      .where(inArray(orgs.id, [row.orgId!]));
    expect([held!.name, row.county]).toEqual(["共青团成都市委员会", "龙泉驿区"]);
    const moves = (await readTimeline(db, row.id)).filter((entry) => entry.toOrgId !== null);
    expect(moves.map((entry) => [entry.type, entry.toOrgName])).toEqual([
      ["routed", "共青团成都市龙泉驿区委员会"],
      ["passed_up", "共青团成都市委员会"],
    ]);
  });
});

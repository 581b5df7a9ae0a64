/**
 * The "must show", through the hub's HTTP API only: posts → case → routed to the right county →
 * transferred → sent back → reassignment requested and approved by the parent → assigned to an expert within
 * capacity → overdue → escalated → answered → rated 2 → reopened → answered → rated 5 → archived, with the complete
 * timeline. Time passes on the hub's test clock; supervision is the hub's own minute timer, run faster.
 */
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, type CaseHub, eventually, importPosts, startCaseHub } from "./case-hub.ts";

interface CaseView {
  id: number;
  code: string;
  status: string;
  orgId: number | null;
  assigneeId: number | null;
  county: string | null;
  category: string | null;
  dueAt: string | null;
  escalationLevel: number;
  supervisorOrgId: number | null;
  reopenCount: number;
  rating: number | null;
  urgent: boolean;
  source: string;
}

interface TimelineView {
  type: string;
  actorKind: string;
  actorName: string | null;
  fromOrgName: string | null;
  toOrgName: string | null;
  toOrgId: number | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

interface DetailView {
  case: CaseView;
  org: { id: number; name: string } | null;
  sources: { posts: { channel: string }[] };
  answers: { status: string }[];
  reassignments: { id: number; status: string }[];
  timeline: TimelineView[];
}

const WUHOU = "共青团成都市武侯区委员会";
const JINJIANG = "共青团成都市锦江区委员会";
const QINGYANG = "共青团成都市青羊区委员会";
const CHENGDU = "共青团成都市委员会";
const SICHUAN = "共青团四川省委员会";

const iso = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`).toISOString();

async function orgIdOf(person: ApiClient): Promise<number> {
  const me = await person.get<{ roles: { orgId: number }[] }>("/api/me");
  return me.body.roles[0]!.orgId;
}

describe.each(databaseTargets())("a case's whole path through the API on $name", (target) => {
  let world: CaseHub;
  beforeAll(async () => {
    world = await startCaseHub(target, { start: "2025-09-01 09:00", supervisionIntervalMs: 25 });
  });
  afterAll(() => world?.close());

  it("goes from two posts to an archived, rated case with the complete timeline", async () => {
    const cadre = (username: string, org: string, displayName: string) =>
      world.person({ username, displayName, roles: [{ org, role: "cadre" }] });
    const wuhouCadre = await cadre("wuhou", WUHOU, "武侯区团委 王干事");
    const jinjiangCadre = await cadre("jinjiang", JINJIANG, "锦江区团委 李干事");
    const qingyangCadre = await cadre("qingyang", QINGYANG, "青羊区团委 赵干事");
    const chengduCadre = await cadre("chengdu", CHENGDU, "成都团市委 陈部长");
    const sichuanCadre = await cadre("sichuan", SICHUAN, "团省委 督办员");
    // a county's answer is approved one level up (review tiers)
    const reviewer = await world.person({
      username: "chengdu-reviewer",
      displayName: "成都团市委 审核员",
      roles: [{ org: CHENGDU, role: "reviewer" }],
    });
    const expertOf = (username: string, displayName: string, capacity: number) =>
      world.person({
        username,
        displayName,
        roles: [{ org: QINGYANG, role: "helper" }],
        helper: { type: "expert", categories: ["employment"], capacity },
      });
    // two 专帮青 of 青羊区 for employment: the first will already hold as many cases as they can
    const busyExpert = await expertOf("busy-expert", "忙碌的专家", 1);
    const expert = await expertOf("mentor-liu", "创业导师 刘老师", 2);
    const [wuhou, jinjiang, qingyang, chengdu, sichuan] = await Promise.all(
      [wuhouCadre, jinjiangCadre, qingyangCadre, chengduCadre, sichuanCadre].map(orgIdOf),
    );

    // the busy expert's one case, at 青羊区
    const [otherPost] = await importPosts(world, [
      { channel: "weibo", id: "w-busy", text: "我在成都青羊区，想找暑期实习，有什么靠谱的渠道？" },
    ]);
    const other = await qingyangCadre.post<CaseView>("/api/cases", { postIds: [otherPost], category: "employment" });
    expect(other.body).toMatchObject({ orgId: qingyang });
    expect(
      (await qingyangCadre.post(`/api/cases/${other.body.id}/assign`, { helperId: busyExpert.userId })).status,
    ).toBe(200);

    // 1. the same question on Weibo and on WeChat
    const text = "我在成都武侯区，毕业两年了，想申请创业担保贷款，需要什么条件？";
    const [weiboPost, wechatPost] = await importPosts(world, [
      { channel: "weibo", id: "w-1", text },
      { channel: "wechat", id: "m-1", text: `${text}谢谢` },
    ]);

    // 2. a cadre converts both into one case; routing sends it to 武侯区, due in five working days
    world.setClock("2025-09-01 10:00");
    const created = await wuhouCadre.post<CaseView>("/api/cases", { postIds: [weiboPost, wechatPost] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "routed",
      orgId: wuhou,
      county: "武侯区",
      category: "employment",
      dueAt: iso("2025-09-08 10:00"),
    });
    const caseId = created.body.id;
    const code = created.body.code;

    // 3. transferred to 锦江区 …
    world.setClock("2025-09-01 11:00");
    const transferred = await wuhouCadre.post<CaseView>(`/api/cases/${caseId}/transfer`, {
      toOrgId: jinjiang,
      reason: "当事人创业地在锦江区",
    });
    expect(transferred.body.orgId).toBe(jinjiang);

    // 4. … which sends it back
    world.setClock("2025-09-01 14:00");
    const returned = await jinjiangCadre.post<CaseView>(`/api/cases/${caseId}/return`, {
      reason: "经核实户籍与创业地均在武侯区",
    });
    expect(returned.body.orgId).toBe(wuhou);

    // 5. 武侯区 asks 成都 to reassign; only the parent may approve
    world.setClock("2025-09-02 10:00");
    const request = await wuhouCadre.post<{ id: number }>(`/api/cases/${caseId}/reassignments`, {
      reason: "本区无创业贷款专岗，建议改派青羊区创业服务中心",
      suggestedOrgId: qingyang,
    });
    expect(request.status).toBe(201);
    const requestId = request.body.id;
    expect((await wuhouCadre.post(`/api/reassignments/${requestId}/approve`)).status).toBe(403);
    expect((await jinjiangCadre.post(`/api/reassignments/${requestId}/approve`)).status).toBe(403);
    const pending = await chengduCadre.get<{ id: number }[]>("/api/reassignments/pending");
    expect(pending.body.map((entry) => entry.id)).toEqual([requestId]);
    world.setClock("2025-09-02 15:00");
    const approved = await chengduCadre.post<CaseView>(`/api/reassignments/${requestId}/approve`, {
      note: "同意改派青羊区",
    });
    expect(approved.body.orgId).toBe(qingyang);

    // 6. assigned by category and capacity: the busy expert is passed over
    world.setClock("2025-09-03 10:00");
    const refused = await qingyangCadre.post<{ error: { code: string } }>(`/api/cases/${caseId}/assign`, {
      helperId: busyExpert.userId,
    });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    const assigned = await qingyangCadre.post<CaseView>(`/api/cases/${caseId}/assign`, {});
    expect(assigned.body).toMatchObject({ status: "assigned", assigneeId: expert.userId });
    // the expert now sees the case
    expect((await expert.get(`/api/cases/${caseId}`)).status).toBe(200);

    // 7. supervision: a warning a working day ahead, then overdue and escalated one level at a time
    const detail = () => chengduCadre.get<DetailView>(`/api/cases/${caseId}`).then((reply) => reply.body);
    world.setClock("2025-09-05 10:30");
    await eventually(detail, (d) => d.timeline.some((entry) => entry.type === "due_warning"), "the due warning");
    world.setClock("2025-09-08 10:30");
    let row = (await eventually(detail, (d) => d.case.escalationLevel === 1, "escalation to 成都")).case;
    expect(row.supervisorOrgId).toBe(chengdu);
    const supervised = await chengduCadre.get<{ items: { id: number }[] }>("/api/cases?supervisedByMe=true");
    expect(supervised.body.items.map((item) => item.id)).toContain(caseId);
    world.setClock("2025-09-09 11:00");
    row = (await eventually(detail, (d) => d.case.escalationLevel === 2, "escalation to 四川")).case;
    expect(row.supervisorOrgId).toBe(sichuan);

    // 8. answered: the expert drafts, the reviewer approves (the author may not)
    world.setClock("2025-09-09 14:00");
    const first = await expert.post<{ id: number }>(`/api/cases/${caseId}/answers`, {
      body: "可向青羊区人社局申请创业担保贷款，需营业执照和身份证。",
    });
    expect(first.status).toBe(201);
    world.setClock("2025-09-09 14:05");
    expect((await expert.post(`/api/answers/${first.body.id}/submit`)).status).toBe(200);
    expect((await expert.post(`/api/answers/${first.body.id}/approve`)).status).toBe(403);
    world.setClock("2025-09-09 15:00");
    const firstApproval = await reviewer.post<{ case: CaseView }>(`/api/answers/${first.body.id}/approve`);
    expect(firstApproval.body.case.status).toBe("answered");

    // 9. rated 2 by the asker, by code and without signing in: reopened with the same expert and a fresh deadline
    world.setClock("2025-09-10 09:00");
    const low = await world.anonymous.post<{ status: string }>(`/api/public/cases/${code.toLowerCase()}/rating`, {
      rating: 2,
      comment: "没说清楚去哪里办",
    });
    expect(low.body).toEqual({ code, status: "assigned", rating: 2 });
    row = (await detail()).case;
    expect(row).toMatchObject({
      assigneeId: expert.userId,
      escalationLevel: 0,
      reopenCount: 1,
      dueAt: iso("2025-09-16 18:00"),
    });

    // 10. answered again, rated 5 (closed), made a public answer, archived
    world.setClock("2025-09-10 15:00");
    const second = await expert.post<{ id: number }>(`/api/cases/${caseId}/answers`, {
      body: "请携带营业执照、身份证到青羊区政务服务中心二楼人社窗口办理，咨询电话 028-12345678。",
    });
    world.setClock("2025-09-10 15:05");
    await expert.post(`/api/answers/${second.body.id}/submit`);
    world.setClock("2025-09-10 16:00");
    await reviewer.post(`/api/answers/${second.body.id}/approve`);
    world.setClock("2025-09-11 10:00");
    const high = await world.anonymous.post(`/api/public/cases/${code}/rating`, { rating: 5, comment: "很清楚，谢谢" });
    expect(high.body).toEqual({ code, status: "closed", rating: 5 });
    world.setClock("2025-09-11 10:30");
    expect((await qingyangCadre.post(`/api/answers/${second.body.id}/public`)).status).toBe(200);
    world.setClock("2025-09-11 11:00");
    const archived = await qingyangCadre.post<CaseView>(`/api/cases/${caseId}/archive`);
    expect(archived.body.status).toBe("archived");

    // the timeline tells the whole story, in order, with who, where from, where to and why
    const timeline = (await chengduCadre.get<TimelineView[]>(`/api/cases/${caseId}/timeline`)).body;
    expect(timeline.map((entry) => entry.type)).toEqual([
      "created",
      "routed",
      "transferred",
      "returned",
      "reassignment_requested",
      "reassignment_approved",
      "assigned",
      "due_warning",
      "overdue",
      "escalated",
      "escalated",
      "answer_drafted",
      "answer_submitted",
      "answer_approved",
      "rated",
      "reopened",
      "answer_drafted",
      "answer_submitted",
      "answer_approved",
      "rated",
      "closed",
      "answer_made_public",
      "archived",
    ]);
    const moves = timeline
      .filter((entry) => entry.toOrgId !== null)
      .map((entry) => [entry.type, entry.actorName, entry.fromOrgName, entry.toOrgName, entry.reason]);
    expect(moves).toEqual([
      ["routed", null, null, WUHOU, "按属地（四川省成都市武侯区）分派"],
      ["transferred", "武侯区团委 王干事", WUHOU, JINJIANG, "当事人创业地在锦江区"],
      ["returned", "锦江区团委 李干事", JINJIANG, WUHOU, "经核实户籍与创业地均在武侯区"],
      ["reassignment_requested", "武侯区团委 王干事", WUHOU, CHENGDU, "本区无创业贷款专岗，建议改派青羊区创业服务中心"],
      ["reassignment_approved", "成都团市委 陈部长", WUHOU, QINGYANG, "同意改派青羊区"],
      ["escalated", null, QINGYANG, CHENGDU, `逾期未办结，提级至${CHENGDU}督办（第 1 级）`],
      ["escalated", null, CHENGDU, SICHUAN, `逾期未办结，提级至${SICHUAN}督办（第 2 级）`],
    ]);
    expect(timeline.find((entry) => entry.type === "assigned")!.data).toMatchObject({
      helperId: expert.userId,
      load: 1,
      capacity: 2,
    });
    expect(timeline.filter((entry) => entry.type === "answer_approved").map((entry) => entry.data!.onTime)).toEqual([
      false,
      true,
    ]);
    expect(timeline.filter((entry) => entry.type === "rated").map((entry) => entry.actorKind)).toEqual([
      "public",
      "public",
    ]);

    // both source posts stay linked for the answer to go back to; the case is still found, and its page is public
    const final = await detail();
    expect(final.sources.posts.map((post) => post.channel).sort()).toEqual(["wechat", "weibo"]);
    expect(final.answers.map((answer) => answer.status)).toEqual(["approved", "approved"]);
    expect(final.reassignments.map((entry) => entry.status)).toEqual(["approved"]);
    const found = await chengduCadre.get<{ items: { id: number }[] }>(
      `/api/cases?q=${encodeURIComponent("创业担保贷款")}&status=archived`,
    );
    expect(found.body.items.map((item) => item.id)).toEqual([caseId]);
    const page = await world.anonymous.get<{ status: string; rating: number; answer: string }>(
      `/api/public/cases/${code}`,
    );
    expect(page.body).toMatchObject({ status: "archived", rating: 5 });
    expect(page.body.answer).toContain("028-****5678");
  });

  it("opens a case for an urgent post as soon as its batch is imported, referred to the nearest 12355 desk", async () => {
    const admin = await world.person({ username: "site-admin", isAdmin: true, roles: [] });
    await world.person({ username: "desk", roles: [{ org: "成都市12355青少年服务台", role: "cadre" }] });
    world.setClock("2025-10-02 23:40");
    await importPosts(world, [
      {
        channel: "weibo",
        id: "w-urgent",
        text: "我在成都武侯区读大学，挂科太多要被退学了，还不如从宿舍楼上跳下去算了",
      },
    ]);
    const listed = await admin.get<{ items: { id: number; urgent: boolean; orgName: string; dueAt: string }[] }>(
      `/api/cases?q=${encodeURIComponent("退学")}`,
    );
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      urgent: true,
      orgName: "成都市12355青少年服务台",
      dueAt: iso("2025-10-03 00:10"),
    });
    // the queues' filters: urgent, unassigned, due within the half hour of the fast lane
    const queue = await admin.get<{ items: { id: number }[]; total: number }>(
      "/api/cases?urgent=true&unassigned=true&dueWithinHours=1",
    );
    expect(queue.body.items.map((item) => item.id)).toEqual([listed.body.items[0]!.id]);
    expect(queue.body.total).toBe(1);
    const detail = await admin.get<DetailView>(`/api/cases/${listed.body.items[0]!.id}`);
    expect(detail.body.case.source).toBe("post");
    expect(detail.body.timeline.map((entry) => [entry.type, entry.actorKind])).toEqual([
      ["created", "system"],
      ["referred_12355", "system"],
    ]);
  });
});

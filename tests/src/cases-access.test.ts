/**
 * Who sees and changes which case, through the API: a county cadre neither reads nor changes another county's case,
 * and a denial (403) changes nothing; supervisors up the parent chain see the cases below them; a helper sees only
 * the cases assigned to them; no credentials, no API.
 */
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, type CaseHub, createClient, importPosts, startCaseHub } from "./case-hub.ts";

const WUHOU = "共青团成都市武侯区委员会";
const JINJIANG = "共青团成都市锦江区委员会";

interface Listed {
  items: { id: number }[];
  total: number;
}

describe.each(databaseTargets())("case access through the API on $name", (target) => {
  let world: CaseHub;
  let wuhouCadre: ApiClient & { userId: number };
  let jinjiangCadre: ApiClient & { userId: number };
  let chengduCadre: ApiClient & { userId: number };
  let helper: ApiClient & { userId: number };
  let wuhouCase: number;
  let jinjiangCase: number;
  let spareJinjiangPost: number;
  let wuhouOrg: number;

  beforeAll(async () => {
    world = await startCaseHub(target, { start: "2025-09-01 10:00" });
    wuhouCadre = await world.person({ username: "wuhou", roles: [{ org: WUHOU, role: "cadre" }] });
    jinjiangCadre = await world.person({ username: "jinjiang", roles: [{ org: JINJIANG, role: "cadre" }] });
    chengduCadre = await world.person({ username: "chengdu", roles: [{ org: "共青团成都市委员会", role: "cadre" }] });
    helper = await world.person({
      username: "wuhou-helper",
      roles: [{ org: WUHOU, role: "helper" }],
      helper: { type: "peer", categories: ["study", "employment", "rights", "relationships", "other"], capacity: 3 },
    });
    const [wuhouPost, jinjiangPost, sparePost] = await importPosts(world, [
      { channel: "weibo", id: "a-1", text: "我在成都武侯区，想了解专升本考试的报名时间和条件" },
      { channel: "weibo", id: "a-2", text: "成都锦江区有没有针对应届生的租房补贴？" },
      { channel: "wechat", id: "a-3", text: "锦江区应届毕业生租房补贴到哪里申请？" },
    ]);
    spareJinjiangPost = sparePost!;
    const a = await wuhouCadre.post<{ id: number; orgId: number }>("/api/cases", { postIds: [wuhouPost] });
    const b = await jinjiangCadre.post<{ id: number }>("/api/cases", { postIds: [jinjiangPost] });
    wuhouCase = a.body.id;
    wuhouOrg = a.body.orgId;
    jinjiangCase = b.body.id;
  });
  afterAll(() => world?.close());

  /** Everything the owning cadre sees of a case: the case, its sources, answers, requests and timeline. */
  const snapshot = async (caseId: number) => {
    const detail = await wuhouCadre.get(`/api/cases/${caseId}`);
    expect(detail.status).toBe(200);
    return detail.body;
  };

  it("keeps a county cadre out of another county's case, and a refused change changes nothing", async () => {
    const before = await snapshot(wuhouCase);
    const denied = [
      await jinjiangCadre.get(`/api/cases/${wuhouCase}`),
      await jinjiangCadre.get(`/api/cases/${wuhouCase}/timeline`),
      await jinjiangCadre.post(`/api/cases/${wuhouCase}/transfer`, { toOrgId: wuhouOrg + 1, reason: "改由本区办理" }),
      await jinjiangCadre.post(`/api/cases/${wuhouCase}/return`, { reason: "不属于我区" }),
      await jinjiangCadre.post(`/api/cases/${wuhouCase}/reassignments`, { reason: "请上级改派" }),
      await jinjiangCadre.post(`/api/cases/${wuhouCase}/assign`, {}),
      await jinjiangCadre.post(`/api/cases/${wuhouCase}/answers`, { body: "这是锦江区替武侯区写的答复。" }),
      await jinjiangCadre.post(`/api/cases/${wuhouCase}/close`, { reason: "已办结" }),
      await jinjiangCadre.post(`/api/cases/${wuhouCase}/archive`),
      await jinjiangCadre.post(`/api/cases/${jinjiangCase}/merge`, { sourceCaseIds: [wuhouCase] }),
      await jinjiangCadre.post("/api/cases", { postIds: [spareJinjiangPost], caseId: wuhouCase }),
      await jinjiangCadre.get(`/api/reports/assessment?orgId=${wuhouOrg}&from=2025-09-01`),
    ];
    for (const reply of denied) {
      expect(reply).toEqual({
        status: 403,
        body: { error: { code: "access_denied", message: expect.stringContaining("无权") } },
      });
    }
    // not even listed
    const listed = await jinjiangCadre.get<Listed>("/api/cases");
    expect(listed.body.items.map((item) => item.id)).toEqual([jinjiangCase]);
    expect(await snapshot(wuhouCase)).toEqual(before);
    // the spare post was not added to anything: its own cadre can still open a case with it
    const own = await jinjiangCadre.post("/api/cases", { postIds: [spareJinjiangPost], caseId: jinjiangCase });
    expect(own.status).toBe(201);
  });

  it("lets the city above see both counties' cases and report on them", async () => {
    const listed = await chengduCadre.get<Listed>("/api/cases");
    expect(listed.body.items.map((item) => item.id).sort()).toEqual([wuhouCase, jinjiangCase].sort());
    expect((await chengduCadre.get(`/api/cases/${wuhouCase}`)).status).toBe(200);
    const report = await chengduCadre.get<{ org: { id: number } }>(
      `/api/reports/assessment?orgId=${wuhouOrg}&from=2025-09-01`,
    );
    expect(report).toMatchObject({ status: 200, body: { org: { id: wuhouOrg } } });
  });

  it("shows a helper only the cases assigned to them, and lets them change nothing else", async () => {
    expect((await helper.get(`/api/cases/${wuhouCase}`)).status).toBe(403);
    expect((await helper.get<Listed>("/api/cases")).body.items).toEqual([]);
    expect((await wuhouCadre.post(`/api/cases/${wuhouCase}/assign`, { helperId: helper.userId })).status).toBe(200);

    expect((await helper.get(`/api/cases/${wuhouCase}`)).status).toBe(200);
    expect((await helper.get<Listed>("/api/cases")).body.items.map((item) => item.id)).toEqual([wuhouCase]);
    expect((await helper.get(`/api/cases/${jinjiangCase}`)).status).toBe(403);
    const before = await snapshot(wuhouCase);
    // a helper answers their case but does not route it
    const transfer = await helper.post(`/api/cases/${wuhouCase}/transfer`, {
      toOrgId: wuhouOrg + 1,
      reason: "转给别的区",
    });
    expect(transfer.status).toBe(403);
    expect(await snapshot(wuhouCase)).toEqual(before);
  });

  it("answers 401 without a user's credentials, and the hub's admin token is not a user", async () => {
    const unauthenticated = { status: 401, body: { error: { code: "unauthenticated", message: expect.any(String) } } };
    expect(await world.anonymous.get("/api/cases")).toEqual(unauthenticated);
    expect(await createClient(world.hub.url, "qnzs_not-a-token").get("/api/cases")).toEqual(unauthenticated);
    expect(await world.admin.get(`/api/cases/${wuhouCase}`)).toEqual(unauthenticated);
    // and a user's token does not open the CLI's routes
    expect((await wuhouCadre.get("/api/channels")).status).toBe(401);
    // the API's description is public
    const described = await world.anonymous.get<{ paths: Record<string, unknown> }>("/api/openapi.json");
    expect(described.status).toBe(200);
    expect(Object.keys(described.body.paths)).toContain("/api/cases/{id}/transfer");
  });

  it("turns bad input into a 400 naming the field, and a missing case into a 404", async () => {
    const bad = await wuhouCadre.post<{ error: { code: string; issues: { path: string }[] } }>(
      `/api/cases/${wuhouCase}/transfer`,
      { toOrgId: "锦江" },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
    expect(bad.body.error.issues.map((issue) => issue.path).sort()).toEqual(["reason", "toOrgId"]);
    expect((await wuhouCadre.get("/api/cases/999999")).status).toBe(404);
    expect((await wuhouCadre.get("/api/cases/abc")).status).toBe(400);
  });
});

/**
 * The case commands' operations through a running hub (what `qnzs org import`, `user add`, `token create`,
 * `import-hotline` and `report` use while the hub holds the database): the same results as on the database
 * itself, and the domain's refusals as the same errors.
 */
import { databaseTargets } from "@qnzs/db/testing";
import { createRemoteOperations, type HubOperations, OperationError } from "@qnzs/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CaseHub, createClient, startCaseHub } from "./case-hub.ts";

describe("case commands through the hub", () => {
  let world: CaseHub;
  let remote: HubOperations;
  beforeAll(async () => {
    world = await startCaseHub(databaseTargets()[0]!, { start: "2025-09-01 10:00" });
    remote = createRemoteOperations(world.hub.url, world.hub.token);
  });
  afterAll(() => world?.close());

  it("imports orgs and hotline records, adds a helper with a token, and reports, all over HTTP", async () => {
    const orgs = "name,level,parent,region\n共青团成都市龙泉驿区委员会,county,共青团成都市委员会,龙泉驿区\n";
    expect(await remote.importOrgs(orgs)).toEqual({ created: 1, existing: 0, failed: [] });
    expect(await remote.importOrgs(orgs)).toEqual({ created: 0, existing: 1, failed: [] });

    const added = await remote.addUser({
      username: "liu",
      roles: [{ org: "共青团成都市龙泉驿区委员会", role: "helper" }],
      helper: { type: "expert", categories: ["study", "employment"], capacity: 2 },
    });
    expect(added).toMatchObject({ username: "liu", isAdmin: false });
    const token = await remote.createApiToken({ username: "liu", name: "test" });
    expect(token.token).toMatch(/^qnzs_[A-Za-z0-9_-]{43}$/);
    const me = await createClient(world.hub.url, token.token).get<{ username: string; helper: unknown }>("/api/me");
    expect(me.body).toMatchObject({ username: "liu", helper: { type: "expert", capacity: 2 } });

    const hotline = await remote.importHotlineRecords(
      "record_id,place,category,content\nH1,四川省成都市龙泉驿区,study,想了解专升本考试的报考条件\n",
    );
    expect(hotline.created).toHaveLength(1);
    expect(
      (await remote.importHotlineRecords("record_id,content\nH1,想了解专升本考试的报考条件\n")).skipped,
    ).toHaveLength(1);

    world.setClock("2025-09-01 11:00");
    const report = await remote.buildAssessmentReport({ org: "共青团成都市委员会", from: "2025-09-01" });
    expect(report.from).toBe("2025-08-31T16:00:00.000Z");
    expect(report.withSubtree.received).toBe(1);
    const row = report.children.find((child) => child.org.name === "共青团成都市龙泉驿区委员会");
    expect(row?.metrics.received).toBe(1);
  });

  it("passes the domain's refusals on with their status", async () => {
    await expect(
      remote.addUser({ username: "nobody", roles: [{ org: "共青团火星委员会", role: "cadre" }] }),
    ).rejects.toMatchObject({ status: 404, message: expect.stringContaining("共青团火星委员会") });
    await expect(remote.createApiToken({ username: "ghost" })).rejects.toBeInstanceOf(OperationError);
    await expect(remote.buildAssessmentReport({ org: "共青团成都市委员会", from: "9 月" })).rejects.toMatchObject({
      status: 400,
    });
  });
});

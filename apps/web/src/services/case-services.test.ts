import { loadActor } from "@qnzs/core/cases/access";
import { AccessDenied, Conflict, InvalidInput } from "@qnzs/core/cases/errors";
import { submitQuestion } from "@qnzs/core/cases/intake";
import { openSeeded, orgNamed, personAt } from "@qnzs/core/cases/test-support";
import type { Database } from "@qnzs/db";
import { createHelper } from "@qnzs/db/case-factories";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseServices, describeRefusal } from "./case-services.ts";

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

describe.each(databaseTargets())("the actions a case offers its reader on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await openSeeded(target);
  });
  afterAll(() => database.close());

  it("offers each cadre only what core lets them do, through a reassignment decided by the parent", async () => {
    const db = database.db;
    const services = createCaseServices(database);
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const wuhouCadre = await personAt(db, wuhou.name, "cadre");
    const jinjiangCadre = await personAt(db, "共青团成都市锦江区委员会", "cadre");
    const chengduCadre = await personAt(db, "共青团成都市委员会", "cadre");
    const helper = await loadActor(db, (await createHelper(db, wuhou.id, {}, "武侯 刘老师")).id);
    const { case: row } = await submitQuestion(db, {
      description: "想了解武侯区青年创业孵化园的入驻条件。",
      category: "employment",
      region: "四川省",
      city: "成都市",
      county: "武侯区",
    });

    const atWuhou = (await services.getCaseView(wuhouCadre, row.id))!;
    expect(atWuhou.detail.org?.name).toBe(wuhou.name);
    expect(atWuhou.permissions).toMatchObject({
      route: false,
      transfer: true,
      sendBack: true,
      requestReassignment: true,
      decideReassignment: false,
      assign: true,
      claim: false,
      answer: true,
      close: false,
    });
    expect(atWuhou.sender?.name).toBe("共青团成都市委员会");
    expect(atWuhou.transferTargets.map((org) => org.name)).toContain("共青团成都市锦江区委员会");
    expect(atWuhou.helpers.map((candidate) => candidate.displayName)).toEqual(["武侯 刘老师"]);
    // a helper reads a case only once it is theirs; another county not at all
    expect(await services.getCaseView(helper, row.id)).toBeNull();
    expect(await services.getCaseView(jinjiangCadre, row.id)).toBeNull();

    expect(await services.requestReassignment(wuhouCadre, { caseId: row.id, reason: "属锦江区辖区" })).toEqual({
      ok: true,
      notice: "改派申请已提交，等待上级组织审批。",
    });
    const pending = (await services.getCaseView(wuhouCadre, row.id))!;
    expect(pending.permissions).toMatchObject({ transfer: false, sendBack: false, decideReassignment: false });
    expect(await services.requestReassignment(wuhouCadre, { caseId: row.id, reason: "再申请一次" })).toEqual({
      ok: false,
      message: expect.stringContaining("有待审批的改派申请"),
    });

    const atChengdu = (await services.getCaseView(chengduCadre, row.id))!;
    expect(atChengdu.permissions.decideReassignment).toBe(true);
    const targets = atChengdu.reassignTargets.map((org) => org.name);
    expect(targets).toContain("共青团成都市锦江区委员会");
    expect(targets).not.toContain(wuhou.name);
    const jinjiang = await orgNamed(db, "共青团成都市锦江区委员会");
    const decided = await services.decideReassignment(chengduCadre, {
      requestId: atChengdu.pendingReassignment!.id,
      approve: true,
      toOrgId: jinjiang.id,
    });
    expect(decided).toEqual({ ok: true, notice: "已批准改派。" });

    // now 锦江's: 武侯 lost it, and is told so in Chinese when it tries anyway
    expect(await services.getCaseView(wuhouCadre, row.id)).toBeNull();
    expect((await services.getCaseView(jinjiangCadre, row.id))!.detail.org?.name).toBe(jinjiang.name);
    expect(await services.sendBack(wuhouCadre, { caseId: row.id, reason: "不属本区" })).toEqual({
      ok: false,
      message: "无权访问或操作此诉求",
    });

    // merging by code finds only cases the cadre may see: another county's code reads as unknown
    const { case: own } = await submitQuestion(db, {
      description: "武侯区青年创业孵化园怎么申请入驻？",
      category: "employment",
      region: "四川省",
      city: "成都市",
      county: "武侯区",
    });
    expect(
      await services.merge(wuhouCadre, { targetCaseId: own.id, sourceCaseIds: [], codes: row.code.toLowerCase() }),
    ).toEqual({ ok: false, message: `找不到诉求：${row.code.toLowerCase()}` });
    expect(await services.merge(jinjiangCadre, { targetCaseId: row.id, sourceCaseIds: [], codes: "" })).toEqual({
      ok: false,
      message: "请选择或填写要并入的诉求。",
    });
  });
});

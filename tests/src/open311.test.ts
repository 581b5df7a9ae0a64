/**
 * Open311 GeoReport v2 as a 12345/12355 platform uses it: file a question (form-encoded, as Open311 clients send
 * it), then follow it by its id — routed to the right county with a due time, answered with personal data masked,
 * and the asker's contact never in any public response.
 */
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CaseHub, startCaseHub } from "./case-hub.ts";

const WUHOU = "共青团成都市武侯区委员会";
const CHENGDU = "共青团成都市委员会";
const PERSONAL = ["13812345678", "zhangsan@example.com", "张三", "科华北路65号"];

interface ServiceRequest {
  service_request_id: string;
  status: string;
  status_notes: string | null;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
}

describe.each(databaseTargets())("Open311 GeoReport v2 on $name", (target) => {
  let world: CaseHub;
  /** every public response body, as the client received it */
  const seen: string[] = [];
  const open311 = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${world.hub.url}/open311/v2${path}`, init);
    const text = await response.text();
    seen.push(text);
    return { status: response.status, body: JSON.parse(text) as unknown };
  };
  const fileForm = (fields: Record<string, string>) =>
    open311("/requests.json", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: new URLSearchParams(fields).toString(),
    });

  beforeAll(async () => {
    world = await startCaseHub(target, { start: "2025-09-01 10:00" });
  });
  afterAll(() => world?.close());

  it("describes itself and lists the categories as services", async () => {
    const discovery = await open311("/discovery.json");
    expect(discovery.body).toMatchObject({
      endpoints: [{ specification: "http://wiki.open311.org/GeoReport_v2", formats: ["application/json"] }],
    });
    const services = (await open311("/services.json")).body as { service_code: string; service_name: string }[];
    expect(services.map((service) => [service.service_code, service.service_name])).toEqual([
      ["study", "学习成才"],
      ["employment", "创业就业"],
      ["rights", "权益维护"],
      ["relationships", "情感婚恋"],
      ["other", "其他"],
    ]);
  });

  it("routes a request filed with an address in 成都市武侯区 to 武侯区, with a due time, and answers it masked", async () => {
    const cadre = await world.person({ username: "wuhou", roles: [{ org: WUHOU, role: "cadre" }] });
    // a county's answer is approved one level up (review tiers)
    const reviewer = await world.person({ username: "chengdu-reviewer", roles: [{ org: CHENGDU, role: "reviewer" }] });

    const filed = await fileForm({
      service_code: "employment",
      description: "我叫张三，毕业一年了，想咨询创业补贴怎么申请。电话13812345678，邮箱 zhangsan@example.com",
      address_string: "成都市武侯区科华北路65号",
      email: "zhangsan@example.com",
      phone: "13812345678",
      first_name: "张三",
      api_key: "ignored-for-now",
    });
    expect(filed.status).toBe(201);
    const [{ service_request_id: id }] = filed.body as [{ service_request_id: string }];
    expect(id).toMatch(/^QN\d{6}-[0-9A-Z]{8}$/);

    const followed = await open311(`/requests/${id}.json`);
    expect(followed.status).toBe(200);
    const [request] = followed.body as [ServiceRequest];
    expect(request).toMatchObject({
      service_request_id: id,
      status: "open",
      service_code: "employment",
      agency_responsible: WUHOU,
      requested_datetime: "2025-09-01T10:00:00+08:00",
      // five working days
      expected_datetime: "2025-09-08T10:00:00+08:00",
      address: "四川省成都市武侯区",
    });
    expect(request.description).toContain("138****5678");

    // the console sees the same case, at the same org, with the contact kept privately
    const listed = await cadre.get<{ items: { id: number; orgName: string }[] }>(`/api/cases?q=${id}`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]!.orgName).toBe(request.agency_responsible);
    const caseId = listed.body.items[0]!.id;
    const detail = await cadre.get<{ case: { source: string; contact: Record<string, string>; dueAt: string } }>(
      `/api/cases/${caseId}`,
    );
    expect(detail.body.case).toMatchObject({
      source: "open311",
      contact: { name: "张三", phone: "13812345678", email: "zhangsan@example.com" },
    });
    expect(new Date(detail.body.case.dueAt)).toEqual(new Date(request.expected_datetime!));

    // answered: the request closes and carries the answer, the asker's name and numbers masked
    world.setClock("2025-09-02 10:00");
    const answer = await cadre.post<{ id: number }>(`/api/cases/${caseId}/answers`, {
      body: "张三同学你好：创业补贴可到武侯区就业局申请，咨询电话 028-85551234，或发邮件至 zhangsan@example.com 预约。",
    });
    await cadre.post(`/api/answers/${answer.body.id}/submit`);
    expect((await reviewer.post(`/api/answers/${answer.body.id}/approve`)).status).toBe(200);
    const [answered] = (await open311(`/requests/${id}.json`)).body as [ServiceRequest];
    expect(answered.status).toBe("closed");
    expect(answered.status_notes).toContain("张*同学你好");
    expect(answered.status_notes).toContain("028-****1234");
    expect(answered.updated_datetime).toBe("2025-09-02T10:00:00+08:00");

    // followed in a batch with a JSON-filed one; ids not known are left out
    const second = await open311("/requests.json", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service_code: "study", description: "成都市锦江区哪里可以报名西部计划？" }),
    });
    expect(second.status).toBe(201);
    const [{ service_request_id: secondId }] = second.body as [{ service_request_id: string }];
    const batch = await open311(`/requests.json?service_request_id=${id},${secondId},QN250101-ZZZZZZZZ`);
    expect((batch.body as ServiceRequest[]).map((entry) => entry.service_request_id)).toEqual([id, secondId]);

    for (const body of seen) for (const personal of PERSONAL) expect(body).not.toContain(personal);
  });

  it("refuses what it cannot take with Open311 errors, filing nothing", async () => {
    const admin = await world.person({ username: "site-admin", isAdmin: true, roles: [] });
    const before = (await admin.get<{ total: number }>("/api/cases")).body.total;
    const unknownService = await fileForm({ service_code: "parking", description: "这里的停车位太少了，怎么办？" });
    expect(unknownService).toMatchObject({ status: 400, body: [{ code: 400, description: expect.any(String) }] });
    expect((await fileForm({ service_code: "study", description: "" })).status).toBe(400);
    expect((await admin.get<{ total: number }>("/api/cases")).body.total).toBe(before);

    expect((await open311("/requests.json")).status).toBe(400);
    expect(await open311("/requests/QN250101-ZZZZZZZZ.json")).toMatchObject({ status: 404, body: [{ code: 404 }] });
    expect((await open311("/requests/anything.xml")).status).toBe(404);
  });
});

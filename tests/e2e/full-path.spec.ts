/**
 * The whole path through the real hub, in a browser: a young person asks on the portal → the provincial cadre
 * sees the question in the monitor and in the case queue and routes it to a county → the county assigns its
 * expert, who answers → the provincial reviewer approves it, adding the province's Weibo account → the answer is
 * on the portal page, in the Atom feed and in the simulator's Weibo record → the young person rates it.
 */
import { expect, test } from "@playwright/test";
import { addSimulatorWeibo, orgIdsOf, PHONE, signIn, simulatorRecord, startSimulator } from "./e2e-support.ts";
import { captureScreen } from "./screenshots.ts";

const QUESTION = "我在成都上大二，家里困难，想申请生源地信用助学贷款，需要准备什么材料？什么时候办理？";
const ANSWER =
  "同学你好：生源地信用助学贷款每年7月至9月在户籍所在县的学生资助管理中心办理，需带身份证、户口本和录取通知书或学生证。";

let stopSimulator: (() => void) | null = null;

test.beforeAll(async () => {
  stopSimulator = await startSimulator();
});
test.afterAll(() => stopSimulator?.());

test("ask on the portal → monitor and queue → route → the expert answers → approval → portal, feed, Weibo → rating", async ({
  browser,
}) => {
  test.setTimeout(240_000);

  // the young person asks on a phone, leaving a phone number that must never show in public
  const youth = await (await browser.newContext({ viewport: PHONE, locale: "zh-CN" })).newPage();
  await youth.goto("/ask");
  await youth.getByLabel("您的问题").fill(QUESTION);
  await youth.getByLabel(/所在地区/).fill("四川省成都市");
  await youth.getByLabel("手机号").fill("13912345678");
  await youth.getByLabel(/我同意/).check();
  await youth.getByRole("button", { name: "提交问题" }).click();
  const code = (await youth.getByTestId("case-code").textContent())!.trim();
  expect(code).toMatch(/^QN\d{6}-[0-9A-Z]+$/);

  // the provincial cadre: the question is in the monitor's stream and in the queue
  const cadre = await signIn(browser, "cadre1", "cadre-pass-1", "/console/monitor");
  const [provinceId] = await orgIdsOf(cadre);
  await addSimulatorWeibo("四川共青团", provinceId);
  await cadre.getByLabel("全文搜索").fill("生源地信用助学贷款");
  await cadre.getByRole("button", { name: "搜索" }).click();
  await expect(cadre.locator("mark").filter({ hasText: "助学贷款" }).first()).toBeVisible();
  await expect(cadre.getByText("家里困难").first()).toBeVisible();
  await captureScreen(cadre, "full-path-monitor");

  await cadre.goto("/console/cases");
  await cadre.getByRole("row").filter({ hasText: code }).getByRole("link").click();
  const route = cadre.getByRole("region", { name: "分派到下级组织" });
  await route.getByLabel("下级组织").selectOption({ label: "共青团成都市武侯区委员会" });
  await route.getByLabel(/分派说明/).fill("属地办理");
  await route.getByRole("button", { name: "分派" }).click();
  await expect(cadre.locator("dl.facts")).toContainText("共青团成都市武侯区委员会");
  const caseUrl = cadre.url();

  // the county assigns its expert
  const county = await signIn(browser, "wuhou1", "wuhou-pass-1", caseUrl);
  const assign = county.getByRole("region", { name: "指派帮扶者" });
  const helperSelect = assign.getByLabel("帮扶者");
  await helperSelect.selectOption((await helperSelect.locator("option", { hasText: "刘老师" }).getAttribute("value"))!);
  await assign.getByRole("button", { name: "指派" }).click();
  await expect(county.locator("dl.facts")).toContainText("刘老师");

  // the expert answers and sends it for review
  const expert = await signIn(browser, "wuhou-helper", "helper-pass-1", caseUrl);
  const write = expert.getByRole("region", { name: "撰写答复" });
  await write.getByLabel("答复内容").fill(ANSWER);
  await write.getByRole("button", { name: "保存草稿" }).click();
  await expert.getByRole("region", { name: "提交审核" }).getByRole("button", { name: "提交审核" }).click();
  await expect(expert.getByRole("region", { name: "答复", exact: true })).toContainText("待审核");

  // the provincial reviewer approves it and adds the province's Weibo account
  const reviewer = await signIn(browser, "reviewer1", "reviewer-pass-1", "/console/publish");
  await reviewer.getByRole("row").filter({ hasText: "助学贷款" }).getByRole("link").first().click();
  await expect(reviewer.getByRole("heading", { name: /审核答复/ })).toBeVisible();
  const answerId = /\/publish\/answers\/(\d+)/.exec(reviewer.url())![1]!;
  await reviewer.getByLabel(/四川共青团/).check();
  await captureScreen(reviewer, "full-path-review");
  const before = (await simulatorRecord()).length;
  await reviewer.getByRole("button", { name: "审核通过并发布" }).click();
  await expect(reviewer.getByText("已审核通过，正在发往各渠道。")).toBeVisible();

  // the outbox sends it: the Weibo status, the portal page, the feed
  await expect
    .poll(
      async () =>
        (await simulatorRecord()).slice(before).filter((entry) => entry.endpoint === "/2/statuses/share.json").length,
      { timeout: 60_000 },
    )
    .toBe(1);
  const status = (await simulatorRecord()).slice(before).find((entry) => entry.endpoint === "/2/statuses/share.json");
  expect(String(status?.params.status)).toContain("生源地信用助学贷款");

  await expect
    .poll(async () => (await youth.request.get(`/answers/${answerId}`)).status(), { timeout: 60_000 })
    .toBe(200);
  await youth.goto(`/answers/${answerId}`);
  await expect(youth.getByText("学生资助管理中心").first()).toBeVisible();
  await expect(youth.getByText("13912345678")).toHaveCount(0);
  await captureScreen(youth, "full-path-portal-answer");
  const feed = await (await youth.request.get("/feeds/answers.atom")).text();
  expect(feed).toContain("学生资助管理中心");
  expect(feed).not.toContain("13912345678");

  await reviewer.reload();
  await expect(reviewer.locator("tr[data-status=sent]")).toHaveCount(2);
  await captureScreen(reviewer, "full-path-outbox");

  // the young person follows the code, reads the answer and rates it
  await youth.goto(`/cases/${code}`);
  await expect(youth.getByText("学生资助管理中心").first()).toBeVisible();
  await youth.getByLabel(/非常满意/).check();
  await youth.getByLabel("已解决").check();
  await youth.getByRole("button", { name: "提交评价" }).click();
  await expect(youth.getByText("感谢您的评价！")).toBeVisible();
  await captureScreen(youth, "full-path-rated");
});

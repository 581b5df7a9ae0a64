import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { addSimulatorWeibo, callSimulator, qnzs, signIn, startSimulator } from "./e2e-support.ts";
import { captureScreen } from "./screenshots.ts";

test("an officer searches the stream, opens a post with its raw payload and corrects its category", async ({
  browser,
}) => {
  // imported posts belong to no organisation's account, so the site admin is the one who watches them here
  const officer = await signIn(browser, "admin1", "admin-pass-1", "/console/monitor");
  await expect(officer.getByRole("heading", { name: "舆情监测" })).toBeVisible();

  await officer.getByLabel("全文搜索").fill("助学贷款");
  await officer.getByRole("button", { name: "搜索" }).click();
  // the two imported posts, and any question asked on the portal about it by the specs before this one
  await expect(officer.getByText(/共 \d+ 条匹配“助学贷款”的帖子，按时间从新到旧/)).toBeVisible();
  const posts = officer.locator("ol.posts > li");
  await expect(posts.filter({ hasText: "西部计划志愿者招募启动" })).toHaveCount(1);
  expect(await officer.locator("ol.posts mark", { hasText: "助学贷款" }).count()).toBeGreaterThanOrEqual(2);
  const before = await posts.count();

  // while the officer watches, two posts come in: the same question again elsewhere, and a new one
  const arrivals = join(mkdtempSync(join(tmpdir(), "qnzs-monitor-")), "arrivals.json");
  writeFileSync(
    arrivals,
    JSON.stringify([
      {
        channel: "wechat",
        external_id: "e2e-monitor-repeat",
        author: "锦江小李",
        text: "请问大学生申请国家助学贷款需要哪些材料？户口在成都，第一次申请，谢谢！",
        published_at: "2026-11-24T09:00:00+08:00",
      },
      {
        channel: "weibang",
        external_id: "e2e-monitor-new",
        author: "考研的小周",
        text: "助学贷款还没还清，会影响考研政审吗？",
        published_at: "2026-11-25T09:00:00+08:00",
      },
    ]),
  );
  const imported = qnzs("import", arrivals);
  expect(imported.status, imported.stderr).toBe(0);
  const announce = officer.getByRole("button", { name: "有 1 条新帖子，点击查看" });
  // the page asks every ten seconds
  await expect(announce).toBeVisible({ timeout: 30_000 });
  await expect(posts).toHaveCount(before);
  await announce.click();
  // the new question is listed; the repeat is not (it is folded)
  await expect(posts).toHaveCount(before + 1);
  await expect(posts.filter({ hasText: "考研的小周" })).toHaveCount(1);
  await expect(officer.getByLabel("全文搜索")).toHaveValue("助学贷款");
  await expect(officer.getByText(new RegExp(`共 ${before + 1} 条匹配“助学贷款”的帖子`))).toBeVisible();
  // the repeat is folded under the question it repeats, not listed on its own
  const original = posts.filter({ hasText: "蓉城小青" });
  await original.getByText("另有 1 条相似帖子").click();
  await expect(original.getByRole("link", { name: /第一次申请，谢谢/ })).toBeVisible();
  await captureScreen(officer, "monitor-list");

  await posts
    .filter({ hasText: "蓉城小青" })
    .getByRole("link", { name: /查看详情/ })
    .click();
  await expect(officer.getByRole("heading", { name: "蓉城小青 的帖子" })).toBeVisible();
  const understanding = officer.getByRole("region", { name: "理解结果" });
  await expect(understanding.locator("dd", { hasText: /^是提问$/ })).toBeVisible();
  await expect(understanding.getByText("判断依据")).toBeVisible();
  const raw = officer.getByTestId("raw-payload");
  await expect(raw).toContainText('"external_id": "e2e-1"');
  await expect(raw).toContainText('"author": "蓉城小青"');

  const form = officer.getByRole("form", { name: "更正理解结果" });
  await form.getByLabel("类别").selectOption({ label: "创业就业" });
  await form.getByLabel("紧急").check();
  await form.getByRole("button", { name: "保存更正" }).click();
  await expect(form.getByText("已保存更正")).toBeVisible();
  await officer.reload();
  const facts = officer.getByRole("region", { name: "理解结果" });
  await expect(facts.locator("dd", { hasText: "创业就业" })).toBeVisible();
  await expect(facts.locator("dd", { hasText: /^紧急$/ })).toBeVisible();
  await expect(facts.getByText(/已由 王管理 于 .* 人工更正/)).toBeVisible();
  await captureScreen(officer, "monitor-post-detail");

  // the corrected category is what the stream filters on now
  await officer.goto("/console/monitor?category=employment");
  await expect(officer.locator("ol.posts > li").filter({ hasText: "蓉城小青" })).toBeVisible();

  // two posts about the same need become one case
  await officer.goto("/console/monitor?q=助学贷款");
  const stream = officer.locator("ol.posts > li");
  await stream
    .filter({ hasText: "蓉城小青" })
    .getByRole("checkbox", { name: /选择 蓉城小青/ })
    .check();
  await stream
    .filter({ hasText: "考研的小周" })
    .getByRole("checkbox", { name: /选择 考研的小周/ })
    .check();
  await officer.getByRole("button", { name: "转为诉求" }).click();
  const created = officer.getByRole("status").filter({ hasText: "已创建诉求" });
  await expect(created).toBeVisible();
  await created.getByRole("link", { name: /查看诉求 QN/ }).click();
  await expect(officer.getByRole("heading", { name: "诉求内容" })).toBeVisible();
  const sources = officer.getByRole("region", { name: "来源" });
  await expect(sources).toContainText("蓉城小青");
  await expect(sources).toContainText("考研的小周");

  // a post's markup is shown as text in its raw payload, never run
  await officer.goto("/console/monitor?q=拖欠工资");
  await officer
    .locator("ol.posts > li")
    .first()
    .getByRole("link", { name: /查看详情/ })
    .click();
  await expect(officer.getByTestId("raw-payload")).toContainText("<script>alert('x')</script>");
  expect(await officer.locator("main script, article script").count()).toBe(0);
});

test.describe("channel health under an injected fault", () => {
  let stopSimulator: (() => void) | null = null;

  test.beforeAll(async () => {
    stopSimulator = await startSimulator();
  });

  test.afterAll(() => stopSimulator?.());

  test("an expired Weibo token shows its cause; re-authorising and crawling again make the account healthy", async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const accountId = String(await addSimulatorWeibo("模拟器微博"));

    const fault = await callSimulator("/_sim/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ platform: "weibo", fault: "token_expired", enabled: true }),
    });
    expect(fault.ok).toBe(true);
    qnzs("crawl", "--account", accountId);

    const officer = await signIn(browser, "admin1", "admin-pass-1", "/console/monitor");
    const health = officer.getByRole("region", { name: "渠道健康" });
    const item = health.getByRole("listitem").filter({ hasText: "模拟器微博" });
    await expect(item).toContainText("状态：需重新授权");
    await expect(item).toContainText("连续失败 1 次 · 原因：授权已过期");
    const reauthorise = item.getByRole("button", { name: /重新授权/ });
    await expect(reauthorise).toBeVisible();
    // an account whose adapter has no authorisation flow offers no such button
    await expect(
      health
        .getByRole("listitem")
        .filter({ hasText: "团中央要闻" })
        .getByRole("button", { name: /重新授权/ }),
    ).toHaveCount(0);
    await captureScreen(officer, "monitor-health-fault");

    // the platform works again; the officer authorises the app anew (the simulator grants at once)
    expect((await callSimulator("/_sim/faults", { method: "DELETE" })).ok).toBe(true);
    await reauthorise.click();
    await expect(officer).toHaveURL(/\/console\/monitor\?reauth=ok/);
    await expect(officer.getByText("重新授权成功")).toBeVisible();

    const crawled = qnzs("--json", "crawl", "--account", accountId);
    expect(crawled.status, crawled.stderr).toBe(0);
    await officer.goto("/console/monitor");
    const healed = officer
      .getByRole("region", { name: "渠道健康" })
      .getByRole("listitem")
      .filter({ hasText: "模拟器微博" });
    await expect(healed).toContainText("状态：正常");
    await expect(healed).not.toContainText("连续失败");
    await expect(healed).toContainText(/最近成功：/);
    // what it pulled is counted on the account
    await expect(healed).toContainText(/帖子 [1-9]/);
    await captureScreen(officer, "monitor-health-healthy");
  });
});

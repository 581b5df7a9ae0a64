import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { captureScreen } from "./screenshots.ts";

// serve-hub.sh made three cases at 共青团攀枝花市委员会 through the case API: two answered (rated 5 and 4), one open
test("a cadre reads the dashboard of their province, drills into a city and downloads the report", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: "zh-CN",
    acceptDownloads: true,
    // the charts drawn at once, not animated, for the screenshot
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  await page.goto("/console/dashboard");
  await expect(page).toHaveURL(/\/console\/login/);
  await page.getByLabel("用户名").fill("cadre1");
  await page.getByLabel("密码").fill("cadre-pass-1");
  await page.getByRole("button", { name: "登录" }).click();

  await expect(page.getByRole("heading", { name: "数据看板 · 共青团四川省委员会" })).toBeVisible();
  await expect(page.getByRole("link", { name: "数据看板" })).toHaveAttribute("aria-current", "page");
  const kpi = (label: string) => page.locator(".kpi").filter({ has: page.getByText(label, { exact: true }) });
  await expect(kpi("已答复").locator("dd")).toHaveText("2 件");
  await expect(kpi("按时答复率").locator("dd")).toHaveText("100.0%");
  await expect(kpi("满意率").locator("dd")).toHaveText("100.0%");
  await expect(kpi("平均评分").locator("dd")).toHaveText("4.50 分");

  // both charts are drawn (ECharts in the browser, SVG), each an image with a summary and a table of its figures
  await expect(page.locator(".chart svg")).toHaveCount(2);
  // other specs on this hub ask study questions in 四川 too: the exact figures are checked on 攀枝花 below
  await expect(page.getByRole("img", { name: /诉求类别柱状图：学习成才受理 \d+ 件/ })).toBeVisible();
  await page.getByText("查看类别数据表").click();
  await expect(page.getByRole("row", { name: /创业就业 \d+ \d+/ })).toBeVisible();

  const city = page
    .getByRole("table", { name: /下级组织排名/ })
    .getByRole("row")
    .filter({ hasText: "共青团攀枝花市委员会" });
  await expect(city.getByRole("cell")).toHaveText(["1", "3", "2", "100.0%", "0", /.*/, "100.0%", "4.50 分"]);
  await page.getByText("查看类别数据表").click();
  await captureScreen(page, "console-dashboard");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^考核-共青团四川省委员会-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^org_id,org,scope,受理 received,答复 answered,按时答复 on time,逾期 overdue,/);
  expect(lines.find((line) => line.includes(",共青团攀枝花市委员会,"))).toMatch(
    /^\d+,共青团攀枝花市委员会,subtree,3,2,2,0,/,
  );
  expect(lines.find((line) => line.includes(",共青团成都市委员会,"))).toMatch(/,subtree,\d+,0,0,\d+,/);

  // the city's own dashboard, and back up
  await city.getByRole("link", { name: "共青团攀枝花市委员会" }).click();
  await expect(page.getByRole("heading", { name: "数据看板 · 共青团攀枝花市委员会" })).toBeVisible();
  await expect(kpi("受理诉求").locator("dd")).toHaveText("3 件");
  await expect(page.getByText("该组织没有下级组织。")).toBeVisible();
  await page.getByRole("link", { name: "返回上级：共青团四川省委员会" }).click();
  await expect(page.getByRole("heading", { name: "数据看板 · 共青团四川省委员会" })).toBeVisible();

  // last month: nothing was answered then
  await page.getByLabel("时间段", { exact: true }).selectOption("last-month");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page.getByText(/^上月：/)).toBeVisible();
  await expect(kpi("已答复").locator("dd")).toHaveText("0 件");

  // the report is not for strangers: no session, no CSV; a cadre cannot look above their province
  const anonymous = await request.get("/console/dashboard/export");
  expect(anonymous.status()).toBe(401);
  await page.goto("/console/dashboard?org=1");
  await expect(page.getByRole("alert").filter({ hasText: "无权查看该组织的数据" })).toBeVisible();
  const above = await page.request.get("/console/dashboard/export?org=1");
  expect(above.status()).toBe(403);
  await context.close();
});

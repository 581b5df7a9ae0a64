import { expect, test } from "@playwright/test";
import { DESKTOP, PHONE, signIn } from "./e2e-support.ts";
import { captureScreen } from "./screenshots.ts";

test("a young person asks on the portal, a cadre finds the case, the young person follows it by its code", async ({
  browser,
}) => {
  const youth = await (await browser.newContext({ viewport: PHONE, locale: "zh-CN" })).newPage();
  await youth.goto("/");
  await expect(youth.getByRole("heading", { name: "有问题，问青年之声" })).toBeVisible();
  await captureScreen(youth, "portal-home");

  await youth.getByRole("link", { name: "我要提问" }).first().click();
  await youth.getByLabel("您的问题").fill("我在成都读大三，想申请国家助学贷款，需要准备哪些材料？去哪里办理？");
  await youth.getByLabel(/所在地区/).fill("四川省成都市");
  await youth.getByLabel("手机号").fill("13812345678");
  await youth.getByLabel(/我同意/).check();
  await captureScreen(youth, "portal-ask");
  await youth.getByRole("button", { name: "提交问题" }).click();

  const codeText = youth.getByTestId("case-code");
  await expect(codeText).toHaveText(/^QN\d{6}-[0-9A-Z]+$/);
  const code = (await codeText.textContent())!.trim();
  await captureScreen(youth, "portal-case-new");

  const cadre = await signIn(browser, "cadre1", "cadre-pass-1", "/console/cases");
  await expect(cadre.getByRole("heading", { name: "诉求办理" })).toBeVisible();
  const row = cadre.getByRole("row").filter({ hasText: code });
  await expect(row).toBeVisible();
  await captureScreen(cadre, "console-cases");

  await row.getByRole("link").click();
  await expect(cadre.getByRole("heading", { name: "诉求内容" })).toBeVisible();
  await expect(cadre.getByText(code)).toBeVisible();
  await expect(cadre.getByText("诉求已受理")).toBeVisible();
  await captureScreen(cadre, "console-case-detail");

  // later, on another visit: the young person types the code in their own way (lower case)
  await youth.goto("/cases");
  await youth.getByLabel("诉求编号").fill(code.toLowerCase());
  await youth.getByRole("button", { name: "查询" }).click();
  await expect(youth.getByText(code).first()).toBeVisible();
  await expect(youth.getByText("正在办理中，答复后会显示在这里。")).toBeVisible();
  // the contact the young person left is never shown on the public page
  await expect(youth.getByText("13812345678")).toHaveCount(0);
  await captureScreen(youth, "portal-follow");
});

test("the monitor finds posts by full text and shows matches highlighted, never running their markup", async ({
  browser,
}) => {
  const officer = await signIn(browser, "admin1", "admin-pass-1", "/console/monitor");
  await expect(officer.getByRole("heading", { name: "舆情监测" })).toBeVisible();
  await expect(officer.getByRole("region", { name: "渠道健康" }).getByText("团中央要闻")).toBeVisible();
  await captureScreen(officer, "console-monitor");

  await officer.getByLabel("全文搜索").fill("助学贷款");
  await officer.getByRole("button", { name: "搜索" }).click();
  // the fixture's two posts, and the question asked on the portal in the first test: it is a post in the stream too
  await expect(officer.getByText(/共 3 条匹配“助学贷款”的帖子/)).toBeVisible();
  await expect(officer.locator("mark", { hasText: "助学贷款" }).first()).toBeVisible();
  await captureScreen(officer, "console-monitor-search");

  await officer.getByLabel("全文搜索").fill("拖欠工资");
  await officer.getByRole("button", { name: "搜索" }).click();
  await expect(officer.getByText("<script>alert('x')</script>", { exact: false })).toBeVisible();
  expect(await officer.locator(".posts script").count()).toBe(0);
});

test("the console refuses a wrong password and keeps people without a session out", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: DESKTOP, locale: "zh-CN" })).newPage();
  await page.goto("/console/monitor");
  await expect(page).toHaveURL(/\/console\/login/);
  await captureScreen(page, "console-login");
  await page.getByLabel("用户名").fill("cadre1");
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "用户名或密码不正确。" })).toBeVisible();
  await expect(page).toHaveURL(/\/console\/login/);
});

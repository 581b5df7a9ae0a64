import { expect, test } from "@playwright/test";
import { EMPTY_HUB_PORT } from "../playwright.config.ts";
import { captureScreen } from "./screenshots.ts";

test("the first visit to a hub without accounts creates the site admin, who is then signed in", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" })).newPage();
  const hub = `http://127.0.0.1:${EMPTY_HUB_PORT}`;
  await page.goto(`${hub}/console/cases`);
  await expect(page).toHaveURL(/\/console\/setup/);
  await expect(page.getByRole("heading", { name: "创建首个管理员" })).toBeVisible();
  await captureScreen(page, "console-setup");

  await page.getByLabel("用户名").fill("founder");
  await page.getByLabel(/^密码/).fill("first-admin-pass");
  await page.getByLabel("再次输入密码").fill("first-admin-pass");
  await page.getByRole("button", { name: "创建管理员并登录" }).click();
  await expect(page.getByRole("heading", { name: "诉求办理" })).toBeVisible();

  // once there is an account, the setup page is gone for everyone
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(`${hub}/console/setup`);
  await expect(stranger).toHaveURL(/\/console\/login/);
});

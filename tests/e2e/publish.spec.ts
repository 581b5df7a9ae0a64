/**
 * Cross-posting in the console: an editor writes one notice for the province's Weibo account, previews it (the
 * Weibo rendering, the masked phone number, a sensitive word shown where it is), fixes it and submits it; the
 * reviewer approves it from the publish queue; the outbox sends it to the simulator once, and the outbox table
 * shows it sent. The sensitive-word list is the managed one, seeded from the hub's data folder.
 */
import { expect, test } from "@playwright/test";
import { addSimulatorWeibo, orgIdsOf, signIn, simulatorRecord, startSimulator } from "./e2e-support.ts";
import { captureScreen } from "./screenshots.ts";

const NOTICE = "【通知】西部计划 2025 年报名开始！9月1日至30日登录官网报名。咨询电话 13812345678。";

let stopSimulator: (() => void) | null = null;

test.beforeAll(async () => {
  stopSimulator = await startSimulator();
});
test.afterAll(() => stopSimulator?.());

test("an editor cross-posts a notice; a reviewer approves it; it reaches Weibo once", async ({ browser }) => {
  test.setTimeout(180_000);
  const editor = await signIn(browser, "editor1", "editor-pass-1", "/console/publish");
  const [provinceId] = await orgIdsOf(editor);
  await addSimulatorWeibo("四川共青团微博", provinceId);

  await editor.goto("/console/publish");
  await expect(editor.getByRole("heading", { name: "发布管理" })).toBeVisible();
  await editor.getByRole("link", { name: "撰写一键多发" }).click();
  await expect(editor.getByRole("heading", { name: "撰写一键多发" })).toBeVisible();
  await editor.getByLabel("标题（图文消息使用，可选）").fill("西部计划报名开始");
  await editor.getByLabel("正文", { exact: true }).fill(`${NOTICE}\n谨防刷单返利骗局。`);
  await editor.getByLabel(/四川共青团微博/).check();
  await editor
    .getByLabel("微博版本（可选，留空则使用正文）")
    .fill("#西部计划# 报名开始啦！咨询 13812345678，谨防刷单返利");
  await editor.getByRole("button", { name: "预览" }).click();

  // the preview shows the blocked word and where, and the Weibo rendering with the phone number masked
  const blocked = editor.getByRole("alert").filter({ hasText: "含有敏感词" });
  await expect(blocked).toBeVisible();
  await expect(blocked.locator("mark").first()).toHaveText("刷单返利");
  await expect(blocked).toContainText("正文");
  await expect(blocked).toContainText("微博版本");
  const weiboCard = editor.locator(".preview-card[data-channel=weibo]");
  await expect(weiboCard).toContainText("138****5678");
  await expect(weiboCard).not.toContainText("13812345678");
  // what was typed survives the preview
  await expect(editor.getByLabel("正文", { exact: true })).toHaveValue(/谨防刷单返利骗局/);
  await captureScreen(editor, "console-publish-compose");

  await editor.getByLabel("正文", { exact: true }).fill(NOTICE);
  await editor.getByLabel("微博版本（可选，留空则使用正文）").fill("#西部计划# 报名开始啦！咨询 13812345678");
  await editor.getByRole("button", { name: "提交审核" }).click();
  await expect(editor.getByText("已提交审核。")).toBeVisible();
  await expect(editor.getByText("这是您撰写的内容，须由其他审核人审核。")).toBeVisible();
  const postUrl = editor.url();

  const reviewer = await signIn(browser, "reviewer1", "reviewer-pass-1", "/console/publish");
  const queued = reviewer.getByRole("row").filter({ hasText: "西部计划报名开始" });
  await expect(queued).toContainText("一键多发");
  await captureScreen(reviewer, "console-publish");
  await queued.getByRole("link").click();
  await expect(reviewer.getByRole("heading", { name: /一键多发：西部计划报名开始/ })).toBeVisible();
  await captureScreen(reviewer, "console-publish-review");
  const before = (await simulatorRecord()).length;
  await reviewer.getByRole("button", { name: "审核通过并发布" }).click();
  await expect(reviewer.getByText("已审核通过，将按时发往各账号。")).toBeVisible();

  // the hub's outbox worker sends it; the editor watches the target turn sent
  await expect
    .poll(
      async () => {
        await editor.goto(postUrl);
        return editor.locator("tr[data-status]").first().getAttribute("data-status");
      },
      { timeout: 60_000, intervals: [1000, 2000, 3000] },
    )
    .toBe("sent");
  await captureScreen(editor, "console-publish-sent");
  const sent = (await simulatorRecord()).slice(before).filter((entry) => entry.endpoint === "/2/statuses/share.json");
  expect(sent).toHaveLength(1);
  expect(String(sent[0]?.params.status)).toContain("#西部计划#");
  expect(String(sent[0]?.params.status)).toContain("138****5678");
  expect(JSON.stringify(sent)).not.toContain("13812345678");
});

test("the managed word list: reviewers read it, only site admins change it", async ({ browser }) => {
  const reviewer = await signIn(browser, "reviewer1", "reviewer-pass-1", "/console/admin/words");
  await expect(reviewer.getByRole("cell", { name: "刷单返利", exact: true })).toBeVisible();
  await expect(reviewer.getByRole("button", { name: "添加" })).toHaveCount(0);

  const admin = await signIn(browser, "admin1", "admin-pass-1", "/console/admin/words");
  await admin.getByLabel("添加词语（每行一个，或用逗号分隔）").fill("代写论文，办假证");
  await admin.getByLabel(/类别/).fill("违法");
  await admin.getByRole("button", { name: "添加" }).click();
  await expect(admin.getByText("已添加 2 个词语。")).toBeVisible();
  await admin.reload();
  await expect(admin.getByRole("cell", { name: "代写论文", exact: true })).toBeVisible();
  await captureScreen(admin, "console-admin-words");
  await admin.getByRole("button", { name: "删除“办假证”" }).click();
  await expect(admin.getByRole("cell", { name: "办假证", exact: true })).toHaveCount(0);
});

/**
 * Asking on a phone: similar questions appear while the young person types; an open case with the same question
 * can be joined (同问) for a code of one's own, and a public answer to a similar question is offered to read.
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import { HUB_URL, PHONE, signIn } from "./e2e-support.ts";
import { captureScreen } from "./screenshots.ts";

async function visitor(browser: Browser): Promise<Page> {
  return (await browser.newContext({ viewport: PHONE, locale: "zh-CN" })).newPage();
}

/** Asks a question through the form and returns the case code shown. */
async function ask(page: Page, question: string): Promise<string> {
  await page.goto("/ask");
  await page.getByLabel("您的问题").fill(question);
  await page.getByLabel(/所在地区/).fill("四川省成都市");
  await page.getByLabel(/我同意/).check();
  await page.getByRole("button", { name: "提交问题" }).click();
  const code = page.getByTestId("case-code");
  await expect(code).toHaveText(/^QN\d{6}-[0-9A-Z]+$/);
  return (await code.textContent())!.trim();
}

test("a young person sees the same open question while typing, joins it (同问) and follows it by a code of their own", async ({
  browser,
}) => {
  const first = await visitor(browser);
  const firstCode = await ask(first, "成都有没有给应届毕业生的青年人才公寓？怎么申请入住，租金多少？");

  const youth = await visitor(browser);
  await youth.goto("/ask");
  const question = youth.getByLabel("您的问题");
  await question.fill("人才公寓");
  // a few characters say too little: nothing is suggested yet
  await expect(youth.getByRole("heading", { name: "有人问过相似的问题" })).toHaveCount(0);
  await question.fill("我是应届毕业生，想申请成都的青年人才公寓，需要什么条件？");
  const suggestions = youth.getByRole("region", { name: "有人问过相似的问题" });
  const shared = suggestions.getByRole("listitem").filter({ hasText: "青年人才公寓" });
  await expect(shared).toBeVisible();
  // the other asker's code is their key: it is never shown
  await expect(youth.getByText(firstCode)).toHaveCount(0);
  await captureScreen(youth, "portal-ask-similar");

  await shared.getByRole("button", { name: "我也有同样的问题（同问）" }).click();
  const choice = youth.getByRole("group", { name: "您将同问" });
  await expect(choice).toBeVisible();
  await expect(choice).toBeFocused();
  await youth.getByLabel("电子邮箱").fill("xiaowang@example.com");
  await youth.getByRole("button", { name: "同问并获取编号" }).click();
  // no consent yet: refused, and what was typed is still there
  await expect(youth.getByLabel(/我同意/)).toBeFocused();
  await youth.getByLabel(/我同意/).check();
  await captureScreen(youth, "portal-ask-join");
  await youth.getByRole("button", { name: "同问并获取编号" }).click();

  await expect(youth.getByText("同问成功！您的诉求编号是")).toBeVisible();
  const codeText = youth.getByTestId("case-code");
  await expect(codeText).toHaveText(/^QN\d{6}-[0-9A-Z]+$/);
  const code = (await codeText.textContent())!.trim();
  expect(code).not.toBe(firstCode);
  await expect(youth.getByText(/与其他青年提出的相同问题合并办理/)).toBeVisible();
  await expect(youth.getByText(firstCode)).toHaveCount(0);
  await captureScreen(youth, "portal-case-joined");

  // later, following the code: the shared case's status and org, and still not the other code
  await youth.goto("/cases");
  await youth.getByLabel("诉求编号").fill(code);
  await youth.getByRole("button", { name: "查询" }).click();
  await expect(youth.getByText(code).first()).toBeVisible();
  const firstPage = await (await first.request.get(`/api/public/cases/${firstCode}`)).json();
  await expect(youth.locator(".facts .status")).toHaveText(/已转办|办理中|新建|答复撰写中/);
  await expect(youth.getByText(firstPage.orgName, { exact: true })).toBeVisible();
  await expect(youth.getByText("正在办理中，答复后会显示在这里。")).toBeVisible();
  await expect(youth.getByText("xiaowang@example.com")).toHaveCount(0);

  // a third young person sees that two already ask it
  const third = await visitor(browser);
  await third.goto("/ask");
  await third.getByLabel("您的问题").fill("成都青年人才公寓应届生怎么申请，租金贵吗？");
  await expect(
    third.getByRole("region", { name: "有人问过相似的问题" }).getByText("2 人同问", { exact: true }),
  ).toBeVisible();
});

test("a question answered meanwhile cannot be joined, keeps what was typed, and is then offered as its answer", async ({
  browser,
}) => {
  const asker = await visitor(browser);
  const code = await ask(asker, "共青团员每个月要交多少团费？在校大学生的团费标准是多少？");

  // a young person chooses to join it while it is still open …
  const late = await visitor(browser);
  await late.goto("/ask");
  const question = "我是大一新生，刚入团，团费标准是多少？每个月都要交吗？";
  await late.getByLabel("您的问题").fill(question);
  const open = late
    .getByRole("region", { name: "有人问过相似的问题" })
    .getByRole("listitem")
    .filter({ hasText: "团费" });
  await open.getByRole("button", { name: "我也有同样的问题（同问）" }).click();
  await late.getByLabel("手机号").fill("13912345678");
  await late.getByLabel(/我同意/).check();

  // … while a cadre answers it, a reviewer approves and it becomes a public unified answer (through the hub's API)
  const admin = await signIn(browser, "admin1", "admin-pass-1", "/console/cases");
  const headers = { Origin: HUB_URL };
  const listed = await (await admin.request.get(`/api/cases?q=${encodeURIComponent(code)}`)).json();
  const caseId = listed.items[0].id as number;
  const draft = await admin.request.post(`/api/cases/${caseId}/answers`, {
    headers,
    data: { body: "在校学生团员每月交纳团费0.2元，按季度或学期交纳均可。" },
  });
  expect(draft.status(), await draft.text()).toBe(201);
  const answerId = (await draft.json()).id as number;
  expect((await admin.request.post(`/api/answers/${answerId}/submit`, { headers })).status()).toBe(200);
  const reviewer = await signIn(browser, "reviewer1", "reviewer-pass-1", "/console/publish");
  const approved = await reviewer.request.post(`/api/answers/${answerId}/approve`, { headers, data: {} });
  expect(approved.status(), await approved.text()).toBe(200);
  const made = await admin.request.post(`/api/answers/${answerId}/public`, { headers });
  expect(made.status(), await made.text()).toBe(200);

  // joining now is refused with a reason, and nothing typed is lost; asking on one's own still works
  await late.getByRole("button", { name: "同问并获取编号" }).click();
  const refusal = late.getByRole("alert").filter({ hasText: "这个问题已经答复" });
  await expect(refusal).toBeVisible();
  await expect(refusal).not.toContainText("case");
  await expect(late.getByLabel("您的问题")).toHaveValue(question);
  await expect(late.getByLabel("手机号")).toHaveValue("13912345678");
  await expect(late.getByLabel(/我同意/)).toBeChecked();
  await captureScreen(late, "portal-ask-join-refused");
  await late.getByRole("button", { name: "不同问，单独提问" }).click();
  await late.getByRole("button", { name: "提交问题" }).click();
  await expect(late.getByTestId("case-code")).toHaveText(/^QN\d{6}-[0-9A-Z]+$/);

  // the next young person is offered the answer to read, not the case to join
  const youth = await visitor(browser);
  await youth.goto("/ask");
  await youth.getByLabel("您的问题").fill("想问一下团费标准是多少？学生团员怎么交？");
  const answer = youth.getByRole("region", { name: "有人问过相似的问题" }).getByRole("link", { name: /团费/ });
  await expect(answer.first()).toBeVisible();
  await expect(answer.first()).toHaveAttribute("href", `/answers/${answerId}`);
  await captureScreen(youth, "portal-ask-answer");
  await youth.goto(`/answers/${answerId}`);
  await expect(youth.getByText("在校学生团员每月交纳团费0.2元")).toBeVisible();
});

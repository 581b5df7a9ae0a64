import { type Browser, expect, test } from "@playwright/test";
import { PHONE, signIn } from "./e2e-support.ts";
import { captureScreen } from "./screenshots.ts";

async function askOnPortal(browser: Browser, question: string): Promise<string> {
  const youth = await (await browser.newContext({ viewport: PHONE, locale: "zh-CN" })).newPage();
  await youth.goto("/ask");
  await youth.getByLabel("您的问题").fill(question);
  await youth.getByLabel(/问题类别/).selectOption("study");
  await youth.getByLabel(/所在地区/).fill("四川省成都市");
  await youth.getByLabel(/我同意/).check();
  await youth.getByRole("button", { name: "提交问题" }).click();
  const code = (await youth.getByTestId("case-code").textContent())!.trim();
  await youth.context().close();
  return code;
}

test("a provincial cadre routes a case down to a county, whose cadre assigns, drafts and submits the answer; another county never sees it", async ({
  browser,
}) => {
  const code = await askOnPortal(browser, "我在成都读研一，想了解研究生国家奖学金的评选条件和申请时间。");
  expect(code).toMatch(/^QN\d{6}-[0-9A-Z]+$/);

  // 四川团省委: nobody handles cases at 成都团市委 yet, so the question came up to the province
  const province = await signIn(browser, "cadre1", "cadre-pass-1", "/console/cases");
  await province.getByRole("row").filter({ hasText: code }).getByRole("link").click();
  await expect(province.getByRole("heading", { name: "办理", exact: true })).toBeVisible();
  const caseUrl = province.url();
  const caseId = /\/console\/cases\/(\d+)/.exec(caseUrl)![1]!;
  await expect(province.getByTestId("due-countdown")).toHaveText(/^剩余 \d+ (分钟|小时|天)/);

  // a refusal from the domain reads as Chinese on the form, and what was typed stays
  const merge = province.getByRole("region", { name: "合并诉求" });
  await merge.getByLabel(/诉求编号/).fill(code);
  await merge.getByRole("button", { name: "并入本诉求" }).click();
  await expect(merge.getByRole("alert")).toHaveText("不能把诉求合并到自身");
  await expect(merge.getByLabel(/诉求编号/)).toHaveValue(code);

  const route = province.getByRole("region", { name: "分派到下级组织" });
  await route.getByLabel("下级组织").selectOption({ label: "共青团成都市武侯区委员会" });
  await route.getByLabel(/分派说明/).fill("属地办理，请武侯区团委答复");
  await captureScreen(province, "console-case-route");
  await route.getByRole("button", { name: "分派" }).click();
  await expect(province.locator("dl.facts")).toContainText("共青团成都市武侯区委员会");
  await expect(province.getByRole("list").filter({ hasText: "属地办理，请武侯区团委答复" })).toBeVisible();

  // 武侯区团委: the case is in the county's queue
  const county = await signIn(browser, "wuhou1", "wuhou-pass-1", "/console/cases");
  const row = county.getByRole("row").filter({ hasText: code });
  await expect(row).toBeVisible();
  await expect(row).toContainText(/剩余/);
  // the seeded questions of two weeks ago are overdue here
  await expect(county.getByRole("row").filter({ hasText: "西部计划" })).toContainText(/已超期 \d+/);
  await captureScreen(county, "console-cases-queue");
  await county.getByRole("link", { name: "待分配" }).click();
  await expect(county.getByRole("row").filter({ hasText: code })).toBeVisible();

  await county.getByRole("row").filter({ hasText: code }).getByRole("link").click();
  const assign = county.getByRole("region", { name: "指派帮扶者" });
  const helperSelect = assign.getByLabel("帮扶者");
  const helperValue = await helperSelect.locator("option", { hasText: "刘老师" }).getAttribute("value");
  await helperSelect.selectOption(helperValue!);
  await assign.getByRole("button", { name: "指派" }).click();
  await expect(county.locator("dl.facts")).toContainText("刘老师");

  const answer = county.getByRole("region", { name: "撰写答复" });
  await answer
    .getByLabel("答复内容")
    .fill("同学你好：研究生国家奖学金每年9月由学校组织评选，请关注研究生院通知，按要求提交成果材料。");
  await answer.getByText("按渠道单独撰写（可选）").click();
  await answer.getByLabel("微博版本").fill("研究生国奖每年9月评选，详见学校研究生院通知。");
  await answer.getByRole("button", { name: "保存草稿" }).click();
  const submit = county.getByRole("region", { name: "提交审核" });
  await expect(submit).toBeVisible();
  await captureScreen(county, "console-case-detail-actions");
  await submit.getByRole("button", { name: "提交审核" }).click();
  const answers = county.getByRole("region", { name: "答复", exact: true });
  await expect(answers).toContainText("待审核");
  await expect(county.getByRole("list").filter({ hasText: "答复送审" })).toBeVisible();

  // the helper finds it among their own cases
  const helper = await signIn(browser, "wuhou-helper", "helper-pass-1", "/console/cases");
  await expect(helper.getByRole("link", { name: /^我的/ })).toHaveAttribute("aria-current", "page");
  await expect(helper.getByRole("row").filter({ hasText: code })).toBeVisible();
  // and claims one of the county's unassigned cases for themselves
  const claimable = helper.getByRole("region", { name: "可认领的诉求" });
  await expect(claimable.getByRole("listitem")).toHaveCount(2);
  await captureScreen(helper, "console-cases-helper");
  await claimable
    .getByRole("button", { name: /^认领 QN/ })
    .first()
    .click();
  await expect(claimable.getByRole("listitem")).toHaveCount(1);
  await expect(helper.getByRole("link", { name: /^我的/ })).toContainText("2");

  // 锦江区团委: neither in the queue nor by its address
  const other = await signIn(browser, "jinjiang1", "jinjiang-pass-1", "/console/cases?queue=all");
  await expect(other.getByRole("heading", { name: "诉求办理" })).toBeVisible();
  await expect(other.getByRole("row").filter({ hasText: "团员组织关系" })).toBeVisible();
  await expect(other.getByRole("row").filter({ hasText: code })).toHaveCount(0);
  const response = await other.goto(`/console/cases/${caseId}`);
  expect(response?.status()).toBe(404);
  await expect(other.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await expect(other.getByText(code)).toHaveCount(0);

  // and in the monitor only the county's own channel
  await other.goto("/console/monitor");
  await expect(other.getByRole("heading", { name: "舆情监测" })).toBeVisible();
  await expect(other.getByText("锦江区有没有面向大学生的创业场地补贴？")).toBeVisible();
  await expect(other.getByText("武侯区的青年夜校")).toHaveCount(0);
  await expect(other.getByText("助学贷款")).toHaveCount(0);
});

test("the supervision board shows overdue cases by organisation and the escalations, scoped to the cadre's area", async ({
  browser,
}) => {
  const province = await signIn(browser, "cadre1", "cadre-pass-1", "/console/supervision");
  await expect(province.getByRole("heading", { name: "督办", exact: true })).toBeVisible();
  const byOrg = province.getByRole("region", { name: "各组织超期情况" });
  await expect(byOrg.getByRole("row").filter({ hasText: "共青团成都市武侯区委员会" })).toContainText("2");
  await expect(byOrg.getByRole("row").filter({ hasText: "共青团成都市锦江区委员会" })).toBeVisible();
  const escalated = province.getByRole("region", { name: /升级督办的诉求/ });
  await expect(escalated.getByRole("row").filter({ hasText: "西部计划" })).toContainText("共青团成都市委员会");
  await captureScreen(province, "console-supervision");

  await byOrg.getByRole("link", { name: "共青团成都市武侯区委员会" }).click();
  await expect(province.getByRole("heading", { name: "诉求办理" })).toBeVisible();
  await expect(province.getByRole("row").filter({ hasText: "西部计划" })).toBeVisible();
  await expect(province.getByRole("row").filter({ hasText: "团员组织关系" })).toHaveCount(0);

  const county = await signIn(browser, "wuhou1", "wuhou-pass-1", "/console/supervision");
  await expect(
    county.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "督办" }),
  ).toBeVisible();
  const own = county.getByRole("region", { name: "各组织超期情况" });
  await expect(own.getByRole("row").filter({ hasText: "共青团成都市武侯区委员会" })).toBeVisible();
  await expect(own.getByRole("row").filter({ hasText: "锦江" })).toHaveCount(0);
});

test("a county asks for a reassignment and the province decides it, refusals explained on the form", async ({
  browser,
}) => {
  const county = await signIn(browser, "jinjiang1", "jinjiang-pass-1", "/console/cases?queue=overdue");
  await county.getByRole("row").filter({ hasText: "团员组织关系" }).getByRole("link").click();
  const request = county.getByRole("region", { name: "申请改派" });
  await request.getByLabel(/建议改派至/).selectOption({ label: "共青团成都市武侯区委员会" });
  await request.getByLabel("改派理由").fill("来电人居住在武侯区，请改由武侯区团委办理");
  await request.getByRole("button", { name: "提交改派申请" }).click();
  await expect(county.getByRole("note")).toContainText("等待上级组织审批");
  await expect(county.getByRole("region", { name: "转办" })).toHaveCount(0);
  const casePath = new URL(county.url()).pathname;

  const province = await signIn(browser, "cadre1", "cadre-pass-1", casePath);
  const decide = province.getByRole("region", { name: "审批改派申请" });
  await expect(decide.getByLabel(/改派至/).locator("option:checked")).toHaveText("共青团成都市武侯区委员会");
  await decide.getByRole("button", { name: "驳回申请" }).click();
  await expect(decide.getByRole("alert")).toHaveText("驳回改派申请须说明理由（至少 2 个字）。");
  await expect(decide.getByLabel(/改派至/).locator("option:checked")).toHaveText("共青团成都市武侯区委员会");
  await captureScreen(province, "console-case-reassignment");
  await decide.getByRole("button", { name: "批准改派" }).click();
  await expect(province.locator("dl.facts")).toContainText("共青团成都市武侯区委员会");
  await expect(province.getByRole("list").filter({ hasText: "改派已批准" })).toBeVisible();
});

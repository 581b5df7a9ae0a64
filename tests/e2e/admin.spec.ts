import { expect, type Locator, type Page, test } from "@playwright/test";
import { signIn } from "./e2e-support.ts";
import { captureScreen } from "./screenshots.ts";

const PORT = Number(process.env.QNZS_E2E_PORT ?? 3210);

function panel(page: Page, heading: string): Locator {
  return page.locator("article", { has: page.getByRole("heading", { name: heading }) });
}

/** Picks an org in a select whose options are indented by depth. */
async function chooseOrg(select: Locator, name: string): Promise<void> {
  const value = await select.locator("option", { hasText: name }).first().getAttribute("value");
  await select.selectOption(value!);
}

test("a site admin adds a county under a city and a cadre there, who then signs in to the console", async ({
  browser,
}) => {
  const admin = await signIn(browser, "admin1", "admin-pass-1", "/console/admin");
  await expect(admin.getByRole("heading", { name: "系统管理", level: 1 })).toBeVisible();
  await expect(admin.getByRole("link", { name: "敏感词" })).toHaveAttribute("href", "/console/admin/words");
  await captureScreen(admin, "admin-index");

  await admin.getByRole("link", { name: "组织机构" }).first().click();
  await admin.getByLabel("按名称或行政区划代码搜索组织").fill("成都市委员会");
  await admin.getByRole("button", { name: "搜索" }).click();
  await admin.getByRole("link", { name: "共青团成都市委员会", exact: true }).click();
  await expect(admin.getByRole("heading", { name: "共青团成都市委员会", level: 2 })).toBeVisible();
  const addOrg = panel(admin, "添加下级组织");
  await addOrg.getByLabel("组织名称").fill("共青团成都市新津区委员会");
  await expect(addOrg.getByLabel("级别")).toHaveValue("county");
  await addOrg.getByLabel(/区划代码/).fill("510118");
  await addOrg.getByLabel("区县").fill("新津区");
  await addOrg.getByRole("button", { name: "添加组织" }).click();
  await expect(addOrg.getByText("已添加「共青团成都市新津区委员会」。")).toBeVisible();
  await captureScreen(admin, "admin-orgs");

  await admin.goto("/console/admin/orgs");
  await expect(admin.getByRole("link", { name: "共青团四川省委员会" })).toBeVisible();
  await captureScreen(admin, "admin-orgs-tree");

  await admin.goto("/console/admin/orgs?q=510118");
  await admin.getByRole("link", { name: "共青团成都市新津区委员会" }).click();
  await expect(admin.getByText("上级：共青团中央 › 共青团四川省委员会 › 共青团成都市委员会")).toBeVisible();
  await expect(admin.getByText("四川省 · 成都市 · 新津区")).toBeVisible();

  await admin.getByRole("link", { name: "用户与角色" }).click();
  const addUser = panel(admin, "添加用户");
  await addUser.getByLabel("用户名").fill("xinjin1");
  await addUser.getByLabel("姓名").fill("新津干部");
  await addUser.getByLabel(/初始密码/).fill("xinjin-pass-1");
  await chooseOrg(addUser.getByLabel("所属组织"), "共青团成都市新津区委员会");
  await addUser.getByLabel("角色").selectOption("cadre");
  await addUser.getByRole("button", { name: "添加用户" }).click();
  await expect(addUser.getByText("已添加用户「新津干部」（xinjin1）。")).toBeVisible();
  const row = admin.getByRole("row").filter({ hasText: "xinjin1" });
  await expect(row.getByText("共青团成都市新津区委员会 · 团干部")).toBeVisible();
  await captureScreen(admin, "admin-users");

  const cadre = await signIn(browser, "xinjin1", "xinjin-pass-1", "/console/cases");
  await expect(cadre.getByRole("heading", { name: "诉求办理" })).toBeVisible();
  await expect(cadre.getByRole("navigation", { name: "工作台导航" }).getByText("系统管理")).toHaveCount(0);
  await cadre.goto("/console/admin/users");
  await expect(cadre.getByRole("heading", { name: "无权访问" })).toBeVisible();

  // the admin resets the cadre's password and then disables the account: the new password no longer opens it
  await row.getByText("管理 新津干部").click();
  await row.getByLabel(/新密码/).fill("xinjin-pass-2");
  await row.getByRole("button", { name: "重置密码" }).click();
  await expect(row.getByText(/密码已重置/)).toBeVisible();
  await captureScreen(admin, "admin-users-manage");
  await row.getByRole("button", { name: "停用账号" }).click();
  await expect(row.getByText("已停用", { exact: true })).toBeVisible();
  await cadre.reload();
  await expect(cadre).toHaveURL(/\/console\/login/);
  await cadre.getByLabel("用户名").fill("xinjin1");
  await cadre.getByLabel("密码").fill("xinjin-pass-2");
  await cadre.getByRole("button", { name: "登录" }).click();
  await expect(cadre.getByText("用户名或密码不正确。")).toBeVisible();
});

test("a site admin adds a holiday, a routing rule, a deadline and a channel account, and sees them listed", async ({
  browser,
}) => {
  const admin = await signIn(browser, "admin1", "admin-pass-1", "/console/admin/calendar");
  await admin.goto("/console/admin/calendar?year=2027");
  const addDay = panel(admin, "添加节假日或调休工作日");
  await addDay.getByLabel("日期").fill("2027-06-14");
  await addDay.getByLabel("类型").selectOption("holiday");
  await addDay.getByLabel("名称").fill("端午节");
  await addDay.getByRole("button", { name: "保存" }).click();
  await expect(addDay.getByText("已将 2027-06-14 设为节假日（端午节）。")).toBeVisible();
  await expect(admin.getByRole("row").filter({ hasText: "2027-06-14" })).toContainText("端午节");
  await expect(admin.getByRole("row").filter({ hasText: "2027-06-14" })).toContainText("周一");
  await captureScreen(admin, "admin-calendar");

  await admin.getByRole("link", { name: "转办规则" }).click();
  const addRule = panel(admin, "添加规则");
  await addRule.getByLabel("省份").fill("四川省");
  await addRule.getByLabel("诉求类别").selectOption("employment");
  await addRule.getByLabel("关键词").fill("实习");
  await chooseOrg(addRule.getByLabel(/转给/), "共青团成都市委员会");
  await addRule.getByRole("button", { name: "添加规则" }).click();
  await expect(addRule.getByText(/已添加转办规则 #\d+。/)).toBeVisible();
  const rule = admin.getByRole("row").filter({ hasText: "实习" });
  await expect(rule).toContainText("创业就业");
  await expect(rule).toContainText("共青团成都市委员会");
  await captureScreen(admin, "admin-routing");

  await admin.getByRole("link", { name: "办理时限" }).click();
  const setDeadline = panel(admin, "设置时限");
  await setDeadline.getByLabel("诉求类别").selectOption("study");
  await setDeadline.getByLabel("优先级").selectOption("normal");
  await setDeadline.getByLabel(/办理时限/).fill("960");
  await setDeadline.getByLabel(/到期前预警/).fill("240");
  await setDeadline.getByLabel(/升级/).fill("480");
  await setDeadline.getByRole("button", { name: "保存时限" }).click();
  await expect(setDeadline.getByText(/时限规则已保存/)).toBeVisible();
  await expect(admin.getByRole("row").filter({ hasText: "学习成才" })).toContainText("2 个工作日");
  await captureScreen(admin, "admin-deadlines");

  // an RSS account reading the hub's own answer feed: the form comes from the RSS adapter's config schema
  await admin.goto("/console/admin/channels");
  await admin.getByLabel("渠道类型").selectOption("rss");
  await admin.getByRole("button", { name: "填写配置" }).click();
  const addChannel = panel(admin, "接入渠道账号");
  await addChannel.getByLabel(/账号名称/).fill("本站答复订阅");
  await addChannel.getByLabel(/订阅地址/).fill(`http://127.0.0.1:${PORT}/feeds/answers.rss`);
  await addChannel.getByText(/高级选项/).click();
  await addChannel.getByLabel(/允许访问的内网主机/).fill(`127.0.0.1:${PORT}`);
  await addChannel.getByRole("button", { name: "添加账号" }).click();
  await expect(addChannel.getByText(/已添加渠道账号 #\d+「本站答复订阅」/)).toBeVisible();
  const account = admin.getByRole("row").filter({ hasText: "本站答复订阅" });
  await account.getByRole("button", { name: /测试连接/ }).click();
  await expect(account.getByText(/连接正常/)).toBeVisible();
  await account.getByRole("button", { name: /暂停/ }).click();
  await expect(account.getByText("已暂停", { exact: true })).toBeVisible();
  await captureScreen(admin, "admin-channels");
});

test("a cadre who administers nothing gets no access to the admin area", async ({ browser }) => {
  const cadre = await signIn(browser, "cadre1", "cadre-pass-1", "/console/admin");
  await expect(cadre.getByRole("heading", { name: "无权访问" })).toBeVisible();
  await expect(cadre.getByText("系统管理", { exact: false }).first()).toBeVisible();
  for (const path of ["/console/admin/orgs", "/console/admin/channels", "/console/admin/deadlines"]) {
    await cadre.goto(path);
    await expect(cadre.getByRole("heading", { name: "无权访问" })).toBeVisible();
  }
  await captureScreen(cadre, "admin-no-access");
});

test("an org admin manages only their own subtree and only views the site-wide settings", async ({ browser }) => {
  const admin = await signIn(browser, "admin1", "admin-pass-1", "/console/admin/users");
  const addUser = panel(admin, "添加用户");
  await addUser.getByLabel("用户名").fill("cdadmin");
  await addUser.getByLabel("姓名").fill("成都管理员");
  await addUser.getByLabel(/初始密码/).fill("cdadmin-pass-1");
  await chooseOrg(addUser.getByLabel("所属组织"), "共青团成都市委员会");
  await addUser.getByLabel("角色").selectOption("admin");
  await addUser.getByRole("button", { name: "添加用户" }).click();
  await expect(addUser.getByText("已添加用户「成都管理员」（cdadmin）。")).toBeVisible();

  const orgAdmin = await signIn(browser, "cdadmin", "cdadmin-pass-1", "/console/admin/orgs");
  const tree = orgAdmin.locator(".org-tree");
  await expect(tree.getByRole("link", { name: "共青团成都市武侯区委员会" })).toBeVisible();
  await expect(tree.getByRole("link", { name: "共青团绵阳市委员会" })).toHaveCount(0);
  await expect(orgAdmin.getByText("本组织的名称和区划由上级管理员维护。")).toBeVisible();
  await expect(orgAdmin.getByText("上级：共青团中央 › 共青团四川省委员会")).toBeVisible();
  await captureScreen(orgAdmin, "admin-orgs-org-admin");

  await orgAdmin.goto("/console/admin/users");
  await expect(orgAdmin.getByText("在您管理的组织中担任角色的用户：")).toBeVisible();
  await expect(orgAdmin.getByRole("row").filter({ hasText: "cadre1" })).toHaveCount(0);
  await expect(panel(orgAdmin, "添加用户").getByLabel(/站点管理员/)).toHaveCount(0);

  await orgAdmin.goto("/console/admin/deadlines");
  await expect(orgAdmin.getByText("办理时限对全站生效，由站点管理员设置；这里仅供查看。")).toBeVisible();
  await expect(orgAdmin.getByRole("button", { name: "保存时限" })).toHaveCount(0);
});

/**
 * An automated accessibility check (axe-core, WCAG 2.1 A and AA rules) of the main screens, as the people who use
 * them see them: the portal on a phone, the console signed in. Any serious or critical violation fails the test
 * with the rule, the element and how to fix it.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { PHONE, signIn } from "./e2e-support.ts";

async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      help: violation.help,
      where: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
    }));
  expect(serious, `${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

test("the portal's pages pass the check on a phone", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: PHONE, locale: "zh-CN" })).newPage();
  for (const [path, name] of [
    ["/", "portal home"],
    ["/ask", "ask"],
    ["/cases", "follow"],
  ] as const) {
    await page.goto(path);
    await expectAccessible(page, name);
  }
});

test("the console's main screens pass the check", async ({ browser }) => {
  const admin = await signIn(browser, "admin1", "admin-pass-1", "/console/monitor");
  for (const [path, name] of [
    ["/console/monitor", "monitor"],
    ["/console/cases", "cases"],
    ["/console/publish", "publish"],
    ["/console/publish/posts/new", "cross-post composer"],
    ["/console/supervision", "supervision"],
    ["/console/dashboard", "dashboard"],
    ["/console/admin", "admin"],
    ["/console/admin/words", "word lists"],
  ] as const) {
    await admin.goto(path);
    await expectAccessible(admin, name);
  }
});

import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";

const FOLDER = fileURLToPath(new URL("../screenshots/", import.meta.url));

/** Saves the whole page to tests/screenshots/<name>.png (git-ignored) for a person to look at. */
export async function captureScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${FOLDER}${name}.png`, fullPage: true });
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../../../bin/qnzs.mjs", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "qnzs-cases-cli-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `qnzs` on the embedded database in the test's folder (each run starts a process: a few seconds). */
function qnzs(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, "--data", join(folder, "data"), ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("case commands", () => {
  it("imports orgs and hotline records, adds people and a token, and reports on the seeded tree", async () => {
    const orgs = join(folder, "orgs.csv");
    writeFileSync(orgs, "name,level,parent,region\n共青团成都市龙泉驿区委员会,county,共青团成都市委员会,龙泉驿区\n");
    expect(JSON.parse((await qnzs("--json", "org", "import", orgs)).stdout)).toEqual({
      created: 1,
      existing: 0,
      failed: [],
    });

    const helper = await qnzs(
      "--json",
      "user",
      "add",
      "liu",
      "--org",
      "共青团成都市龙泉驿区委员会",
      "--role",
      "helper",
      "--helper-type",
      "expert",
      "--categories",
      "study,employment",
      "--capacity",
      "2",
    );
    expect(JSON.parse(helper.stdout)).toMatchObject({ username: "liu", isAdmin: false });

    const token = await qnzs("token", "create", "--user", "liu");
    expect(token.stdout.trim()).toMatch(/^qnzs_[A-Za-z0-9_-]{43}$/);

    const hotline = join(folder, "hotline.csv");
    writeFileSync(
      hotline,
      "record_id,place,category,content\nH1,四川省成都市龙泉驿区,study,想了解专升本考试的报考条件\n",
    );
    const imported = JSON.parse((await qnzs("--json", "import-hotline", hotline)).stdout);
    expect(imported.created).toHaveLength(1);

    const report = JSON.parse(
      (await qnzs("--json", "report", "--org", "共青团成都市委员会", "--from", "2000-01-01")).stdout,
    );
    expect(report.withSubtree.received).toBe(1);
    const row = report.children.find(
      (child: { org: { name: string } }) => child.org.name === "共青团成都市龙泉驿区委员会",
    );
    expect(row.metrics.received).toBe(1);
  }, 120_000);
});

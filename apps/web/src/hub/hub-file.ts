/**
 * `hub.json` in the data folder: where the running hub listens and the admin token the CLI uses to reach it.
 * Mode 0600 (the token is a credential); removed when the hub stops. A file left by a killed hub is recognised as
 * stale because nothing answers at its address (or something else does).
 */
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface HubFile {
  url: string;
  token: string;
  pid: number;
  startedAt: string;
}

export const HUB_FILE = "hub.json";

export function createAdminToken(): string {
  return randomBytes(24).toString("base64url");
}

export function writeHubFile(dataDir: string, hub: HubFile): void {
  const file = join(dataDir, HUB_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(hub, null, 2), { mode: 0o600 });
  renameSync(temporary, file);
}

export function readHubFile(dataDir: string): HubFile | null {
  try {
    const value = JSON.parse(readFileSync(join(dataDir, HUB_FILE), "utf8")) as Partial<HubFile>;
    if (typeof value.url !== "string" || typeof value.token !== "string" || typeof value.pid !== "number") return null;
    return value as HubFile;
  } catch {
    return null;
  }
}

/** Removes hub.json if it is ours (a newer hub may have replaced it). */
export function removeHubFile(dataDir: string, pid = process.pid): void {
  if (readHubFile(dataDir)?.pid === pid) rmSync(join(dataDir, HUB_FILE), { force: true });
}

/** The hub named by hub.json, if it answers as that hub; null when there is none or it is gone. */
export async function findLiveHub(dataDir: string, timeoutMs = 2000): Promise<HubFile | null> {
  const hub = readHubFile(dataDir);
  if (!hub) return null;
  try {
    const response = await fetch(new URL("/api/health", hub.url), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return null;
    const health = (await response.json()) as { service?: string; pid?: number };
    return health.service === "qnzs-hub" && health.pid === hub.pid ? hub : null;
  } catch {
    return null;
  }
}

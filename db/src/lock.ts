import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/** Who holds a data folder: written into `<dataDir>/hub.lock`. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个进程使用 (pid ${holder.pid} on ${holder.host}, "${holder.command}", since ${holder.startedAt}). ` +
        "Stop that process, or run this command while the hub is running so it goes through the hub.",
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, "hub.lock"), "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Takes the data folder for this process. PGlite allows one process per folder, so a second opener
 * is told who holds it. A lock left by a process that no longer runs (killed, crashed) is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "hub.lock");
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeFileSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        const holder = readLockHolder(dataDir);
        if (holder?.pid === process.pid) rmSync(file, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLockHolder(dataDir);
      if (holder && holder.pid !== process.pid && holder.host === me.host && isAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      if (holder && holder.host !== me.host) throw new DataDirLockedError(dataDir, holder);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock data folder ${dataDir}`);
}

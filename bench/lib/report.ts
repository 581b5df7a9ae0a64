import { execSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

/** Machine, date and command: every recorded figure carries them. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  let postgres = "";
  try {
    postgres = execSync("psql --version", { encoding: "utf8" }).trim();
  } catch {
    postgres = "psql not found";
  }
  return `${cpus().length} × ${cpu}, ${memory}, Node.js ${process.version}, ${postgres}`;
}

export function describeRun(command: string): string {
  return [
    `- date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    `- machine: ${describeMachine()}`,
    `- command: \`${command}\``,
    `- load average when it started: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(", ")} (other work on the machine slows every figure alike, floors included)`,
  ].join("\n");
}

/**
 * Replaces the section `## <name>` of bench/RESULTS.md (up to the next `## `) with `body`, or appends it.
 */
export function writeResultsSection(name: string, body: string): void {
  const file = new URL("../RESULTS.md", import.meta.url);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    text = "# Benchmark results\n\nEach section is rewritten by its benchmark with `--write`.\n";
  }
  const heading = `## ${name}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = text.indexOf(`${heading}\n`);
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const next = text.indexOf("\n## ", start + heading.length);
    text = `${text.slice(0, start)}${section}${next === -1 ? "" : text.slice(next)}`;
  }
  writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
}

export function formatRate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString("en-US")}/s`;
}

/** Samples resident memory while work runs; reports the peak. */
export function trackPeakMemory(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export function parseFlag(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index === -1) return fallback;
  const value = Number(args[index + 1]?.replace(/_/g, ""));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

import { formatReportCsv, type OrgMetrics } from "@qnzs/core/cases/metrics";
import type { Command } from "commander";
import { globalOptions, printJson, withHubOrDatabase } from "../context.ts";

const LABELS: [keyof OrgMetrics, string][] = [
  ["received", "受理"],
  ["answered", "答复"],
  ["answeredOnTime", "按时"],
  ["overdue", "逾期"],
  ["medianFirstResponseMinutes", "首响(分)"],
  ["medianCloseMinutes", "办结(分)"],
  ["satisfactionAverage", "满意度"],
  ["ratingResponseRate", "评价率"],
  ["postsIngested", "帖子"],
  ["answersPublished", "发布"],
];

/** Pads to a width in terminal columns: a Chinese character takes two. */
function pad(text: string, width: number, side: "start" | "end"): string {
  const columns = [...text].reduce((sum, char) => sum + (/[\u2e80-\uffef]/.test(char) ? 2 : 1), 0);
  const fill = " ".repeat(Math.max(0, width - columns));
  return side === "start" ? fill + text : text + fill;
}

function formatRow(name: string, metrics: OrgMetrics): string {
  return [pad(name, 28, "end"), ...LABELS.map(([key]) => pad(String(metrics[key] ?? "-"), 10, "start"))].join("");
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("assessment (活跃度, 满意度) of an org for a period: alone, with its subtree, and each child")
    .requiredOption("--org <id|name>", "the org")
    .option("--from <date>", "first day, YYYY-MM-DD (default: first of this month)")
    .option("--to <date>", "last day, YYYY-MM-DD, included (default: now)")
    .option("--csv", "CSV output")
    .action(async (commandOptions: { org: string; from?: string; to?: string; csv?: boolean }, command: Command) => {
      const options = globalOptions(command);
      const report = await withHubOrDatabase(options, (operations) =>
        operations.buildAssessmentReport({
          org: commandOptions.org,
          ...(commandOptions.from ? { from: commandOptions.from } : {}),
          ...(commandOptions.to ? { to: commandOptions.to } : {}),
        }),
      );
      if (options.json) {
        printJson(report);
        return;
      }
      if (commandOptions.csv) {
        process.stdout.write(
          `${formatReportCsv({ ...report, from: new Date(report.from), to: new Date(report.to) })}\n`,
        );
        return;
      }
      const day = (instant: Date) =>
        new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
      const lines = [
        `${report.org.name} 考核 ${day(new Date(report.from))} — ${day(new Date(report.to))}`,
        [pad("", 28, "end"), ...LABELS.map(([, label]) => pad(label, 10, "start"))].join(""),
        formatRow("本级 alone", report.alone),
        formatRow("含下级 with subtree", report.withSubtree),
        ...report.children.map((child) => formatRow(child.org.name, child.metrics)),
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}

/**
 * `qnzs classify`: the understanding step on JSON Lines, no database. Reads {"id","text","channel"} (optional
 * "author_location") per line on standard input, writes one result line per input line, in order. A bad line
 * gets an error line with its id (or line number) and the rest go on; the exit code is 1 if any line failed.
 */
import { createInterface } from "node:readline";
import { normalizeText } from "@qnzs/core/text/normalize";
import { segmentWords } from "@qnzs/core/text/segment";
import { understandPost } from "@qnzs/core/understand/index";
import type { Command } from "commander";

export interface ClassifyCounts {
  classified: number;
  failed: number;
}

interface ClassifyInput {
  id: string | number;
  text: string;
  channel: string | null;
  authorLocation: string | null;
}

/** Checks one parsed line; returns the problem as a message a user can act on, or the input. */
function readInput(value: unknown): ClassifyInput | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a JSON object";
  const record = value as Record<string, unknown>;
  const { id, text, channel, author_location: authorLocation } = record;
  if (typeof id !== "string" && typeof id !== "number") return 'missing "id" (string or number)';
  if (typeof text !== "string") return 'missing "text" (string)';
  if (channel != null && typeof channel !== "string") return '"channel" must be a string';
  if (authorLocation != null && typeof authorLocation !== "string") return '"author_location" must be a string';
  return { id, text, channel: channel ?? null, authorLocation: authorLocation ?? null };
}

/** Classifies one input line into one output line (a result or an error). */
export function classifyLine(line: string, lineNumber: number): { output: string; ok: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, output: JSON.stringify({ line: lineNumber, error: `invalid JSON: ${message}` }) };
  }
  const input = readInput(parsed);
  if (typeof input === "string") {
    const id = (parsed as { id?: unknown } | null)?.id;
    const where = typeof id === "string" || typeof id === "number" ? { id } : {};
    return { ok: false, output: JSON.stringify({ ...where, line: lineNumber, error: input }) };
  }
  const text = normalizeText(input.text);
  const result = understandPost({
    text,
    channel: input.channel,
    authorLocation: input.authorLocation,
    words: segmentWords(text),
  });
  return {
    ok: true,
    output: JSON.stringify({
      id: input.id,
      is_question: result.isQuestion,
      category: result.category,
      urgent: result.urgent,
      region: result.region,
      city: result.city,
      reasons: result.reasons,
    }),
  };
}

/** Every non-blank line in, one line out, in order. */
export async function classifyStream(
  lines: AsyncIterable<string>,
  write: (line: string) => void,
): Promise<ClassifyCounts> {
  const counts: ClassifyCounts = { classified: 0, failed: 0 };
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    const { output, ok } = classifyLine(line, lineNumber);
    write(`${output}\n`);
    if (ok) counts.classified++;
    else counts.failed++;
  }
  return counts;
}

export function registerClassify(program: Command): void {
  program
    .command("classify")
    .description(
      '判断帖子是否为求助、分类、是否紧急、所属地区 — reads JSON Lines {"id","text","channel","author_location"?} on stdin, ' +
        "writes one JSON line per input (is_question, category, urgent, region, city, reasons); bad lines get an error line and the rest go on (exit code 1)",
    )
    .action(async () => {
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      const counts = await classifyStream(lines, (line) => process.stdout.write(line));
      if (counts.failed > 0) {
        process.stderr.write(`qnzs classify: ${counts.failed} of ${counts.classified + counts.failed} lines failed\n`);
        process.exitCode = 1;
      }
    });
}

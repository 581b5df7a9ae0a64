/**
 * Turns loose `--option value` pairs (from the CLI or a form) into a config the adapter's zod schema accepts,
 * without knowing any platform: names are camel-cased (`--app-id` → appId, `--selectors.item` → selectors.item),
 * values start as strings and are coerced only where the schema says it wants a number, boolean, array or object.
 */
import type { z } from "zod";

export type LooseOptions = Record<string, unknown>;

export function camelCase(name: string): string {
  return name.replace(/^-+/, "").replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `["--app-id", "wx1", "--flag", "--selectors.item", "ul li"]` → `{appId: "wx1", flag: true, selectors: {item: "ul li"}}` */
export function readOptionArgs(args: readonly string[]): LooseOptions {
  const options: LooseOptions = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) throw new ChannelOptionsError(`多余的参数「${arg}」/ unexpected argument "${arg}"`);
    const eq = arg.indexOf("=");
    let name: string;
    let value: unknown;
    if (eq > 0) {
      name = arg.slice(2, eq);
      value = arg.slice(eq + 1);
    } else {
      name = arg.slice(2);
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) value = true;
      else {
        value = next;
        i += 1;
      }
    }
    addOption(options, name.split(".").map(camelCase), value);
  }
  return options;
}

function addOption(target: LooseOptions, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (!head) return;
  if (rest.length > 0) {
    const child = target[head];
    const nested = child && typeof child === "object" && !Array.isArray(child) ? (child as LooseOptions) : {};
    target[head] = nested;
    addOption(nested, rest, value);
    return;
  }
  const existing = target[head];
  // a repeated flag collects its values
  if (existing === undefined) target[head] = value;
  else target[head] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

export class ChannelOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChannelOptionsError";
  }
}

/** Validates `options` with the schema, coercing strings where the schema expects another type. */
export function parseChannelOptions<T>(schema: z.ZodType<T>, options: LooseOptions): T {
  let value: unknown = structuredClone(options);
  for (let round = 0; round < 20; round += 1) {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    let changed = false;
    for (const issue of parsed.error.issues) {
      if (issue.code !== "invalid_type") continue;
      const current = readAt(value, issue.path);
      const coerced = coerce(current, issue.expected);
      if (coerced === undefined) continue;
      value = writeAt(value, issue.path, coerced);
      changed = true;
    }
    if (!changed) throw new ChannelOptionsError(describeIssues(parsed.error.issues));
  }
  throw new ChannelOptionsError("配置无法通过校验 / config does not validate");
}

function coerce(current: unknown, expected: string): unknown {
  if (typeof current !== "string") {
    // a single value where a list is wanted
    if (expected === "array" && current !== undefined && !Array.isArray(current)) return [current];
    return undefined;
  }
  const text = current.trim();
  switch (expected) {
    case "number":
    case "int": {
      const number = Number(text);
      return text !== "" && Number.isFinite(number) ? number : undefined;
    }
    case "boolean":
      return text === "true" ? true : text === "false" ? false : undefined;
    case "array":
      if (text.startsWith("[")) return tryJson(text);
      return text.split(",").map((part) => part.trim());
    case "object":
    case "record":
      return text.startsWith("{") ? tryJson(text) : undefined;
    default:
      return undefined;
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function writeAt(value: unknown, path: readonly PropertyKey[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const container = (value ?? {}) as Record<PropertyKey, unknown>;
  container[head as PropertyKey] = writeAt(container[head as PropertyKey], rest, replacement);
  return container;
}

/** Field paths and zod's messages; never the values, which may be secrets. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map(
      (issue) =>
        `--${issue.path.map((part) => String(part).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(".") || "config"}: ${issue.message}`,
    )
    .join("; ");
}

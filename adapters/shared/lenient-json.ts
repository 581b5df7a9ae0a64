/**
 * JSON from platforms that misbehave. WeChat has sent raw control characters inside strings, and int64 ids
 * (WeChat MsgId, publish_id, Weibo `id`) exceed 2^53, where JSON.parse would silently round them.
 */

/** Thrown when the text is not JSON even after cleaning (truncated, HTML, empty). */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly text: string,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

/**
 * Parses JSON after escaping raw newlines/tabs inside strings, dropping other control characters, and turning
 * integer literals beyond Number.MAX_SAFE_INTEGER into exact decimal strings.
 */
export function parseLenientJson(text: string): unknown {
  const cleaned = cleanJsonText(text.replace(/^\uFEFF/, ""));
  try {
    return JSON.parse(cleaned);
  } catch (error) {
    throw new JsonSyntaxError(error instanceof Error ? error.message : String(error), text);
  }
}

/** True when the text starts like JSON but does not close: a cut connection rather than a wrong content type. */
export function looksTruncatedJson(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return false;
  try {
    JSON.parse(cleanJsonText(trimmed));
    return false;
  } catch {
    return true;
  }
}

const NUMBER_START = /[-0-9]/;
const NUMBER_TOKEN = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

function cleanJsonText(text: string): string {
  let out = "";
  let inString = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    if (inString) {
      if (ch === "\\") {
        out += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      if (code < 0x20 || code === 0x7f) {
        // a raw control character inside a string is invalid JSON: keep the common ones escaped, drop the rest
        if (ch === "\n") out += "\\n";
        else if (ch === "\r") out += "\\r";
        else if (ch === "\t") out += "\\t";
      } else {
        out += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i += 1;
      continue;
    }
    if ((code < 0x20 && ch !== "\n" && ch !== "\r" && ch !== "\t") || code === 0x7f) {
      i += 1;
      continue;
    }
    if (NUMBER_START.test(ch)) {
      const token = NUMBER_TOKEN.exec(text.slice(i, i + 64))?.[0];
      if (token) {
        const isUnsafeInteger = /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token));
        out += isUnsafeInteger ? `"${token}"` : token;
        i += token.length;
        continue;
      }
    }
    out += ch;
    i += 1;
  }
  return out;
}

/**
 * Structured logs for background work. Secrets never reach a log line: nothing logs a config, and the usual secret
 * field names are redacted anyway in case one slips into an error object.
 */
import pino, { type Logger } from "pino";

export type { Logger } from "pino";

const REDACTED = [
  "*.appSecret",
  "*.accessToken",
  "*.token",
  "*.encodingAesKey",
  "*.secret",
  "*.secrets",
  "*.password",
  "config",
  "*.config",
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.QNZS_LOG_LEVEL ?? "info",
      base: { service: "qnzs" },
      redact: { paths: REDACTED, censor: "[secret]" },
    },
    options.destination ?? process.stderr,
  );
}

/** For library callers and tests that want no output. */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}

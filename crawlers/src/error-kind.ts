/**
 * What went wrong in a run, as one word the console and `channel list` show. The adapter contract's errors map
 * onto themselves; the rest are the crawler's own.
 */
import { BadPayload, ChannelError, RateLimited } from "@qnzs/adapters/contract";

export type CrawlErrorKind =
  | "rate_limited"
  | "auth_expired"
  | "transient"
  | "permanent"
  | "bad_payload"
  /** the stored config does not satisfy the adapter's schema, or the kind cannot be pulled */
  | "config"
  /** another worker took the account over (our lease ran out): this run's last batch was not stored */
  | "lease_lost"
  /** the process is stopping */
  | "aborted"
  /** a bug or a database failure: nothing the platform did */
  | "internal";

/** A run could not start or go on for a reason of ours, not the platform's. */
export class CrawlError extends Error {
  constructor(
    readonly kind: CrawlErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "CrawlError";
  }
}

export function errorKindOf(error: unknown): CrawlErrorKind {
  if (error instanceof ChannelError) return error.kind;
  if (error instanceof CrawlError) return error.kind;
  if (error instanceof Error && error.name === "AbortError") return "aborted";
  return "internal";
}

/** Worth another try within the same run. */
export function isRetryable(error: unknown): boolean {
  const kind = errorKindOf(error);
  // a truncated page is usually a flaky proxy: the same request often comes back whole
  return kind === "transient" || kind === "rate_limited" || kind === "bad_payload";
}

export function retryHintOf(error: unknown): number | null {
  return error instanceof RateLimited ? error.retryAfterMs : null;
}

export function rawOf(error: unknown): unknown {
  return error instanceof BadPayload ? error.raw : undefined;
}

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

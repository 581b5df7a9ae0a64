import type { Platform } from "./platform.ts";

/** What `POST /_sim/push` did. */
export interface PushReport {
  platform: Platform;
  /** keys of the items the hub acknowledged (MsgId, event key, event_id) */
  delivered: string[];
  /** items that went unacknowledged or out malformed; they stay queued for the next push */
  failed: { id: string; attempts: number; error: string | null }[];
  /** HTTP requests made, retries included */
  attempts: number;
  /** items still queued */
  remaining: number;
}

import { z } from "zod";
import type { Platform } from "./platform.ts";

export const FAULT_NAMES = [
  "token_expired",
  "rate_limit",
  "server_error",
  "slow",
  "malformed",
  "charset_mislabel",
  "duplicate_delivery",
  "waf",
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Which faults make sense where: push-only Weibang has no API to expire or rate-limit. */
export const SUPPORTED_FAULTS: Record<Platform, readonly FaultName[]> = {
  weibo: [
    "token_expired",
    "rate_limit",
    "server_error",
    "slow",
    "malformed",
    "charset_mislabel",
    "duplicate_delivery",
    "waf",
  ],
  wechat: [
    "token_expired",
    "rate_limit",
    "server_error",
    "slow",
    "malformed",
    "charset_mislabel",
    "duplicate_delivery",
  ],
  weibang: ["slow", "malformed", "duplicate_delivery"],
  h5: ["rate_limit", "server_error", "slow", "malformed", "charset_mislabel", "duplicate_delivery", "waf"],
  rss: ["rate_limit", "server_error", "slow", "malformed", "charset_mislabel", "duplicate_delivery", "waf"],
};

export const FaultOptionsSchema = z
  .object({
    /** slow: delay in ms (default 3000) */
    ms: z.number().int().min(0).max(600_000).optional(),
    /**
     * malformed: which breakage. Weibo: truncated (default), string_error_code, user_null; WeChat API: truncated
     * (default), control_char; WeChat push: xml (default), signature, padding, appid; Weibang: json (default),
     * signature, timestamp; portals and feeds: truncated.
     */
    variant: z.string().optional(),
    /** rate_limit on Weibo: 10023 (default), 10024 or 10022; on WeChat: 45009 (default) or 45011 */
    code: z.number().int().optional(),
    /** fire only for the next N matching requests or deliveries, then switch off */
    times: z.number().int().min(1).optional(),
  })
  .strict();
export type FaultOptions = z.infer<typeof FaultOptionsSchema>;

export const FaultSwitchSchema = z.object({
  platform: z.string(),
  fault: z.enum(FAULT_NAMES),
  enabled: z.boolean(),
  options: FaultOptionsSchema.optional(),
});

export interface ActiveFault {
  platform: Platform;
  fault: FaultName;
  options: FaultOptions;
  /** how many times it has fired */
  fired: number;
}

/** The faults switched on, per platform. */
export class FaultBoard {
  private readonly active = new Map<string, ActiveFault>();

  set(platform: Platform, fault: FaultName, enabled: boolean, options: FaultOptions = {}): void {
    const key = `${platform}:${fault}`;
    if (enabled) this.active.set(key, { platform, fault, options, fired: 0 });
    else this.active.delete(key);
  }

  isOn(platform: Platform, fault: FaultName): boolean {
    return this.active.has(`${platform}:${fault}`);
  }

  /** The fault's options when it is on, without counting a firing. */
  peek(platform: Platform, fault: FaultName): FaultOptions | null {
    return this.active.get(`${platform}:${fault}`)?.options ?? null;
  }

  /** The fault's options when it is on, counting one firing (a `times`-limited fault switches itself off). */
  fire(platform: Platform, fault: FaultName): FaultOptions | null {
    const key = `${platform}:${fault}`;
    const entry = this.active.get(key);
    if (!entry) return null;
    entry.fired++;
    if (entry.options.times !== undefined && entry.fired >= entry.options.times) this.active.delete(key);
    return entry.options;
  }

  list(): ActiveFault[] {
    return [...this.active.values()];
  }

  clear(): void {
    this.active.clear();
  }
}

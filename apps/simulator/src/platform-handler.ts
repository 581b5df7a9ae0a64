import type { FaultName, FaultOptions } from "./faults.ts";
import type { SimReply, SimRequest } from "./http-kit.ts";
import type { Platform } from "./platform.ts";
import type { SimState } from "./state.ts";

/** One platform's routes under its path prefix, and how its faults look on the wire. */
export interface PlatformHandler {
  platform: Platform;
  /** path prefixes this handler serves, e.g. `/weibo`; `request.path` is what follows the prefix */
  prefixes: readonly string[];
  handle(request: SimRequest, state: SimState): SimReply | Promise<SimReply>;
  /**
   * The reply for a fault that short-circuits the request (token_expired, rate_limit), or null when the fault does
   * not apply to this route. server_error and waf have generic replies in the server.
   */
  faultReply?(fault: FaultName, options: FaultOptions, request: SimRequest, state: SimState): SimReply | null;
  /** A broken version of a good reply, for the `malformed` fault. */
  malform?(reply: SimReply, options: FaultOptions, request: SimRequest): SimReply;
  /** The reply with a lying charset, for the `charset_mislabel` fault. */
  mislabel?(reply: SimReply): SimReply;
}

/** The first half of a body: truncated JSON, XML or HTML. */
export function truncateReply(reply: SimReply): SimReply {
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  return { ...reply, body: body.subarray(0, Math.max(1, Math.floor(body.length / 2))) };
}

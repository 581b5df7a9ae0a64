import { z } from "zod";
import { FaultSwitchSchema, SUPPORTED_FAULTS } from "./faults.ts";
import { jsonBody, jsonReply, notFound, type SimReply, type SimRequest } from "./http-kit.ts";
import { isPlatform, type Platform } from "./platform.ts";
import { pushWechat } from "./platforms/wechat-push.ts";
import { pushWeibang } from "./platforms/weibang.ts";
import { produceItems } from "./producer.ts";
import { resetState, type SimState } from "./state.ts";

/** `/_sim/...`: credentials, push config and pushes, faults, stats, the publish record, reset, clock. */

const ConfigSchema = z
  .object({
    wechat: z
      .object({
        callbackUrl: z.url().nullable(),
        mode: z.enum(["plaintext", "compat", "aes"]),
        timeoutMs: z.number().int().min(1),
        retries: z.number().int().min(0).max(10),
      })
      .partial()
      .strict()
      .optional(),
    weibang: z
      .object({
        callbackUrl: z.url().nullable(),
        timeoutMs: z.number().int().min(1),
        retries: z.number().int().min(0).max(10),
        retryDelayMs: z.number().int().min(0),
      })
      .partial()
      .strict()
      .optional(),
    weibo: z
      .object({ hourlyLimit: z.number().int().min(1), safeDomains: z.array(z.string().min(1)) })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

const PushSchema = z.object({
  platform: z.enum(["wechat", "weibang"]),
  /** default: everything queued */
  count: z.number().int().min(0).optional(),
  /** false: answer 202 at once and deliver in the background */
  wait: z.boolean().optional(),
});

const GenerateSchema = z.object({
  count: z.number().int().min(1).max(1000).default(1),
  platform: z.string().optional(),
});

const ClockSchema = z.object({ advanceMs: z.number().int() });

function badRequest(message: string, detail?: unknown): SimReply {
  return jsonReply(400, { error: message, detail });
}

function parse<T>(schema: z.ZodType<T>, request: SimRequest): T | SimReply {
  const body = request.body.length === 0 ? {} : jsonBody(request);
  if (body === undefined) return badRequest("body must be JSON");
  const parsed = schema.safeParse(body);
  return parsed.success ? parsed.data : badRequest("invalid body", z.treeifyError(parsed.error));
}

function isReply(value: unknown): value is SimReply {
  return typeof value === "object" && value !== null && "status" in value && "body" in value && "headers" in value;
}

export function accounts(state: SimState): Record<string, unknown> {
  const base = state.baseUrl;
  const { store, validToken, expiredToken, revokedToken } = state.weibo;
  const wechat = state.wechat;
  return {
    weibo: {
      apiBase: `${base}/weibo`,
      appKey: store.appKey,
      appSecret: store.appSecret,
      accessToken: validToken,
      uid: String(store.me.id),
      screenName: store.me.screenName,
      authorizeUrl: `${base}/weibo/oauth2/authorize`,
      expiredToken,
      revokedToken,
      safeDomains: state.config.weibo.safeDomains,
    },
    wechat: {
      apiBase: `${base}/wechat`,
      appId: wechat.appId,
      appSecret: wechat.appSecret,
      token: wechat.token,
      encodingAesKey: wechat.encodingAesKey,
      originalId: wechat.originalId,
      thumbMediaId: wechat.thumbMediaId,
    },
    weibang: { secret: state.weibang.secret, orgId: state.weibang.org.id, orgName: state.weibang.org.name },
    h5: { portalA: `${base}/portal-a/index.htm`, portalB: `${base}/portal-b/index.html` },
    rss: {
      rss2: `${base}/rss/rss2.xml`,
      atom: `${base}/rss/atom.xml`,
      rdf: `${base}/rss/rdf.xml`,
      gbk: `${base}/rss/gbk.xml`,
    },
  };
}

function applyConfig(state: SimState, request: SimRequest): SimReply {
  const input = parse(ConfigSchema, request);
  if (isReply(input)) return input;
  Object.assign(state.config.wechat, input.wechat ?? {});
  Object.assign(state.config.weibang, input.weibang ?? {});
  Object.assign(state.config.weibo, input.weibo ?? {});
  return jsonReply(200, state.config);
}

async function push(state: SimState, request: SimRequest): Promise<SimReply> {
  const input = parse(PushSchema, request);
  if (isReply(input)) return input;
  const queued = input.platform === "wechat" ? state.wechat.pending.length : state.weibang.pending.length;
  const count = input.count ?? queued;
  const callback = input.platform === "wechat" ? state.config.wechat.callbackUrl : state.config.weibang.callbackUrl;
  if (!callback) return jsonReply(409, { error: `no ${input.platform} callbackUrl: POST /_sim/config first` });
  const run = input.platform === "wechat" ? pushWechat(state, count) : pushWeibang(state, count);
  if (input.wait === false) {
    run.catch(() => undefined);
    return jsonReply(202, { platform: input.platform, queued: Math.min(count, queued) });
  }
  return jsonReply(200, await run);
}

function platformOf(name: string): Platform | null {
  if (name === "portal" || name === "portals" || name === "portal-a" || name === "portal-b") return "h5";
  if (name === "feeds" || name === "feed") return "rss";
  return isPlatform(name) ? name : null;
}

function listFaults(state: SimState): SimReply {
  return jsonReply(200, { active: state.faults.list(), supported: SUPPORTED_FAULTS });
}

/** One switch `{platform, fault, enabled, options?}` or a list of them. */
function switchFaults(state: SimState, request: SimRequest): SimReply {
  const input = parse(z.union([FaultSwitchSchema, z.array(FaultSwitchSchema)]), request);
  if (isReply(input)) return input;
  const switches = Array.isArray(input) ? input : [input];
  for (const s of switches) {
    const platform = platformOf(s.platform);
    if (!platform) return badRequest(`unknown platform ${s.platform}`, { platforms: Object.keys(SUPPORTED_FAULTS) });
    if (!SUPPORTED_FAULTS[platform].includes(s.fault)) {
      return badRequest(`${s.fault} does not apply to ${platform}`, { supported: SUPPORTED_FAULTS[platform] });
    }
  }
  for (const s of switches) state.faults.set(platformOf(s.platform) as Platform, s.fault, s.enabled, s.options);
  return listFaults(state);
}

function generate(state: SimState, request: SimRequest): SimReply {
  const input = parse(GenerateSchema, request);
  if (isReply(input)) return input;
  const platform = input.platform === undefined ? undefined : platformOf(input.platform);
  if (platform === null) return badRequest(`unknown platform ${input.platform}`);
  return jsonReply(200, { produced: produceItems(state, input.count, platform) });
}

function clock(state: SimState, request: SimRequest): SimReply {
  if (request.method === "POST") {
    const input = parse(ClockSchema, request);
    if (isReply(input)) return input;
    state.clock.advance(input.advanceMs);
  }
  return jsonReply(200, { now: state.clock.now().toISOString() });
}

const ENDPOINTS = {
  "GET /_sim/accounts": "credentials the simulator accepts, and the portal and feed URLs",
  "GET|POST /_sim/config":
    "where and how to push: {wechat:{callbackUrl,mode,timeoutMs,retries}, weibang:{callbackUrl,retryDelayMs,…}, weibo:{hourlyLimit,safeDomains}}",
  "POST /_sim/push": '{"platform":"wechat"|"weibang","count":N} delivers the next N queued messages',
  "GET|POST|DELETE /_sim/faults": '{"platform","fault","enabled","options"?} switches a fault; DELETE clears all',
  "GET /_sim/stats": "distinct items served per platform, with per-endpoint detail",
  "GET /_sim/record": "everything published to the simulator, in order",
  "POST /_sim/reset": "back to the seeded state (push config stays)",
  "POST /_sim/generate": '{"count":N,"platform"?} adds new posts now',
  "GET|POST /_sim/clock": '{"advanceMs":N} moves the simulator clock',
};

export async function handleControl(state: SimState, request: SimRequest): Promise<SimReply> {
  const route = `${request.method} ${request.path}`;
  switch (route) {
    case "GET /":
    case "GET /_sim":
    case "GET /_sim/":
      return jsonReply(200, {
        simulator: "青年之声 channel simulator",
        endpoints: ENDPOINTS,
        accounts: accounts(state),
      });
    case "GET /_sim/accounts":
      return jsonReply(200, accounts(state));
    case "GET /_sim/config":
      return jsonReply(200, state.config);
    case "POST /_sim/config":
      return applyConfig(state, request);
    case "POST /_sim/push":
      return push(state, request);
    case "GET /_sim/faults":
      return listFaults(state);
    case "POST /_sim/faults":
      return switchFaults(state, request);
    case "DELETE /_sim/faults":
      state.faults.clear();
      return listFaults(state);
    case "GET /_sim/stats":
      return jsonReply(200, state.stats.report());
    case "GET /_sim/record":
      return jsonReply(200, state.record.list());
    case "POST /_sim/reset":
      resetState(state);
      return jsonReply(200, { reset: true });
    case "POST /_sim/generate":
      return generate(state, request);
    case "GET /_sim/clock":
    case "POST /_sim/clock":
      return clock(state, request);
    default:
      return notFound();
  }
}

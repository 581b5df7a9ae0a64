import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleControl } from "./control.ts";
import { htmlReply, readBody, type SimReply, type SimRequest } from "./http-kit.ts";
import { type PlatformHandler, truncateReply } from "./platform-handler.ts";
import { feedsHandler } from "./platforms/feeds.ts";
import { portalsHandler } from "./platforms/portals.ts";
import { wechatHandler } from "./platforms/wechat.ts";
import { weiboHandler } from "./platforms/weibo.ts";
import { delay } from "./push-delivery.ts";
import type { SimState } from "./state.ts";

/** Routing by path prefix, the faults around each platform handler, and stats once a reply is out. */

const HANDLERS: readonly PlatformHandler[] = [weiboHandler, wechatHandler, portalsHandler, feedsHandler];

function findHandler(path: string): { handler: PlatformHandler; prefix: string } | null {
  for (const handler of HANDLERS) {
    for (const prefix of handler.prefixes) {
      if (path === prefix || path.startsWith(`${prefix}/`)) return { handler, prefix };
    }
  }
  return null;
}

function badGatewayPage(): SimReply {
  return htmlReply(
    502,
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
  );
}

/** A 瑞数 (Ruishu)-style WAF answer: 412 and a page that only a browser running its script gets past. */
function wafPage(state: SimState): SimReply {
  const r = state.random;
  const reply = htmlReply(
    412,
    `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta http-equiv="Cache-Control" content="no-cache, no-store"></head><body><script type="text/javascript" r="m">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=${r.int(10000, 99999)};$_ts.cd="${r.alnum(120)}";</script><script type="text/javascript" charset="utf-8" src="/${r.alnum(12)}/c.FxJzG50cS.${r.hex(7)}.js" r="m"></script></body></html>`,
  );
  reply.headers["set-cookie"] = `${r.alnum(18)}O=${r.alnum(60)}; Path=/; HttpOnly`;
  return reply;
}

interface FaultedReply {
  reply: SimReply;
  /** a fault replaced or broke the reply: its items were not really handed over */
  altered: boolean;
}

async function runWithFaults(state: SimState, handler: PlatformHandler, request: SimRequest): Promise<FaultedReply> {
  const platform = handler.platform;
  const faults = state.faults;
  const slow = faults.fire(platform, "slow");
  if (slow) await delay(slow.ms ?? 3000, state.lifecycle.signal);
  if (faults.fire(platform, "waf")) return { reply: wafPage(state), altered: true };
  if (faults.fire(platform, "server_error")) return { reply: badGatewayPage(), altered: true };
  for (const fault of ["token_expired", "rate_limit"] as const) {
    const options = faults.peek(platform, fault);
    const reply = options && handler.faultReply?.(fault, options, request, state);
    if (reply) {
      faults.fire(platform, fault);
      return { reply, altered: true };
    }
  }
  let reply = await handler.handle(request, state);
  let altered = false;
  // Only good replies get broken: an error stays readable.
  if (reply.status < 400) {
    const malformed = faults.fire(platform, "malformed");
    if (malformed) {
      reply = handler.malform ? handler.malform(reply, malformed, request) : truncateReply(reply);
      altered = true;
    }
  }
  if (handler.mislabel && faults.fire(platform, "charset_mislabel")) reply = handler.mislabel(reply);
  return { reply, altered };
}

function writeReply(response: ServerResponse, reply: SimReply): Promise<boolean> {
  return new Promise((resolve) => {
    if (response.destroyed) {
      resolve(false);
      return;
    }
    const body = typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : reply.body;
    response.on("finish", () => resolve(true));
    response.on("close", () => resolve(response.writableFinished));
    response.writeHead(reply.status, { ...reply.headers, "content-length": String(body.length) });
    response.end(body);
  });
}

async function handle(state: SimState, incoming: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(incoming);
  const url = new URL(incoming.url ?? "/", state.baseUrl);
  const method = (incoming.method ?? "GET").toUpperCase();
  const path = url.pathname;
  const match = findHandler(path);
  if (!match) {
    const request: SimRequest = { method, url, path, headers: incoming.headers, body };
    await writeReply(response, await handleControl(state, request));
    return;
  }
  const request: SimRequest = {
    method,
    url,
    path: path.slice(match.prefix.length) || "/",
    headers: incoming.headers,
    body,
  };
  const { reply, altered } = await runWithFaults(state, match.handler, request);
  const written = await writeReply(response, reply);
  const served = reply.served;
  if (!served) return;
  state.stats.countRequests(served.platform, served.endpoint);
  // Items count as served only when the client got them whole.
  if (written && !altered) state.stats.serve(served.platform, served.endpoint, served.keys, served.counted);
}

export function createSimServer(state: SimState): Server {
  return createServer((incoming, response) => {
    handle(state, incoming, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
}

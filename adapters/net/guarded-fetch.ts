/**
 * fetch for URLs an admin configured (portal pages, feeds): refuses internal addresses, resolves DNS and checks
 * every address, and follows redirects by hand so each hop is checked again. An operator may allow a host
 * explicitly (`allowedHosts: ["127.0.0.1:4100"]`), e.g. for the simulator or an intranet portal.
 *
 * Residual risk, accepted: the platform fetch resolves the name again after our check (DNS rebinding between the
 * two lookups). Closing that needs a connect-time hook in the HTTP agent, which the injected ctx.fetch does not give.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Permanent, Transient } from "../contract.ts";
import { isInternalAddress } from "./internal-address.ts";

export type HostLookup = (hostname: string) => Promise<string[]>;

export interface GuardOptions {
  /** "host:port" (exact) or "host" (any port) entries the operator allows even when internal */
  allowedHosts?: readonly string[];
  /** DNS resolution; injectable for tests */
  lookup?: HostLookup;
  maxRedirects?: number;
}

export interface GuardedResponse {
  response: Response;
  /** the URL after redirects: the base for resolving relative links */
  finalUrl: URL;
}

/** The configured URL points at an internal address (or a scheme we never fetch). */
export class BlockedUrlError extends Permanent {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message, "blocked_url");
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const resolveHost: HostLookup = async (hostname) => {
  const records = await dnsLookup(hostname, { all: true, verbatim: true });
  return records.map((record) => record.address);
};

/** Throws BlockedUrlError unless the URL is http(s) and every address it resolves to is public (or allowed). */
export async function assertPublicUrl(url: URL, options: GuardOptions = {}): Promise<void> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BlockedUrlError(`只允许 http/https 地址 / only http(s) URLs are fetched: ${url.href}`, url.href);
  }
  if (isAllowedHost(url, options.allowedHosts ?? [])) return;
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(hostname)) {
    addresses = [hostname];
  } else {
    try {
      addresses = await (options.lookup ?? resolveHost)(hostname);
    } catch (error) {
      throw new Transient(`无法解析域名 ${hostname} / DNS lookup failed: ${describe(error)}`, "dns");
    }
    if (addresses.length === 0) throw new Transient(`域名 ${hostname} 没有地址 / no address for host`, "dns");
  }
  const internal = addresses.find(isInternalAddress);
  if (internal) {
    throw new BlockedUrlError(
      `拒绝访问内网地址 ${url.host}（${internal}），如确需访问请在 allowedHosts 中显式允许 / refused: ${url.host} resolves to internal address ${internal}; add it to allowedHosts to allow it`,
      url.href,
    );
  }
}

/** fetch(url) with the guard applied to the URL and to every redirect target. */
export async function fetchGuarded(
  fetchImpl: typeof fetch,
  url: string | URL,
  init: RequestInit = {},
  options: GuardOptions = {},
): Promise<GuardedResponse> {
  let current = new URL(url);
  let method = init.method ?? "GET";
  let body = init.body;
  const maxRedirects = options.maxRedirects ?? 5;
  for (let hop = 0; ; hop += 1) {
    await assertPublicUrl(current, options);
    const response = await fetchImpl(current, { ...init, method, body, redirect: "manual" });
    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || !location) return { response, finalUrl: current };
    if (hop >= maxRedirects) throw new Transient(`重定向次数过多 / too many redirects from ${url}`, "redirects");
    await response.body?.cancel();
    current = new URL(location, current);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
    }
  }
}

function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allowedHosts.some((entry) => {
    const allowed = entry.trim().toLowerCase();
    if (!allowed) return false;
    if (allowed === host || allowed === `${hostname}:${port}`) return true;
    // an entry without a port allows the host on any port
    return !/:\d+$/.test(allowed) && allowed === hostname;
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

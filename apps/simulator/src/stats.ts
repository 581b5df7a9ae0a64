import { PLATFORMS, type Platform } from "./platform.ts";

export interface EndpointStats {
  requests: number;
  /** distinct items this endpoint served */
  items: number;
  /** whether its items count toward the platform total */
  counted: boolean;
}

export interface StatsReport {
  weibo: number;
  wechat: number;
  weibang: number;
  h5: number;
  rss: number;
  detail: Record<Platform, Record<string, EndpointStats>>;
}

interface EndpointTally {
  requests: number;
  keys: Set<string>;
  counted: boolean;
}

/**
 * Distinct items served per platform. An item counts once however often it is served, so a crawl that ingests
 * everything it was given matches the total exactly.
 */
export class ServedStats {
  private readonly totals = new Map<Platform, Set<string>>();
  private readonly endpoints = new Map<Platform, Map<string, EndpointTally>>();

  /** Requests that reached an endpoint (or push attempts made), whatever came of them. */
  countRequests(platform: Platform, endpoint: string, n = 1): void {
    this.tally(platform, endpoint).requests += n;
  }

  /** Items a reply (or push delivery) actually handed over. */
  serve(platform: Platform, endpoint: string, keys: readonly string[], counted = true): void {
    const tally = this.tally(platform, endpoint);
    tally.counted = counted;
    for (const key of keys) tally.keys.add(key);
    if (!counted) return;
    let total = this.totals.get(platform);
    if (!total) {
      total = new Set();
      this.totals.set(platform, total);
    }
    for (const key of keys) total.add(key);
  }

  report(): StatsReport {
    const detail = Object.fromEntries(PLATFORMS.map((p) => [p, {}])) as Record<Platform, Record<string, EndpointStats>>;
    for (const [platform, endpoints] of this.endpoints) {
      for (const [endpoint, tally] of endpoints) {
        detail[platform][endpoint] = { requests: tally.requests, items: tally.keys.size, counted: tally.counted };
      }
    }
    const count = (p: Platform): number => this.totals.get(p)?.size ?? 0;
    return {
      weibo: count("weibo"),
      wechat: count("wechat"),
      weibang: count("weibang"),
      h5: count("h5"),
      rss: count("rss"),
      detail,
    };
  }

  private tally(platform: Platform, endpoint: string): EndpointTally {
    let byEndpoint = this.endpoints.get(platform);
    if (!byEndpoint) {
      byEndpoint = new Map();
      this.endpoints.set(platform, byEndpoint);
    }
    let tally = byEndpoint.get(endpoint);
    if (!tally) {
      tally = { requests: 0, keys: new Set(), counted: true };
      byEndpoint.set(endpoint, tally);
    }
    return tally;
  }
}

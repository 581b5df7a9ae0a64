/**
 * The channel registry. Adding a channel is one folder under adapters/ and one line here.
 */
import type { ChannelAdapter } from "./contract.ts";
import { h5 } from "./h5/index.ts";
import { rss } from "./rss/index.ts";
import { wechat } from "./wechat/index.ts";
import { weibang } from "./weibang/index.ts";
import { weibo } from "./weibo/index.ts";

export * from "./contract.ts";
export { createMemoryCache } from "./shared/memory-cache.ts";

export const adapters = {
  weibo,
  wechat,
  weibang,
  h5,
  rss,
} as const;

export type ChannelKind = keyof typeof adapters;
export const channelKinds = Object.keys(adapters) as ChannelKind[];

/** configs differ per adapter: a caller parses one with `adapter.config` and hands the result back unchanged */
export type AnyChannelAdapter = ChannelAdapter<Record<string, unknown>>;

export function isChannelKind(kind: string): kind is ChannelKind {
  return Object.hasOwn(adapters, kind);
}

export function getAdapter<K extends ChannelKind>(kind: K): (typeof adapters)[K];
export function getAdapter(kind: string): AnyChannelAdapter;
export function getAdapter(kind: string): AnyChannelAdapter {
  if (!isChannelKind(kind)) {
    throw new Error(`未知的渠道类型「${kind}」，可用：${channelKinds.join(", ")} / unknown channel kind "${kind}"`);
  }
  return adapters[kind];
}

export function listAdapters(): Array<{
  kind: ChannelKind;
  meta: ChannelAdapter["meta"];
  capabilities: ChannelAdapter["capabilities"];
}> {
  return channelKinds.map((kind) => ({ kind, meta: adapters[kind].meta, capabilities: adapters[kind].capabilities }));
}

/** Weibo counts length in 汉字: one CJK character is 1, two ASCII characters are 1. */
export function weiboLength(text: string): number {
  let halves = 0;
  for (const char of text) halves += (char.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
  return Math.ceil(halves / 2);
}

export const WEIBO_MAX_LENGTH = 140;

/** Hosts of the http(s) links in a text. */
export function linkHosts(text: string): string[] {
  return [...text.matchAll(/https?:\/\/([^/\s:?#]+)/gi)].map((m) => (m[1] ?? "").toLowerCase());
}

export function isSafeHost(host: string, safeDomains: readonly string[]): boolean {
  return safeDomains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The platforms the simulator stands in for, keyed as in `/_sim/stats`. */
export const PLATFORMS = ["weibo", "wechat", "weibang", "h5", "rss"] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}

/** Durations and relative times for people: "3分钟前", "5分钟后", "2小时3分". */

export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds}秒`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}小时${minutes % 60 ? `${minutes % 60}分` : ""}`;
  return `${Math.floor(hours / 24)}天`;
}

export function formatAgo(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  return delta > 0 ? `${formatDuration(delta)}后` : `${formatDuration(delta)}前`;
}

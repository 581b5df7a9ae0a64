/** Times as people in China read them: Beijing time, 24-hour clock. */
const DATE_TIME = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? "—" : DATE_TIME.format(date);
}

/** A duration in the largest unit that reads naturally: 刚刚, 12 分钟, 3 小时, 2 天. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "不到 1 分钟";
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} 小时`;
  return `${Math.round(hours / 24)} 天`;
}

/** Hours as a due time reads: 25 分钟 under an hour, 5 小时 up to three days, then 4 天 3 小时. */
function formatDueSpan(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${Math.max(minutes, 1)} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 72) return `${hours} 小时`;
  const rest = hours % 24;
  return rest === 0 ? `${hours / 24} 天` : `${Math.floor(hours / 24)} 天 ${rest} 小时`;
}

/** Time left until a deadline (剩余 5 小时), or how long it is overdue (已超期 3 小时). */
export function formatDue(dueAt: Date | null, now: Date): { text: string; overdue: boolean } {
  if (!dueAt) return { text: "—", overdue: false };
  const left = dueAt.getTime() - now.getTime();
  return left >= 0
    ? { text: `剩余 ${formatDueSpan(left)}`, overdue: false }
    : { text: `已超期 ${formatDueSpan(-left)}`, overdue: true };
}

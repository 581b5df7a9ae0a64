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

/** Time left until a deadline (negative: overdue by). */
export function formatDue(dueAt: Date | null, now: Date): { text: string; overdue: boolean } {
  if (!dueAt) return { text: "—", overdue: false };
  const left = dueAt.getTime() - now.getTime();
  return left >= 0
    ? { text: `剩余 ${formatDuration(left)}`, overdue: false }
    : { text: `超期 ${formatDuration(-left)}`, overdue: true };
}

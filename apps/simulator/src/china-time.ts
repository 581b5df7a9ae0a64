/** Date formats the Chinese platforms use; every one of them is in Beijing time (+08:00). */
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

interface BeijingParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

function splitBeijing(date: Date): BeijingParts {
  const t = new Date(date.getTime() + BEIJING_OFFSET_MS);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
    weekday: t.getUTCDay(),
  };
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** Weibo v2: `Tue May 31 17:46:55 +0800 2011` */
export function formatWeiboDate(date: Date): string {
  const p = splitBeijing(date);
  return `${DAYS[p.weekday]} ${MONTHS[p.month - 1]} ${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} +0800 ${p.year}`;
}

/** RSS 2.0 pubDate (RFC 822): `Mon, 12 May 2025 10:22:00 +0800` */
export function formatRfc822(date: Date): string {
  const p = splitBeijing(date);
  return `${DAYS[p.weekday]}, ${pad(p.day)} ${MONTHS[p.month - 1]} ${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} +0800`;
}

/** ISO 8601 with the +08:00 offset: `2025-05-12T10:22:00+08:00` */
export function formatIsoBeijing(date: Date): string {
  const p = splitBeijing(date);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+08:00`;
}

/** `2025-05-12` */
export function formatYmd(date: Date): string {
  const p = splitBeijing(date);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `2025年05月12日` */
export function formatYmdChinese(date: Date): string {
  const p = splitBeijing(date);
  return `${p.year}年${pad(p.month)}月${pad(p.day)}日`;
}

/** `2025-05-12 10:22:00` */
export function formatYmdHms(date: Date): string {
  const p = splitBeijing(date);
  return `${formatYmd(date)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `202505` and `20250512`, as in TRS article paths */
export function formatTrsParts(date: Date): { month: string; day: string } {
  const p = splitBeijing(date);
  return { month: `${p.year}${pad(p.month)}`, day: `${p.year}${pad(p.month)}${pad(p.day)}` };
}

/** `2025-05-12 10:00:00`, the top of the current hour, for Weibo's rate-limit reset time */
export function formatNextHour(date: Date): string {
  const next = new Date(Math.floor(date.getTime() / 3600_000) * 3600_000 + 3600_000);
  const p = splitBeijing(next);
  return `${formatYmd(next)} ${pad(p.hour)}:00:00`;
}

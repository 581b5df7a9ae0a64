/**
 * Dates as Chinese sites print them. They carry no zone and mean Beijing time (UTC+8, no daylight saving),
 * so they are parsed explicitly instead of trusting the server's local zone.
 */

export interface DateContext {
  /** the year to use when the text has none (e.g. "[01-15]"), typically taken from the article URL */
  year?: number | null;
  /** "now": a yearless date that would land more than a day after it belongs to the previous year */
  reference?: Date | null;
}

const FULL_DATE =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/;
const SHORT_DATE = /(?<!\d)(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?!\d)/;
const COMPACT_DATE = /(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)/;
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** "2024-01-15", "2024/1/15 10:22", "2024年01月15日", "[01-15]" → "2024-01-15T00:00:00+08:00", or null. */
export function parseChinaDate(text: string, context: DateContext = {}): string | null {
  const full = FULL_DATE.exec(text);
  if (full) {
    return buildBeijingIso(
      Number(full[1]),
      Number(full[2]),
      Number(full[3]),
      Number(full[4] ?? 0),
      Number(full[5] ?? 0),
      Number(full[6] ?? 0),
    );
  }
  const short = SHORT_DATE.exec(text);
  if (!short) return null;
  const month = Number(short[1]);
  const day = Number(short[2]);
  const hour = Number(short[3] ?? 0);
  const minute = Number(short[4] ?? 0);
  const second = Number(short[5] ?? 0);
  if (context.year) return buildBeijingIso(context.year, month, day, hour, minute, second);
  const reference = context.reference ?? new Date();
  const referenceYear = new Date(reference.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
  const sameYear = buildBeijingIso(referenceYear, month, day, hour, minute, second);
  if (sameYear && Date.parse(sameYear) > reference.getTime() + 24 * 3600 * 1000) {
    return buildBeijingIso(referenceYear - 1, month, day, hour, minute, second);
  }
  return sameYear;
}

/** The yyyymmdd a TRS article URL carries (".../202401/t20240115_12345.htm"), as a Beijing date. */
export function parseDateFromUrl(url: string): string | null {
  const trs = /\/t(\d{4})(\d{2})(\d{2})_/.exec(url);
  const match = trs ?? COMPACT_DATE.exec(url);
  if (!match) return null;
  return buildBeijingIso(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0);
}

/** Feed dates: RFC 822 / ISO 8601 with a zone are exact; zoneless text is read as Beijing time. */
export function parseFeedDate(text: string | null | undefined, reference?: Date): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  const hasZone = /(?:[+-]\d{2}:?\d{2}|Z|GMT|UTC|[ECMP][SD]T)\s*$/i.test(trimmed);
  if (hasZone) {
    const ms = Date.parse(trimmed);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return parseChinaDate(trimmed, { reference: reference ?? null });
}

function buildBeijingIso(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return null; // 02-30 and friends
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
}

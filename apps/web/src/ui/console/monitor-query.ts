/** The monitor's URL query ↔ a search query: what the filter form sends and the page reads back. */
import type { SearchQuery } from "@qnzs/core/search/types";
import { isCategory } from "../labels.ts";

export const PAGE_SIZE = 30;

export interface MonitorParams {
  q: string;
  channel: string;
  /** a channel account's id, as text ("" for all) */
  account: string;
  category: string;
  question: string;
  urgent: boolean;
  region: string;
  from: string;
  to: string;
  /** "newest" (default) or "relevance" */
  order: string;
  offset: number;
}

type RawParams = Record<string, string | string[] | undefined>;

function one(raw: RawParams, name: string): string {
  const value = raw[name];
  return (Array.isArray(value) ? value[0] : value)?.trim().slice(0, 100) ?? "";
}

export function readMonitorParams(raw: RawParams): MonitorParams {
  const offset = Number(one(raw, "offset"));
  return {
    q: one(raw, "q"),
    channel: one(raw, "channel"),
    account: /^\d{1,15}$/.test(one(raw, "account")) ? one(raw, "account") : "",
    category: one(raw, "category"),
    question: one(raw, "question"),
    urgent: one(raw, "urgent") === "1",
    region: one(raw, "region"),
    from: /^\d{4}-\d{2}-\d{2}$/.test(one(raw, "from")) ? one(raw, "from") : "",
    to: /^\d{4}-\d{2}-\d{2}$/.test(one(raw, "to")) ? one(raw, "to") : "",
    order: one(raw, "order") === "relevance" ? "relevance" : "newest",
    offset: Number.isInteger(offset) && offset > 0 && offset < 10_000 ? offset : 0,
  };
}

/** Dates are Beijing days: from 00:00 of `from` to the end of `to`. */
function beijingDay(day: string, endOfDay: boolean): Date {
  return new Date(`${day}T${endOfDay ? "23:59:59.999" : "00:00:00"}+08:00`);
}

export function toSearchQuery(params: MonitorParams): SearchQuery {
  return {
    text: params.q,
    order: params.order === "relevance" ? "relevance" : "newest",
    limit: PAGE_SIZE,
    offset: params.offset,
    filters: {
      foldDuplicates: true,
      ...(params.channel ? { channel: [params.channel] } : {}),
      ...(params.account ? { accountId: [Number(params.account)] } : {}),
      ...(isCategory(params.category) ? { category: [params.category] } : {}),
      ...(params.question === "yes" ? { isQuestion: true } : params.question === "no" ? { isQuestion: false } : {}),
      ...(params.urgent ? { urgent: true } : {}),
      ...(params.region ? { region: params.region } : {}),
      ...(params.from ? { from: beijingDay(params.from, false) } : {}),
      ...(params.to ? { to: beijingDay(params.to, true) } : {}),
    },
  };
}

/** The filters as a URL query (defaults left out), at `offset`. */
export function filterQuery(params: MonitorParams, offset: number): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...params, offset })) {
    if (value === "" || value === false || value === 0 || (name === "order" && value === "newest")) continue;
    query.set(name, value === true ? "1" : String(value));
  }
  return query.toString();
}

/** The same filters on another page of results. */
export function pageHref(params: MonitorParams, offset: number): string {
  return `/console/monitor?${filterQuery(params, offset)}`;
}

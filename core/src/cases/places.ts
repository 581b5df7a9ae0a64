/**
 * Where an asker is, down to the county: the understanding's gazetteer gives province and city (from the text or
 * an address such as an Open311 `address_string`); counties come from the org tree itself — a county the
 * League has a committee for is a county routing can use — by full name (武侯区) or short form (武侯).
 */
import type { Db } from "@qnzs/db";
import { orgs } from "@qnzs/db/schema";
import { isNotNull } from "drizzle-orm";
import { resolveProfileLocation } from "../understand/gazetteer.ts";

export interface CasePlace {
  region: string | null;
  city: string | null;
  county: string | null;
}

interface CountyEntry {
  region: string;
  city: string;
  county: string;
  names: string[];
}

async function loadCounties(db: Db): Promise<CountyEntry[]> {
  const rows = await db
    .selectDistinct({ region: orgs.region, city: orgs.city, county: orgs.county })
    .from(orgs)
    .where(isNotNull(orgs.county));
  return rows
    .filter((row): row is { region: string; city: string; county: string } => Boolean(row.region && row.city))
    .map((row) => {
      const short = row.county.replace(/(区|县|市|旗|自治县)$/, "");
      return { ...row, names: short.length >= 2 && short !== row.county ? [row.county, short] : [row.county] };
    });
}

/**
 * The county named in the text, within the region and city when they are known; the longest name wins. Short
 * forms count only inside a known city: 金牛 alone is as likely a zodiac sign (金牛座) as 成都's 金牛区.
 */
function findCounty(counties: CountyEntry[], text: string, known: CasePlace): CountyEntry | null {
  let best: { entry: CountyEntry; length: number } | null = null;
  for (const entry of counties) {
    if (known.region && entry.region !== known.region) continue;
    if (known.city && entry.city !== known.city) continue;
    const names = known.city ? entry.names : entry.names.slice(0, 1);
    for (const name of names) {
      if (text.includes(name) && (!best || name.length > best.length)) best = { entry, length: name.length };
    }
  }
  return best?.entry ?? null;
}

export interface PlaceHints {
  /** given explicitly (a form's fields); trusted over anything read from text */
  region?: string | null;
  city?: string | null;
  county?: string | null;
  /** an address or place as written: 四川省成都市武侯区科华北路, 成都双流 */
  address?: string | null;
  /** what understanding found in the text (posts carry it) */
  understood?: { region: string | null; city: string | null } | null;
  /** the question itself, scanned for a county */
  text?: string | null;
}

export async function resolvePlace(db: Db, hints: PlaceHints): Promise<CasePlace> {
  const place: CasePlace = { region: null, city: null, county: null };
  const explicit = [hints.region, hints.city].filter(Boolean).join(" ");
  const fromExplicit = explicit ? resolveProfileLocation(explicit) : null;
  const fromAddress = hints.address ? resolveProfileLocation(hints.address) : null;
  for (const candidate of [fromExplicit, fromAddress, hints.understood ?? null]) {
    if (!candidate?.region) continue;
    if (!place.region) place.region = candidate.region;
    if (candidate.region === place.region && !place.city && candidate.city) place.city = candidate.city;
  }

  const counties = await loadCounties(db);
  for (const text of [hints.county, hints.address, hints.text]) {
    if (!text) continue;
    const entry = findCounty(counties, text, place);
    if (entry) {
      place.region = entry.region;
      place.city = entry.city;
      place.county = entry.county;
      break;
    }
  }
  // a county the tree does not know yet is still worth keeping on the case
  if (!place.county && hints.county) place.county = hints.county;
  return place;
}

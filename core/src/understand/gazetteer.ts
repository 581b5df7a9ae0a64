/**
 * The gazetteer built once from data/gazetteer-data.ts: one matcher over every place name, short form, university
 * and blocking phrase, and look-ups by name and code for profile locations.
 */
import {
  CAPITALS,
  NOT_PLACES,
  PHRASE_PLACES,
  PLACES,
  PLATE_PROVINCES,
  PROVINCES,
  UNIVERSITIES,
} from "./data/gazetteer-data.ts";
import { type Match, selectLongest, TermMatcher } from "./matcher.ts";

export type PlaceKind = "province" | "city" | "place" | "university" | "phrase";

export interface Place {
  region: string;
  /** null when the name says only the province (or a place the province runs directly) */
  city: string | null;
  kind: PlaceKind;
}

/** null marks a blocking phrase: it contains a place name but is not about a place. */
export type GazetteerValue = Place | null;

interface CityEntry {
  name: string;
  region: string;
  aliases: string[];
}

function parseCities(): CityEntry[] {
  const cities: CityEntry[] = [];
  for (const province of PROVINCES) {
    if (!province.cities) continue;
    for (const item of province.cities.split(",")) {
      const [name, aliases] = item.split("=") as [string, string | undefined];
      const official = aliases && /(市|自治州|盟|地区)$/.test(name) ? name : `${name}市`;
      cities.push({ name: official, region: province.name, aliases: aliases ? aliases.split("|") : [name] });
    }
  }
  return cities;
}

const CITIES = parseCities();
const CITY_BY_NAME = new Map(CITIES.map((city) => [city.name, city]));
const PROVINCE_BY_NAME = new Map(PROVINCES.map((province) => [province.name, province]));
const PROVINCE_BY_CODE = new Map(PROVINCES.map((province) => [province.code, province]));

export function isMunicipality(region: string): boolean {
  return PROVINCE_BY_NAME.get(region)?.municipality === true;
}

/** A target written in the data as an official city or province name → the place it stands for. */
function resolveTarget(target: string, kind: PlaceKind): Place {
  const city = CITY_BY_NAME.get(target);
  if (city) return { region: city.region, city: city.name, kind };
  const province = PROVINCE_BY_NAME.get(target);
  if (!province) throw new Error(`gazetteer: unknown place ${target}`);
  return { region: province.name, city: province.municipality ? province.name : null, kind };
}

function* listEntries(): Generator<readonly [string, GazetteerValue]> {
  // Longer and more specific lists first: the matcher keeps the first value given for a term.
  for (const term of NOT_PLACES.split(/\s+/)) if (term) yield [term, null];
  for (const line of UNIVERSITIES.trim().split("\n")) {
    const [names, target] = line.split(":") as [string, string];
    const place = resolveTarget(target, "university");
    for (const name of names.split("|")) yield [name, place];
  }
  for (const pair of PHRASE_PLACES.trim().split(/\s+/)) {
    const [name, target] = pair.split(":") as [string, string];
    yield [name, resolveTarget(target, "phrase")];
  }
  for (const pair of PLACES.trim().split(/\s+/)) {
    const [name, target] = pair.split(":") as [string, string];
    yield [name, resolveTarget(target, "place")];
  }
  for (const city of CITIES) {
    const place: Place = { region: city.region, city: city.name, kind: "city" };
    yield [city.name, place];
    for (const alias of city.aliases) yield [alias, place];
  }
  for (const province of PROVINCES) {
    const place: Place = {
      region: province.name,
      city: province.municipality ? province.name : null,
      kind: "province",
    };
    yield [province.name, place];
    for (const alias of province.aliases) yield [alias, place];
  }
}

/** Matched against folded text (simplified characters), so one entry covers 廣州 and 广州. */
export const placeMatcher = new TermMatcher<GazetteerValue>(listEntries());

/**
 * Place names in folded text, leftmost-longest, except that a fixed phrase with a one-character abbreviation
 * gives way to a longer name it overlaps: 在宁波 is 宁波, not 在宁 (Ningxia) + 波.
 */
export function findPlaces(text: string): Match<GazetteerValue>[] {
  const all = placeMatcher.findAll(text);
  const kept = all.filter(
    (match) =>
      match.value?.kind !== "phrase" ||
      !all.some(
        (other) =>
          other.value?.kind !== "phrase" &&
          other.start > match.start &&
          other.start < match.end &&
          other.end > match.end,
      ),
  );
  return selectLongest(kept);
}

const PLATE_REGION = new Map(PLATE_PROVINCES.split(" ").map((pair) => pair.split(":") as [string, string]));

/** 粤B / 川A: a licence plate names a province; A is its capital, 粤B is Shenzhen. */
export function placeOfPlate(provinceChar: string, letter: string): Place | null {
  const region = PLATE_REGION.get(provinceChar);
  if (!region) return null;
  const municipality = isMunicipality(region);
  let city: string | null = municipality ? region : null;
  if (!municipality && letter === "a") city = CAPITALS[region] ?? null;
  if (region === "广东省" && letter === "b") city = "深圳市";
  return { region, city, kind: "phrase" };
}

export const PLATE_PATTERN = new RegExp(`([${[...PLATE_REGION.keys()].join("")}])([a-hj-np-z])(?![a-z])`, "g");

/**
 * A profile location as channels give it: "广东 广州", "广东省广州市", "四川", Weibo codes "44" or "44 1"
 * (province code, then a per-province city index that is not a national code, so only the province is used).
 */
export function resolveProfileLocation(location: string): Place | null {
  const trimmed = location.trim();
  if (!trimmed) return null;
  const code = /^(\d{2})(?:\d*)(?:[\s,]+\d+)?$/.exec(trimmed);
  if (code) {
    const province = PROVINCE_BY_CODE.get(code[1]!);
    if (!province) return null;
    return { region: province.name, city: province.municipality ? province.name : null, kind: "province" };
  }
  let region: string | null = null;
  let city: string | null = null;
  for (const match of findPlaces(trimmed)) {
    const place = match.value;
    if (!place) continue;
    if (!region) region = place.region;
    if (place.region !== region) continue;
    if (place.city && !city) city = place.city;
  }
  if (!region) return null;
  return { region, city: city ?? (isMunicipality(region) ? region : null), kind: "province" };
}

export const gazetteerSize = {
  provinces: PROVINCES.length,
  cities: CITIES.length,
};

/** Every province-level name as the understanding writes `region` ("四川省", "北京市"), in the data's order. */
export const REGION_NAMES: readonly string[] = PROVINCES.map((province) => province.name);

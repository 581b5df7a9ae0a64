/**
 * Where a post is from: gazetteer hits in the text, each weighed by what surrounds it (在成都 counts more than
 * a place merely named, 想去新疆 not at all), then the author's profile location where the text says nothing.
 *
 * Text over profile: the label is where the poster is or where the problem happens, which the text says when it
 * names a place; a profile location is often years old. So the profile decides only when the text names no
 * place, and fills in the city when the text names only the province and the profile agrees on the province.
 */
import {
  findPlaces,
  isMunicipality,
  PLATE_PATTERN,
  type Place,
  placeOfPlate,
  resolveProfileLocation,
} from "./gazetteer.ts";
import type { Reason } from "./index.ts";

/** What surrounds a hit, from strongest to weakest; `weight` is what it adds to its province's score. */
type Context =
  | "here"
  | "phrase"
  | "home"
  | "university"
  | "hashtag"
  | "origin"
  | "third-party"
  | "mention"
  | "destination";

const WEIGHTS: Record<Context, number> = {
  here: 4,
  phrase: 4,
  home: 2.5,
  university: 2.5,
  hashtag: 2,
  origin: 2,
  "third-party": 1.5,
  mention: 1,
  destination: 0,
};

const DESTINATION_BEFORE = /(想去|想到|要去|打算去|准备去|考去|考到|调剂到|出国去|去|前往|飞往|飞|申请)$/;
const HERE_BEFORE = /(在|坐标|定位|来到|来了|到了|位于|服务地为|服务地|base)\s?$/;
const SELF_BEFORE = /(我是|我们是|我家|我们|咱们|本人|本人是|家在|来)\s?$/;
const HOME_BEFORE = /(回|回到|老家是|老家在|老家|家乡|家乡是)$/;
const THIRD_PARTY =
  /(他|她|男朋友|女朋友|男友|女友|对象|老公|老婆|爸|妈|父母|家人|朋友|亲戚|哥|姐)[^，。,!?！？\s]{0,3}在$/;
const ORIGIN_AFTER = /^(人(?!社)|籍|考生|居民|户口|老乡|学生|姑娘|小伙)/;
const HOME_AFTER = /^老家/;
const HAS_LATIN = /[a-z]/;
const LIST_GAP = /^[\s、,，和与及或/]?$/;
/** @accounts name the account addressed (共青团湖南省委), not where the poster is. */
const MENTION = /@[\p{L}\p{N}_\-·]{1,30}/gu;

export interface PlaceDecision {
  region: string | null;
  city: string | null;
  reasons: Reason[];
}

interface Hit {
  start: number;
  end: number;
  term: string;
  place: Place;
  context: Context;
}

function classifyContext(text: string, start: number, end: number, place: Place): Context {
  if (place.kind === "phrase") return "phrase";
  const before = text.slice(Math.max(0, start - 8), start);
  const after = text.slice(end, end + 3);
  if (DESTINATION_BEFORE.test(before) && !/(回去|过去|出去|下去)$/.test(before)) return "destination";
  if (THIRD_PARTY.test(before)) return "third-party";
  if (HERE_BEFORE.test(before)) return "here";
  if (HOME_BEFORE.test(before) || HOME_AFTER.test(after)) return "home";
  if (ORIGIN_AFTER.test(after)) return "origin";
  if (SELF_BEFORE.test(before)) return "here";
  if (place.kind === "university") return "university";
  const hashOpen = text.lastIndexOf("#", start - 1);
  if (hashOpen !== -1 && text.indexOf("#", end) !== -1 && !text.slice(hashOpen + 1, start).includes("\n")) {
    const between = text.slice(0, hashOpen).split("#").length - 1;
    if (between % 2 === 0) return "hashtag";
  }
  return "mention";
}

function findHits(folded: string): Hit[] {
  const text = folded.includes("@") ? folded.replace(MENTION, (mention) => " ".repeat(mention.length)) : folded;
  const hits: Hit[] = [];
  for (const match of findPlaces(text)) {
    if (!match.value) continue;
    hits.push({ ...match, place: match.value, context: classifyContext(text, match.start, match.end, match.value) });
  }
  for (const plate of HAS_LATIN.test(text) ? text.matchAll(PLATE_PATTERN) : []) {
    const place = placeOfPlate(plate[1]!, plate[2]!);
    if (place) hits.push({ start: plate.index, end: plate.index + 2, term: plate[0], place, context: "phrase" });
  }
  hits.sort((a, b) => a.start - b.start);
  // 甘肃酒泉, 北京天津, 苏州、无锡: a place written right after another shares its context.
  for (let i = 1; i < hits.length; i++) {
    const previous = hits[i - 1]!;
    const hit = hits[i]!;
    if (hit.context === "mention" && LIST_GAP.test(text.slice(previous.end, hit.start))) hit.context = previous.context;
  }
  return hits;
}

function describe(hit: Hit): string {
  const where =
    hit.place.city && hit.place.city !== hit.place.region ? `${hit.place.region} ${hit.place.city}` : hit.place.region;
  return `${hit.term} → ${where} (${hit.context})`;
}

/** Most reasons shown for places: a long text naming 成都 a thousand times gets one line with a count. */
const PLACE_REASONS_SHOWN = 8;

function summarizeHits(hits: readonly Hit[], region: string | null): Reason[] {
  const seen = new Map<string, { hit: Hit; count: number }>();
  for (const hit of hits) {
    const key = `${hit.term}|${hit.context}`;
    const entry = seen.get(key);
    if (entry) entry.count++;
    else seen.set(key, { hit, count: 1 });
  }
  const reasons: Reason[] = [];
  for (const { hit, count } of seen.values()) {
    if (reasons.length === PLACE_REASONS_SHOWN) break;
    const weight = WEIGHTS[hit.context];
    const used = weight > 0 && hit.place.region === region;
    const times = count > 1 ? ` ×${count}` : "";
    reasons.push({
      field: "region",
      evidence: `${describe(hit)}${times}${used ? "" : ", not used"}`,
      source: "gazetteer",
      weight: weight * count,
    });
  }
  return reasons;
}

/** The best place the text gives, or null. */
function decideFromText(folded: string): PlaceDecision & { strength: number } {
  const hits = findHits(folded);
  const regionScores = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  for (const hit of hits) {
    const weight = WEIGHTS[hit.context];
    if (weight === 0) continue;
    regionScores.set(hit.place.region, (regionScores.get(hit.place.region) ?? 0) + weight);
    if (!firstSeen.has(hit.place.region)) firstSeen.set(hit.place.region, hit.start);
  }
  let region: string | null = null;
  let best = 0;
  for (const [candidate, score] of regionScores) {
    if (score > best || (score === best && region && firstSeen.get(candidate)! < firstSeen.get(region)!)) {
      region = candidate;
      best = score;
    }
  }
  const reasons = summarizeHits(hits, region);
  if (!region) return { region: null, city: null, reasons, strength: 0 };

  const cityScores = new Map<string, number>();
  for (const hit of hits) {
    if (hit.place.region !== region || !hit.place.city || WEIGHTS[hit.context] === 0) continue;
    cityScores.set(hit.place.city, (cityScores.get(hit.place.city) ?? 0) + WEIGHTS[hit.context]);
  }
  let city: string | null = null;
  let cityBest = 0;
  let tied = false;
  for (const [candidate, score] of cityScores) {
    if (score > cityBest) {
      city = candidate;
      cityBest = score;
      tied = false;
    } else if (score === cityBest) tied = true;
  }
  // 苏州、无锡等地: several cities named alike and none marked as the poster's, so no one city.
  if (tied && cityBest < WEIGHTS.here) city = null;
  if (!city && isMunicipality(region)) city = region;
  if (city)
    reasons.push({ field: "city", evidence: `${city} (score ${cityBest})`, source: "gazetteer", weight: cityBest });
  return { region, city, reasons, strength: best };
}

export function decidePlace(folded: string, authorLocation?: string | null): PlaceDecision {
  const fromText = decideFromText(folded);
  const profile = authorLocation ? resolveProfileLocation(authorLocation) : null;
  if (!profile) return fromText;
  const profileEvidence = `${authorLocation} → ${profile.region}${profile.city && profile.city !== profile.region ? ` ${profile.city}` : ""}`;
  if (!fromText.region) {
    return {
      region: profile.region,
      city: profile.city,
      reasons: [...fromText.reasons, { field: "region", evidence: profileEvidence, source: "profile" }],
    };
  }
  if (fromText.region === profile.region && !fromText.city && profile.city) {
    return {
      region: fromText.region,
      city: profile.city,
      reasons: [...fromText.reasons, { field: "city", evidence: profileEvidence, source: "profile" }],
    };
  }
  return {
    region: fromText.region,
    city: fromText.city,
    reasons: [...fromText.reasons, { field: "region", evidence: `${profileEvidence}, text wins`, source: "profile" }],
  };
}

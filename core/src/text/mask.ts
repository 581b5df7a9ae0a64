/**
 * Personal data out of everything public: mainland mobile numbers (138****5678), landlines with an area code
 * (010-****5678), resident ID numbers (110105********0123; old 15-digit ones 110105******123), e-mail addresses
 * (z***@example.com), bank card numbers (16–19 digits passing the Luhn check: 6222********0123) and the names a
 * person marked (张三 → 张*, 欧阳娜娜 → 欧阳**).
 *
 * Ordinary numbers stay: dates (20240501, 2024-05-01), service numbers (12355, 12345), amounts, QQ-length numbers.
 * Detection runs on a copy with full-width digits and letters folded to ASCII (one UTF-16 unit each, so offsets
 * are the same), and findings carry offsets into the original text.
 */

export const PERSONAL_DATA_KINDS = ["id_card", "mobile", "bank_card", "landline", "email", "name"] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export interface MaskFinding {
  kind: PersonalDataKind;
  /** offsets into the original text, end exclusive */
  start: number;
  end: number;
}

export interface MaskResult {
  text: string;
  findings: MaskFinding[];
}

export interface MaskOptions {
  /** names marked as personal (the asker's real name, a helper's name): every occurrence is masked */
  names?: readonly string[];
  /** numbers that are public and stay as written, e.g. an org's hotline "0571-85171234" (compared digit by digit) */
  keep?: readonly string[];
  /** the character hidden parts become; "*" unless a renderer needs a placeholder that is not markup */
  maskChar?: string;
}

interface Candidate extends MaskFinding {
  replacement: string;
}

type Detector = (normalised: string, mask: (count: number) => string) => Candidate[];

/** Compound surnames: the whole surname stays visible (欧阳娜娜 → 欧阳**). */
const COMPOUND_SURNAMES = new Set([
  "欧阳",
  "司马",
  "诸葛",
  "上官",
  "东方",
  "皇甫",
  "尉迟",
  "公孙",
  "慕容",
  "长孙",
  "宇文",
  "司徒",
  "夏侯",
  "令狐",
  "端木",
  "澹台",
  "独孤",
  "南宫",
  "西门",
  "轩辕",
  "呼延",
  "申屠",
  "太史",
  "钟离",
  "闻人",
  "万俟",
  "濮阳",
]);

const BIRTH_DATE = "(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])";
const ID_CARD_18 = new RegExp(`(?<![\\dA-Za-z])([1-8]\\d{5})${BIRTH_DATE}(\\d{3}[\\dXx])(?![\\dA-Za-z])`, "g");
const ID_CARD_15 = /(?<![\dA-Za-z])([1-8]\d{5})\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(\d{3})(?![\dA-Za-z])/g;
/** optional +86 / 0086, then 1[3-9]x xxxx xxxx with at most one space or dash between the groups */
const MOBILE = /(?<![\d+])((?:\+86|0086)[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![\d])/g;
/** 16–19 digits, optionally grouped by single spaces or dashes; first digit of a card scheme (3–6) */
const BANK_CARD = /(?<!\d[\s-]?)[3-6](?:[\s-]?\d){15,18}(?![\s-]?\d)/g;
/** an area code written as such: "010-12345678", "0571 85171234", "(021)55551234" */
const LANDLINE = /(?<![\d])(\(0\d{2,3}\)\s?|0\d{2,3}[\s-])(\d{7,8})(?![\d-])/g;
const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

const DETECTORS: Record<Exclude<PersonalDataKind, "name">, Detector> = {
  id_card: (text, mask) => [
    ...matchAll(ID_CARD_18, text, (m) => `${m[1]}${mask(8)}${m[2]}`, "id_card"),
    ...matchAll(ID_CARD_15, text, (m) => `${m[1]}${mask(6)}${m[2]}`, "id_card"),
  ],
  mobile: (text, mask) =>
    matchAll(MOBILE, text, (m) => `${m[1] ? "+86 " : ""}${m[2]}${mask(4)}${m[4]}`, "mobile").filter(
      // "2024-1381-2345" style sequences are not phone numbers: a mobile never follows a digit and a dash
      (candidate) => !/\d[\s-]$/.test(text.slice(Math.max(0, candidate.start - 2), candidate.start)),
    ),
  bank_card: (text, mask) =>
    matchAll(
      BANK_CARD,
      text,
      (m) => {
        const digits = m[0].replace(/\D/g, "");
        return `${digits.slice(0, 4)}${mask(digits.length - 8)}${digits.slice(-4)}`;
      },
      "bank_card",
    ).filter((candidate) => passesLuhn(text.slice(candidate.start, candidate.end).replace(/\D/g, ""))),
  landline: (text, mask) =>
    matchAll(
      LANDLINE,
      text,
      (m) => {
        const local = m[2]!;
        return `${m[1]}${mask(local.length - 4)}${local.slice(-4)}`;
      },
      "landline",
    ),
  email: (text, mask) => matchAll(EMAIL, text, (m) => `${m[1]}${mask(3)}@${m[2]}`, "email"),
};

/** Earlier kinds win where two detections overlap (an ID number is not also read as a bank card). */
const PRIORITY: readonly PersonalDataKind[] = ["name", "id_card", "mobile", "email", "landline", "bank_card"];

export function maskPersonalData(text: string, options: MaskOptions = {}): MaskResult {
  const maskChar = options.maskChar ?? "*";
  const mask = (count: number) => maskChar.repeat(Math.max(0, count));
  const normalised = foldWidth(text);
  const kept = new Set((options.keep ?? []).map((value) => foldWidth(value).replace(/\D/g, "")).filter(Boolean));

  const candidates: Candidate[] = [...findNames(text, options.names ?? [], mask)];
  for (const detect of Object.values(DETECTORS)) {
    for (const candidate of detect(normalised, mask)) {
      const digits = normalised.slice(candidate.start, candidate.end).replace(/\D/g, "");
      if (candidate.kind !== "email" && kept.has(digits)) continue;
      candidates.push(candidate);
    }
  }

  const accepted = selectNonOverlapping(candidates).sort((a, b) => a.start - b.start);
  let output = "";
  let cursor = 0;
  for (const candidate of accepted) {
    output += text.slice(cursor, candidate.start) + candidate.replacement;
    cursor = candidate.end;
  }
  output += text.slice(cursor);
  return {
    text: output,
    findings: accepted.map(({ kind, start, end }) => ({ kind, start, end })),
  };
}

/** 张三 → 张*, 张小明 → 张**, 欧阳娜娜 → 欧阳**; a Latin name keeps its first letter. */
export function maskName(name: string, maskChar = "*"): string {
  const chars = [...name];
  if (chars.length <= 1) return maskChar;
  const surname = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join("")) ? 2 : 1;
  return chars.slice(0, surname).join("") + maskChar.repeat(chars.length - surname);
}

function findNames(text: string, names: readonly string[], mask: (count: number) => string): Candidate[] {
  const candidates: Candidate[] = [];
  // longest first, so 张三丰 is masked whole rather than as 张三 + 丰
  const unique = [...new Set(names.map((name) => name.trim()).filter((name) => [...name].length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  for (const name of unique) {
    const masked = maskName(name, mask(1) || "*");
    for (let from = text.indexOf(name); from !== -1; from = text.indexOf(name, from + name.length)) {
      candidates.push({ kind: "name", start: from, end: from + name.length, replacement: masked });
    }
  }
  return candidates;
}

function matchAll(
  pattern: RegExp,
  text: string,
  replace: (match: RegExpExecArray) => string,
  kind: PersonalDataKind,
): Candidate[] {
  const found: Candidate[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    found.push({ kind, start: match.index, end: match.index + match[0].length, replacement: replace(match) });
  }
  return found;
}

function selectNonOverlapping(candidates: Candidate[]): Candidate[] {
  const ordered = [...candidates].sort(
    (a, b) =>
      PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const accepted: Candidate[] = [];
  for (const candidate of ordered) {
    if (accepted.some((other) => candidate.start < other.end && other.start < candidate.end)) continue;
    accepted.push(candidate);
  }
  return accepted;
}

function passesLuhn(digits: string): boolean {
  if (digits.length < 16 || digits.length > 19) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Full-width ASCII forms (０-９, Ａ-Ｚ, ＠, －, ＋ …) to ASCII and the ideographic space to a space; same length. */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (char) =>
    char === "\u3000" ? " " : String.fromCharCode(char.charCodeAt(0) - 0xfee0),
  );
}

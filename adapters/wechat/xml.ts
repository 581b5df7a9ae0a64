/** WeChat's callback XML. Every value stays a string: MsgId exceeds 2^53 and must never meet a number parser. */
import { XMLParser } from "fast-xml-parser";

export type XmlFields = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: false,
  cdataPropName: false,
});

/** The children of the root <xml> element, or null when the text is not a WeChat XML message. */
export function parseWechatXml(text: string): XmlFields | null {
  // no DOCTYPE in a WeChat message: refusing it closes entity-expansion tricks before parsing
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || !("xml" in parsed)) return null;
  const root = (parsed as { xml: unknown }).xml;
  return typeof root === "object" && root !== null ? (root as XmlFields) : null;
}

/** a string field, or null when absent or nested */
export function readField(fields: XmlFields, name: string): string | null {
  const value = fields[name];
  return typeof value === "string" ? value : null;
}

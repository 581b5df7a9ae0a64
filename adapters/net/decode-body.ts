/**
 * Bytes → text for pages and feeds whose charset is often missing or wrong. youth.cn and most gov/League sites
 * serve GB2312/GBK, sometimes under a `charset=utf-8` header. Decoding is always done here from raw bytes: letting
 * the HTTP client decode first (`res.text()`) turns GBK into U+FFFD irreversibly.
 */
import iconv from "iconv-lite";

export interface DecodedBody {
  text: string;
  /** the charset actually used */
  charset: string;
  /** where the charset came from */
  source: "bom" | "header" | "document" | "fallback";
}

const HEAD_SCAN_BYTES = 4096;

/** Decodes by BOM, then a non-UTF-8 header charset, then <meta>/XML declaration, checking UTF-8 claims. */
export function decodeBody(bytes: Uint8Array, contentType: string | null, kind: "html" | "xml"): DecodedBody {
  const bom = detectBom(bytes);
  if (bom) return { text: decodeWith(bytes.subarray(bom.length), bom.charset), charset: bom.charset, source: "bom" };

  const headerCharset = normaliseCharset(charsetFromContentType(contentType));
  const documentCharset = normaliseCharset(sniffDocumentCharset(bytes, kind));

  if (headerCharset && headerCharset !== "utf-8") {
    return { text: decodeWith(bytes, headerCharset), charset: headerCharset, source: "header" };
  }
  const utf8Claimed = headerCharset === "utf-8" || (!headerCharset && documentCharset === "utf-8");
  const utf8 = decodeStrictUtf8(bytes);
  if (utf8 !== null && (utf8Claimed || !documentCharset)) {
    return {
      text: utf8,
      charset: "utf-8",
      source: headerCharset ? "header" : documentCharset ? "document" : "fallback",
    };
  }
  // the bytes are not UTF-8 whatever the header says: trust the document's own declaration, else assume GBK
  if (documentCharset && documentCharset !== "utf-8") {
    return { text: decodeWith(bytes, documentCharset), charset: documentCharset, source: "document" };
  }
  return { text: decodeWith(bytes, "gb18030"), charset: "gb18030", source: "fallback" };
}

/** GB2312 and GBK are decoded as their superset GB18030: names like 镕 or 喆 are missing from GB2312. */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const lower = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (!lower) return null;
  if (["utf-8", "utf8", "unicode-1-1-utf-8"].includes(lower)) return "utf-8";
  if (["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "hz-gb-2312"].includes(lower)) {
    return "gb18030";
  }
  if (["big5", "big5-hkscs", "x-x-big5"].includes(lower)) return "big5";
  return iconv.encodingExists(lower) ? lower : null;
}

export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? null;
}

/** <meta charset>, <meta http-equiv content="…charset=…">, or <?xml … encoding="…"?> in the first bytes. */
export function sniffDocumentCharset(bytes: Uint8Array, kind: "html" | "xml"): string | null {
  // latin1 maps every byte to one char, so ASCII markup is readable whatever the real charset is
  const head = Buffer.from(bytes.subarray(0, HEAD_SCAN_BYTES)).toString("latin1");
  const xmlDeclared = /<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  if (kind === "xml" && xmlDeclared) return xmlDeclared;
  const meta =
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head)?.[1];
  return meta ?? xmlDeclared ?? null;
}

function decodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  return iconv.decode(Buffer.from(bytes), charset);
}

function detectBom(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: "utf-16be", length: 2 };
  return null;
}

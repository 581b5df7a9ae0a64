import iconv from "iconv-lite";

/** The League portals serve GBK bytes; texts that GBK cannot hold (emoji) are kept off them. */
export function encodeGbk(text: string): Buffer {
  return iconv.encode(text, "gbk");
}

export function canEncodeGbk(text: string): boolean {
  return iconv.decode(iconv.encode(text, "gbk"), "gbk") === text;
}

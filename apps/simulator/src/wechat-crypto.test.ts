import { describe, expect, it } from "vitest";
import { decryptMessage, encryptMessage, encryptWithBadPadding, signParts } from "./wechat-crypto.ts";

// Test vectors from reference §2.3 (wechatpy tests): token 123456, this EncodingAESKey, appid wx49f0ab532d5d035a.
const KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
const APPID = "wx49f0ab532d5d035a";
const ECHOSTR = "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==";

describe("wechat crypto", () => {
  it("reproduces the published signatures", () => {
    expect(signParts("123456", "1411443780", "437374425")).toBe("97f44b51ccbee5533bf61e753557d165ea0f4566");
    expect(signParts("123456", "1411443780", "437374425", ECHOSTR)).toBe("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96");
  });

  it("decrypts the published echostr to its message and appid", () => {
    expect(decryptMessage(KEY, ECHOSTR)).toEqual({ message: "5927782489442352469", appId: APPID });
  });

  it("round-trips Chinese XML and pads to 32-byte blocks", () => {
    const xml = "<xml><Content><![CDATA[西部计划报名入口在哪里？]]></Content></xml>";
    const encrypted = encryptMessage(KEY, APPID, xml);
    expect(Buffer.from(encrypted, "base64").length % 32).toBe(0);
    expect(decryptMessage(KEY, encrypted)).toEqual({ message: xml, appId: APPID });
  });

  it("produces a ciphertext whose padding a strict reader rejects", () => {
    expect(() => decryptMessage(KEY, encryptWithBadPadding(KEY, APPID, "<xml/>"))).toThrow(/padding/);
  });
});

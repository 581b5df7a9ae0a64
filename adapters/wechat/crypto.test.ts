/** The published wechatpy / co-wechat vectors (reference §2.1, §2.3), reproduced with node:crypto. */
import { describe, expect, it } from "vitest";
import { readFixture } from "../test-support/fixture-server.ts";
import { computeSignature, decryptMessage, encryptMessage, verifySignature, WechatCryptoError } from "./crypto.ts";

const TOKEN = "123456";
const AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
const APP_ID = "wx49f0ab532d5d035a";
const fixture = (name: string) => JSON.parse(readFixture(import.meta.url, `fixtures/${name}`));

describe("signatures", () => {
  it("signs token, timestamp and nonce sorted (URL verification vector)", () => {
    expect(computeSignature([TOKEN, "1411443780", "437374425"])).toBe("97f44b51ccbee5533bf61e753557d165ea0f4566");
  });

  it("signs the encrypted echostr (msg_signature vector)", () => {
    const { query } = fixture("wechatpy-echostr.json");
    expect(computeSignature([TOKEN, query.timestamp, query.nonce, query.echostr])).toBe(query.msg_signature);
    expect(verifySignature(query.msg_signature, [TOKEN, query.timestamp, "437374424", query.echostr])).toBe(false);
  });
});

describe("AES", () => {
  it("decrypts the echostr vector to its value and the appid", () => {
    const { query, decrypted } = fixture("wechatpy-echostr.json");
    expect(decryptMessage(AES_KEY, query.echostr)).toEqual({ message: decrypted, appId: APP_ID });
  });

  it("decrypts the inbound message vector, keeping the MsgId above 2^53 as text", () => {
    const { body } = fixture("wechatpy-aes.json");
    const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1] ?? "";
    const { message, appId } = decryptMessage(AES_KEY, encrypted);
    expect(appId).toBe(APP_ID);
    expect(message).toContain("<FromUserName><![CDATA[messense]]></FromUserName>");
    expect(message).toContain("<MsgId>4363689963896700987</MsgId>");
  });

  it("encrypts a reply exactly as the published vector (32-byte PKCS#7)", () => {
    const reply = `<xml>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[test]]></Content>
<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
<ToUserName><![CDATA[messense]]></ToUserName>
<AgentID>1</AgentID>
<CreateTime>1411525903</CreateTime>
</xml>`;
    const encrypted = encryptMessage(AES_KEY, APP_ID, reply, Buffer.from("1234567890123456"));
    expect(encrypted).toBe(
      "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3",
    );
    expect(computeSignature([TOKEN, "1411525903", "461056294", encrypted])).toBe(
      "407518b7649e86ef23978113f92d27afa9296533",
    );
    expect(decryptMessage(AES_KEY, encrypted).message).toBe(reply);
  });

  it("refuses inconsistent padding", () => {
    const { body } = fixture("aes-bad-padding.json");
    const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1] ?? "";
    expect(() => decryptMessage(AES_KEY, encrypted)).toThrow(WechatCryptoError);
    expect(() => decryptMessage(AES_KEY, encrypted)).toThrow(/padding/);
  });

  it("refuses a key that is not 43 characters", () => {
    expect(() => decryptMessage("short", "AAAA")).toThrow(/43/);
  });
});

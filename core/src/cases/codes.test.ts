import { describe, expect, it } from "vitest";
import { generateCaseCode, normalizeCaseCode } from "./codes.ts";
import { maskPersonalData } from "./mask.ts";
import { beijing } from "./test-support.ts";

describe("public case codes", () => {
  it("carry the Beijing date and eight random characters, different every time", () => {
    const code = generateCaseCode(beijing("2025-10-01 00:30"));
    expect(code).toMatch(/^QN251001-[0-9A-HJKMNP-TV-Z]{8}$/);
    const many = new Set(Array.from({ length: 1000 }, () => generateCaseCode()));
    expect(many.size).toBe(1000);
  });

  it("read back a code typed carelessly", () => {
    expect(normalizeCaseCode(" qn251001 7k3mzq2p ")).toBe("QN251001-7K3MZQ2P");
    expect(normalizeCaseCode("QN251001-7K3MZQ2O")).toBe("QN251001-7K3MZQ20");
    expect(normalizeCaseCode("QN251001-7K3MZQ2l")).toBe("QN251001-7K3MZQ21");
    expect(normalizeCaseCode("QN251001-7K3MZQ")).toBeNull();
    expect(normalizeCaseCode("drop table cases")).toBeNull();
  });
});

describe("masking personal data shown publicly", () => {
  it("masks mobile, landline and ID card numbers and e-mail addresses", () => {
    expect(
      maskPersonalData("电话13812345678，座机028-87654321，身份证510107199901011234，邮箱zhang.san@example.com"),
    ).toBe("电话138****5678，座机028-****4321，身份证510107********1234，邮箱z***@example.com");
    expect(maskPersonalData("请拨打12355青少年服务热线")).toBe("请拨打12355青少年服务热线");
  });
});

import { describe, expect, it } from "vitest";
import { generateCaseCode, normalizeCaseCode } from "./codes.ts";
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

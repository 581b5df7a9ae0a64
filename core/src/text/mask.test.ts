import { describe, expect, it } from "vitest";
import { maskName, maskPersonalData } from "./mask.ts";

const mask = (text: string, options?: Parameters<typeof maskPersonalData>[1]) => maskPersonalData(text, options).text;

describe("maskPersonalData", () => {
  it("masks a mobile number the way the issue shows, however it is written", () => {
    expect(mask("请联系我13812345678，谢谢")).toBe("请联系我138****5678，谢谢");
    expect(mask("电话 138-1234-5678")).toBe("电话 138****5678");
    expect(mask("电话 138 1234 5678 找小李")).toBe("电话 138****5678 找小李");
    expect(mask("手机：+86 13812345678")).toBe("手机：+86 138****5678");
    expect(mask("手机：+8613812345678")).toBe("手机：+86 138****5678");
    expect(mask("全角号码１３８１２３４５６７８也算")).toBe("全角号码138****5678也算");
  });

  it("masks ID card numbers: 18 digits (with X) and the old 15", () => {
    expect(mask("身份证号110105199001010123")).toBe("身份证号110105********0123");
    expect(mask("身份证 11010519900101012X 已提交")).toBe("身份证 110105********012X 已提交");
    expect(mask("旧证号 110105900101123 也要保护")).toBe("旧证号 110105******123 也要保护");
  });

  it("masks e-mail addresses, landlines with an area code and bank cards passing the Luhn check", () => {
    expect(mask("邮箱 zhangsan.gz@example.com 收")).toBe("邮箱 z***@example.com 收");
    expect(mask("座机 010-62345678 转 8")).toBe("座机 010-****5678 转 8");
    expect(mask("办公室 (0571)85171234")).toBe("办公室 (0571)****1234");
    expect(mask("工资卡 6222 0200 0000 0000 000 被冻结")).toBe("工资卡 6222***********0000 被冻结");
    expect(mask("卡号4111111111111111")).toBe("卡号4111********1111");
  });

  it("leaves ordinary numbers alone: dates, service numbers, amounts, order numbers failing Luhn", () => {
    const text =
      "2024年5月1日（20240501）起，拨打12355青少年服务热线或12345，补贴13800元，订单号 4111111111111112，2024-05-01 截止，QQ群 123456789";
    expect(mask(text)).toBe(text);
  });

  it("keeps a public hotline unmasked when told, and masks other landlines", () => {
    const text = "团市委热线 0571-85171234，投诉人座机 0571-86001234";
    expect(mask(text, { keep: ["0571-85171234"] })).toBe("团市委热线 0571-85171234，投诉人座机 0571-****1234");
  });

  it("masks marked names, compound surnames whole, and reports where each finding was", () => {
    const text = "欧阳娜娜同学和张三同学：张三丰老师会联系你们。";
    const result = maskPersonalData(text, { names: ["张三", "欧阳娜娜", "张三丰"] });
    expect(result.text).toBe("欧阳**同学和张*同学：张**老师会联系你们。");
    expect(result.findings.map((finding) => [finding.kind, text.slice(finding.start, finding.end)])).toEqual([
      ["name", "欧阳娜娜"],
      ["name", "张三"],
      ["name", "张三丰"],
    ]);
  });

  it("reports every kind with offsets into the original text", () => {
    const text = "我叫李雷，电话13812345678，邮箱lilei@qq.com，身份证110105199001010123";
    const { findings } = maskPersonalData(text, { names: ["李雷"] });
    expect(findings.map((finding) => [finding.kind, text.slice(finding.start, finding.end)])).toEqual([
      ["name", "李雷"],
      ["mobile", "13812345678"],
      ["email", "lilei@qq.com"],
      ["id_card", "110105199001010123"],
    ]);
  });
});

describe("maskName", () => {
  it("keeps the surname only", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("王小明")).toBe("王**");
    expect(maskName("欧阳娜娜")).toBe("欧阳**");
    expect(maskName("司马光")).toBe("司马*");
  });
});

import { describe, expect, it } from "vitest";
import { foldText } from "./fold.ts";
import { gazetteerSize, resolveProfileLocation } from "./gazetteer.ts";
import { decidePlace } from "./region.ts";

const place = (text: string, profile?: string) => {
  const { region, city } = decidePlace(foldText(text), profile);
  return { region, city };
};

describe("gazetteer", () => {
  it("covers every province-level unit and prefecture-level city", () => {
    expect(gazetteerSize).toEqual({ provinces: 34, cities: 333 });
  });

  it("reads profile locations in the channels' forms", () => {
    expect(resolveProfileLocation("广东 广州")).toMatchObject({ region: "广东省", city: "广州市" });
    expect(resolveProfileLocation("44")).toMatchObject({ region: "广东省", city: null });
    expect(resolveProfileLocation("11 8")).toMatchObject({ region: "北京市", city: "北京市" });
    expect(resolveProfileLocation("海外 美国")).toBeNull();
  });
});

describe("decidePlace", () => {
  it("maps universities and their short names to their city", () => {
    expect(place("川大的家人们 保研夏令营开始报名了吗")).toEqual({ region: "四川省", city: "成都市" });
    expect(place("华科的同学 转专业难吗")).toEqual({ region: "湖北省", city: "武汉市" });
  });

  it("maps short forms and county-level cities to the prefecture", () => {
    expect(place("在昆山电子厂干了半年")).toEqual({ region: "江苏省", city: "苏州市" });
    expect(place("凉山州的青年志愿者")).toEqual({ region: "四川省", city: "凉山彝族自治州" });
    expect(place("在呼市找工作好难")).toEqual({ region: "内蒙古自治区", city: "呼和浩特市" });
  });

  it("gives a municipality as both region and city", () => {
    expect(place("坐标重庆 怎么办")).toEqual({ region: "重庆市", city: "重庆市" });
  });

  it("ignores where the poster only wants to go", () => {
    expect(place("今年西部计划报名什么时候开始 想去新疆")).toEqual({ region: null, city: null });
    expect(place("托福和雅思考哪个 想去香港读研 坐标青岛")).toEqual({ region: "山东省", city: "青岛市" });
  });

  it("prefers where the poster is over where others are or where they come from", () => {
    expect(place("他在深圳，我在长沙，异地三年了")).toEqual({ region: "湖南省", city: "长沙市" });
    expect(place("我是河南人，在深圳找工作")).toEqual({ region: "广东省", city: "深圳市" });
  });

  it("reads traditional characters and Cantonese", () => {
    expect(place("本人係香港居民，喺深圳前海工作咗一年")).toEqual({ region: "广东省", city: "深圳市" });
    expect(place("我是在廈門讀書的台灣學生")).toEqual({ region: "福建省", city: "厦门市" });
  });

  it("does not read place names inside other words", () => {
    expect(place("在宁波一个厂上班")).toEqual({ region: "浙江省", city: "宁波市" });
    expect(place("今天吃了哈密瓜和三明治")).toEqual({ region: null, city: null });
  });

  it("names the province but no city when several cities are listed alike", () => {
    expect(place("#江苏团省委# 苏州、无锡等地开展活动")).toEqual({ region: "江苏省", city: null });
  });

  it("uses the profile only where the text names no place, or to add the city", () => {
    expect(place("考研调剂怎么弄", "广东 广州")).toEqual({ region: "广东省", city: "广州市" });
    expect(place("广东的人才补贴怎么申请", "广东 深圳")).toEqual({ region: "广东省", city: "深圳市" });
    expect(place("在成都找工作好难", "广东 广州")).toEqual({ region: "四川省", city: "成都市" });
  });

  it("says which gazetteer entry decided", () => {
    const { reasons } = decidePlace(foldText("在昆山电子厂干了半年"));
    expect(reasons.map((r) => r.evidence).join(" ")).toContain("昆山");
  });
});

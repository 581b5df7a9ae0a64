/**
 * The organisations loaded on the first start of an empty database: 团中央, the 31 province-level committees
 * (GB/T 2260 codes, names as in the gazetteer so cases' places match them), and two provinces in depth —
 * 四川 and 广东: every prefecture-level committee, some county-level ones, universities and 12355 desks —
 * enough to show routing at every level. The rest comes from `qnzs org import`.
 */
import type { OrgLevel } from "@qnzs/db/schema";
import { PROVINCES } from "../understand/data/gazetteer-data.ts";

export interface SeedOrg {
  name: string;
  level: OrgLevel;
  kind?: "committee" | "university" | "enterprise" | "service";
  regionCode?: string;
  region?: string;
  city?: string;
  county?: string;
  children?: SeedOrg[];
}

type Place = [name: string, code: string];

const SICHUAN_CITIES: Place[] = [
  ["成都市", "510100"],
  ["自贡市", "510300"],
  ["攀枝花市", "510400"],
  ["泸州市", "510500"],
  ["德阳市", "510600"],
  ["绵阳市", "510700"],
  ["广元市", "510800"],
  ["遂宁市", "510900"],
  ["内江市", "511000"],
  ["乐山市", "511100"],
  ["南充市", "511300"],
  ["眉山市", "511400"],
  ["宜宾市", "511500"],
  ["广安市", "511600"],
  ["达州市", "511700"],
  ["雅安市", "511800"],
  ["巴中市", "511900"],
  ["资阳市", "512000"],
  ["阿坝藏族羌族自治州", "513200"],
  ["甘孜藏族自治州", "513300"],
  ["凉山彝族自治州", "513400"],
];

const GUANGDONG_CITIES: Place[] = [
  ["广州市", "440100"],
  ["韶关市", "440200"],
  ["深圳市", "440300"],
  ["珠海市", "440400"],
  ["汕头市", "440500"],
  ["佛山市", "440600"],
  ["江门市", "440700"],
  ["湛江市", "440800"],
  ["茂名市", "440900"],
  ["肇庆市", "441200"],
  ["惠州市", "441300"],
  ["梅州市", "441400"],
  ["汕尾市", "441500"],
  ["河源市", "441600"],
  ["阳江市", "441700"],
  ["清远市", "441800"],
  ["东莞市", "441900"],
  ["中山市", "442000"],
  ["潮州市", "445100"],
  ["揭阳市", "445200"],
  ["云浮市", "445300"],
];

/** County-level committees seeded under their prefecture. */
const COUNTIES: Record<string, Place[]> = {
  成都市: [
    ["锦江区", "510104"],
    ["青羊区", "510105"],
    ["金牛区", "510106"],
    ["武侯区", "510107"],
    ["成华区", "510108"],
    ["双流区", "510116"],
    ["郫都区", "510117"],
  ],
  绵阳市: [
    ["涪城区", "510703"],
    ["游仙区", "510704"],
  ],
  凉山彝族自治州: [["西昌市", "513401"]],
  广州市: [
    ["越秀区", "440104"],
    ["海珠区", "440105"],
    ["天河区", "440106"],
    ["白云区", "440111"],
    ["番禺区", "440113"],
  ],
  深圳市: [
    ["福田区", "440304"],
    ["南山区", "440305"],
  ],
  佛山市: [["顺德区", "440606"]],
};

/** Grassroots units under a province committee: universities (by their main campus's city) and service desks. */
const PROVINCE_GRASSROOTS: Record<string, SeedOrg[]> = {
  四川省: [
    university("四川大学", "四川省", "成都市", "510100"),
    university("电子科技大学", "四川省", "成都市", "510100"),
    university("西南交通大学", "四川省", "成都市", "510100"),
    desk("四川省12355青少年服务台", "四川省", undefined, "510000"),
  ],
  广东省: [
    university("中山大学", "广东省", "广州市", "440100"),
    university("华南理工大学", "广东省", "广州市", "440100"),
    university("暨南大学", "广东省", "广州市", "440100"),
    desk("广东省12355青少年服务台", "广东省", undefined, "440000"),
  ],
};

/** Grassroots units under a prefecture committee. */
const CITY_GRASSROOTS: Record<string, SeedOrg[]> = {
  成都市: [desk("成都市12355青少年服务台", "四川省", "成都市", "510100")],
  深圳市: [university("深圳大学", "广东省", "深圳市", "440300")],
};

function university(name: string, region: string, city: string, regionCode: string): SeedOrg {
  return { name: `共青团${name}委员会`, level: "grassroots", kind: "university", region, city, regionCode };
}

function desk(name: string, region: string | undefined, city: string | undefined, regionCode: string): SeedOrg {
  return {
    name,
    level: "grassroots",
    kind: "service",
    regionCode,
    ...(region ? { region } : {}),
    ...(city ? { city } : {}),
  };
}

/** 四川省 → 四川省委, 内蒙古自治区 → 内蒙古自治区委: the committee's name follows the region's. */
function committeeName(...parts: string[]): string {
  return `共青团${parts.join("")}委员会`;
}

function buildCity(region: string, [city, code]: Place): SeedOrg {
  const counties = (COUNTIES[city] ?? []).map(
    ([county, countyCode]): SeedOrg => ({
      name: committeeName(city, county),
      level: "county",
      regionCode: countyCode,
      region,
      city,
      county,
    }),
  );
  return {
    name: committeeName(city),
    level: "city",
    regionCode: code,
    region,
    city,
    children: [...counties, ...(CITY_GRASSROOTS[city] ?? [])],
  };
}

const CITIES_IN_DEPTH: Record<string, Place[]> = { 四川省: SICHUAN_CITIES, 广东省: GUANGDONG_CITIES };

/** The 31 province-level units of the mainland (codes below 71: not 台湾, 香港, 澳门). */
const MAINLAND = PROVINCES.filter((province) => Number(province.code) < 71);

export const SEED_TREE: SeedOrg = {
  name: "共青团中央",
  level: "central",
  regionCode: "100000",
  children: [
    desk("全国12355青少年服务台", undefined, undefined, "100000"),
    ...MAINLAND.map(
      (province): SeedOrg => ({
        name: committeeName(province.name),
        level: "province",
        regionCode: `${province.code}0000`,
        region: province.name,
        children: [
          ...(CITIES_IN_DEPTH[province.name] ?? []).map((city) => buildCity(province.name, city)),
          ...(PROVINCE_GRASSROOTS[province.name] ?? []),
        ],
      }),
    ),
  ],
};

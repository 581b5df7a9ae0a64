import type { Random } from "../random.ts";

/** Weibo's province codes (user.province) for the province-level units. */
const PROVINCES: Record<string, { code: string; short: string }> = {
  北京市: { code: "11", short: "北京" },
  天津市: { code: "12", short: "天津" },
  河北省: { code: "13", short: "河北" },
  山西省: { code: "14", short: "山西" },
  内蒙古自治区: { code: "15", short: "内蒙古" },
  辽宁省: { code: "21", short: "辽宁" },
  吉林省: { code: "22", short: "吉林" },
  黑龙江省: { code: "23", short: "黑龙江" },
  上海市: { code: "31", short: "上海" },
  江苏省: { code: "32", short: "江苏" },
  浙江省: { code: "33", short: "浙江" },
  安徽省: { code: "34", short: "安徽" },
  福建省: { code: "35", short: "福建" },
  江西省: { code: "36", short: "江西" },
  山东省: { code: "37", short: "山东" },
  河南省: { code: "41", short: "河南" },
  湖北省: { code: "42", short: "湖北" },
  湖南省: { code: "43", short: "湖南" },
  广东省: { code: "44", short: "广东" },
  广西壮族自治区: { code: "45", short: "广西" },
  海南省: { code: "46", short: "海南" },
  重庆市: { code: "50", short: "重庆" },
  四川省: { code: "51", short: "四川" },
  贵州省: { code: "52", short: "贵州" },
  云南省: { code: "53", short: "云南" },
  西藏自治区: { code: "54", short: "西藏" },
  陕西省: { code: "61", short: "陕西" },
  甘肃省: { code: "62", short: "甘肃" },
  青海省: { code: "63", short: "青海" },
  宁夏回族自治区: { code: "64", short: "宁夏" },
  新疆维吾尔自治区: { code: "65", short: "新疆" },
  台湾省: { code: "71", short: "台湾" },
  香港特别行政区: { code: "81", short: "香港" },
  澳门特别行政区: { code: "82", short: "澳门" },
};

/** Districts for the municipalities, where Weibo shows "北京 海淀区". */
const MUNICIPALITY_DISTRICTS: Record<string, string[]> = {
  北京: ["海淀区", "朝阳区", "东城区", "丰台区"],
  天津: ["南开区", "和平区", "滨海新区"],
  上海: ["浦东新区", "徐汇区", "杨浦区", "闵行区"],
  重庆: ["渝中区", "沙坪坝区", "江北区", "万州区"],
};

export interface Place {
  /** Weibo user.location, e.g. "广东 广州" */
  location: string;
  province: string;
  city: string;
}

/** Where a poster is, as Weibo would show it; unknown places become 其他 (code 100), as on real profiles. */
export function placeOf(region: string | null, city: string | null, random: Random): Place {
  const province = region ? PROVINCES[region] : undefined;
  if (!province) return { location: "其他", province: "100", city: "1000" };
  const districts = MUNICIPALITY_DISTRICTS[province.short];
  if (districts) {
    const index = random.int(0, districts.length - 1);
    return { location: `${province.short} ${districts[index]}`, province: province.code, city: String(index + 1) };
  }
  if (!city) return { location: province.short, province: province.code, city: "1000" };
  const shortCity = city.replace(/(市|地区|自治州|盟)$/, "");
  return { location: `${province.short} ${shortCity}`, province: province.code, city: String(random.int(1, 20)) };
}

const OTHER_PLACES: Place[] = [
  { location: "其他", province: "100", city: "1000" },
  { location: "海外 美国", province: "400", city: "1" },
  { location: "广东 深圳", province: "44", city: "3" },
  { location: "浙江 杭州", province: "33", city: "1" },
  { location: "四川 成都", province: "51", city: "1" },
];

export function somePlace(random: Random): Place {
  return random.pick(OTHER_PLACES);
}

/** Nicknames of the kind young Weibo and Weibang users pick. */
export const NICKNAMES = [
  "南风知我意7",
  "吃橘子的猫",
  "考研上岸的阿杰",
  "小鹿乱撞_2001",
  "是阿柠呀",
  "星河滚烫TT",
  "奶茶续命中",
  "山川与海_",
  "一只努力的咸鱼",
  "晚风吹过的街",
  "今天也要加油鸭o",
  "西柚不加冰",
  "陈同学在自习",
  "北方的栗子",
  "林深时见鹿y",
  "不吃香菜的小王",
  "追光的少年阿哲",
  "半夏微凉_",
  "喵小姐的日常",
  "打工人李小北",
  "温柔的风233",
  "橙子味汽水",
  "路过人间的张三",
  "青柠与薄荷",
  "白开水不加糖",
  "周末去看海",
  "赵小胖的减肥日记",
  "夏天的第一颗西瓜",
  "慢慢来比较快",
  "风起时想你",
  "小刘同学_",
  "兔兔那么可爱",
  "熬夜冠军本冠",
  "月亮不营业",
  "努力搬砖的阿强",
  "一颗大白菜",
  "偷偷学习的小孙",
  "在逃公主本主",
  "桃桃乌龙",
  "向日葵的微笑",
];

export const GENDERS = ["m", "f"] as const;

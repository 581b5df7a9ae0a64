/** Chinese names of the domain's codes. Typed against the schema so a new code is a type error here. */
import type { CaseEventType } from "@qnzs/core/cases/timeline";
import type { CasePriority, CaseStatus, Category, HelperType, OrgLevel, Role } from "@qnzs/db/schema";

export const CATEGORY_LABELS: Record<Category, string> = {
  study: "学习成才",
  employment: "创业就业",
  rights: "权益维护",
  relationships: "情感婚恋",
  other: "其他",
};

export const CATEGORY_CODES = Object.keys(CATEGORY_LABELS) as Category[];

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && value in CATEGORY_LABELS;
}

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: "新建",
  routed: "已转办",
  assigned: "办理中",
  answering: "答复撰写中",
  answered: "已答复",
  closed: "已办结",
  archived: "已归档",
  merged: "已合并",
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: "管理员",
  media_officer: "新媒体专员",
  cadre: "团干部",
  editor: "编辑",
  reviewer: "审核员",
  helper: "帮扶者",
};

export const EVENT_LABELS: Record<CaseEventType, string> = {
  created: "诉求已受理",
  posts_linked: "关联帖子",
  routed: "已转办",
  referred_12355: "转 12355 热线",
  passed_up: "上报上级",
  transferred: "已转交",
  returned: "已退回",
  reassignment_requested: "申请改派",
  reassignment_approved: "改派已批准",
  reassignment_rejected: "改派被驳回",
  assigned: "已指派帮扶者",
  claimed: "帮扶者已认领",
  due_warning: "即将到期提醒",
  overdue: "已超期",
  escalated: "已升级督办",
  answer_drafted: "答复草稿",
  answer_submitted: "答复送审",
  answer_approved: "已答复",
  answer_rejected: "答复被退回",
  answer_made_public: "答复已公开",
  answer_published: "答复已发布",
  rated: "已评价",
  reopened: "重新办理",
  closed: "已办结",
  archived: "已归档",
  merged: "合并诉求",
  merged_into: "并入其他诉求",
  split: "拆分诉求",
};

export const CHANNEL_LABELS: Record<string, string> = {
  weibo: "微博",
  wechat: "微信",
  weibang: "微邦",
  h5: "H5 网页",
  rss: "RSS",
  portal: "门户",
  import: "导入",
};

export function labelChannel(kind: string): string {
  return CHANNEL_LABELS[kind] ?? kind;
}

export const ACCOUNT_STATUS_LABELS: Record<string, string> = {
  active: "正常",
  paused: "已暂停",
  needs_reauth: "需重新授权",
  failing: "异常",
  disabled: "已停用",
};

export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = {
  central: "团中央",
  province: "省级",
  city: "地市级",
  county: "县级",
  grassroots: "基层",
};

export const HELPER_TYPE_LABELS: Record<HelperType, string> = {
  league: "团帮青",
  expert: "专帮青",
  peer: "青帮青",
  government: "政帮青",
  society: "社帮青",
};

export const LEVEL_CODES = Object.keys(ORG_LEVEL_LABELS) as OrgLevel[];

export const ORG_KIND_LABELS: Record<string, string> = {
  committee: "团委",
  university: "高校",
  enterprise: "企业",
  service: "12355 服务台",
};

export const PRIORITY_LABELS: Record<CasePriority, string> = {
  low: "低",
  normal: "普通",
  high: "高",
};

export const PRIORITY_CODES = Object.keys(PRIORITY_LABELS) as CasePriority[];

export const ROLE_CODES = Object.keys(ROLE_LABELS) as Role[];

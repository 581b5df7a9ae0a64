import Link from "next/link";

export const ADMIN_SECTIONS = [
  {
    key: "orgs",
    href: "/console/admin/orgs",
    label: "组织机构",
    description: "五级组织树：浏览、搜索、添加下级、改名、设置行政区划",
  },
  {
    key: "users",
    href: "/console/admin/users",
    label: "用户与角色",
    description: "添加用户，按组织授予或撤销角色，停用账号，重置密码",
  },
  {
    key: "channels",
    href: "/console/admin/channels",
    label: "渠道账号",
    description: "接入微博、微信、微邦、H5 和 RSS 账号，测试连接，抓取计划",
  },
  {
    key: "routing",
    href: "/console/admin/routing",
    label: "转办规则",
    description: "按地区、类别、关键词把诉求转给指定组织",
  },
  {
    key: "deadlines",
    href: "/console/admin/deadlines",
    label: "办理时限",
    description: "按类别和优先级设置督办时限、预警和升级",
  },
  {
    key: "calendar",
    href: "/console/admin/calendar",
    label: "节假日",
    description: "法定节假日和调休工作日，决定工作时间如何计算",
  },
  {
    key: "words",
    href: "/console/admin/words",
    label: "敏感词",
    description: "发布前检查的敏感词和需上级审批的关注话题",
  },
] as const;

export type AdminSection = (typeof ADMIN_SECTIONS)[number]["key"];

/** The admin area's own navigation, shown on each of its pages. */
export function AdminTabs({ current }: { current: AdminSection }) {
  return (
    <nav aria-label="系统管理" className="tabs">
      {ADMIN_SECTIONS.map((section) => (
        <Link
          key={section.key}
          href={section.href}
          className="tab"
          aria-current={section.key === current ? "page" : undefined}
        >
          {section.label}
        </Link>
      ))}
    </nav>
  );
}

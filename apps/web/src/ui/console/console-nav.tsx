"use client";
import type { Actor } from "@qnzs/core/cases/access";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ConsoleArea, mayUse } from "../console-areas.ts";

const AREAS: { area: ConsoleArea; href: string; label: string }[] = [
  { area: "monitor", href: "/console/monitor", label: "舆情监测" },
  { area: "cases", href: "/console/cases", label: "诉求办理" },
  { area: "publish", href: "/console/publish", label: "发布管理" },
  { area: "supervision", href: "/console/supervision", label: "督办" },
  { area: "admin", href: "/console/admin", label: "系统管理" },
  { area: "dashboard", href: "/console/dashboard", label: "数据看板" },
];

export function ConsoleNav({ actor }: { actor: Actor }) {
  const pathname = usePathname();
  return (
    <nav aria-label="工作台导航" className="console-nav">
      {AREAS.filter((item) => mayUse(actor, item.area)).map((item) => (
        <Link key={item.href} href={item.href} aria-current={pathname.startsWith(item.href) ? "page" : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

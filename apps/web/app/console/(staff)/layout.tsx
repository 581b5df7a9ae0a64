import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConsoleNav } from "../../../src/ui/console/console-nav.tsx";
import { readActor } from "../../../src/ui/request-actor.ts";
import { signOutAction } from "../../actions/auth-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: { default: "工作台", template: "%s · 青年之声工作台" },
  robots: { index: false },
};

export default async function StaffLayout({ children }: { children: ReactNode }) {
  // each page checks the session and its role itself (a layout is not re-rendered on every navigation, and only
  // the page knows its path to come back to after signing in); without a session the page redirects
  const actor = await readActor();
  if (!actor) return children;
  return (
    <div className="console">
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <header className="console-header">
        <span className="brand">青年之声 · 工作台</span>
        <ConsoleNav actor={actor} />
        <form action={signOutAction} className="who">
          <span>{actor.displayName}</span>
          <button type="submit" className="button link">
            退出登录
          </button>
        </form>
      </header>
      <main id="main" className="console-main">
        {children}
      </main>
    </div>
  );
}

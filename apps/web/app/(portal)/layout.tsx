import Link from "next/link";
import type { ReactNode } from "react";

export default function PortalLayout({ children }: { children: ReactNode }) {
  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <header className="portal-header">
        <Link href="/" className="brand">
          青年之声
        </Link>
        <nav aria-label="门户导航">
          <Link href="/ask">我要提问</Link>
          <Link href="/cases">查询进度</Link>
        </nav>
      </header>
      <main id="main" className="portal-main">
        {children}
      </main>
      <footer className="portal-footer">
        <p>共青团 · 青年之声 — 青年的问题，有人回答</p>
        <p>
          紧急求助请拨打 <a href="tel:12355">12355</a> 青少年服务台
        </p>
      </footer>
    </div>
  );
}

import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="portal-main stack narrow">
      <h1>页面不存在</h1>
      <p>您要找的页面不存在或已被移除。</p>
      <Link href="/" className="button secondary">
        返回首页
      </Link>
    </main>
  );
}

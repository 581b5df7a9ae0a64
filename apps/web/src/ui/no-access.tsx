export function NoAccess({ area }: { area: string }) {
  return (
    <section className="panel" aria-labelledby="no-access-title">
      <h1 id="no-access-title">无权访问</h1>
      <p>您的账号没有使用「{area}」的权限。如需开通，请联系本组织的管理员。</p>
    </section>
  );
}

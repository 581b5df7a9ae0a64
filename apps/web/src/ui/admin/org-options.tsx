import type { OrgRow } from "@qnzs/core/cases/org-tree";

/** How deep an org sits below the shallowest org of the list (0 for the roots the actor administers). */
export function depthsOf(orgs: readonly Pick<OrgRow, "path">[]): (path: string) => number {
  const segments = (path: string) => path.split("/").filter(Boolean).length;
  const top = Math.min(...orgs.map((org) => segments(org.path)));
  return (path) => segments(path) - top;
}

/** `<option>`s for an org picker, indented by depth so the tree shows in a plain select. */
export function OrgOptions({ orgs }: { orgs: readonly OrgRow[] }) {
  const depth = depthsOf(orgs);
  return (
    <>
      {orgs.map((org) => (
        <option key={org.id} value={org.id}>
          {`${"\u3000".repeat(depth(org.path))}${org.name}`}
        </option>
      ))}
    </>
  );
}

import type { ReactNode } from "react";
import "./admin.css";

/** Only the admin area's styles; each page checks the session and the admin role itself. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}

/** The session cookie's name and attributes, shared by the hub (API requests) and the console's server actions. */
export const SESSION_COOKIE = "qnzs_session";

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  expires: Date;
}

/**
 * Secure whenever the hub is reached over HTTPS (directly or behind a proxy that says so, or when
 * QNZS_SECURE_COOKIES=1): browsers drop Secure cookies on plain-HTTP hosts other than localhost.
 */
export function sessionCookieOptions(expires: Date, forwardedProto: string | null | undefined): SessionCookieOptions {
  const secure = process.env.QNZS_SECURE_COOKIES === "1" || forwardedProto?.split(",")[0]?.trim() === "https";
  return { httpOnly: true, sameSite: "lax", secure, path: "/", expires };
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

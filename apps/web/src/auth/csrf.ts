/**
 * CSRF protection by origin check. A state-changing request authenticated by the session cookie must come from
 * our own pages: its Origin (or, when a browser sends none, its Referer) must name the host it was sent to, or
 * Sec-Fetch-Site must say same-origin. Bearer-token requests need no check (a browser never adds the token by
 * itself). Session cookies are SameSite=Lax on top of this.
 */
export type HeaderGetter = (name: string) => string | null | undefined;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export function isSameOriginRequest(header: HeaderGetter): boolean {
  const host = header("x-forwarded-host") ?? header("host");
  if (!host) return false;
  const origin = header("origin");
  if (origin && origin !== "null") return hostOf(origin) === host;
  const fetchSite = header("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin";
  const referer = header("referer");
  return referer ? hostOf(referer) === host : false;
}

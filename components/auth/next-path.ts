/**
 * Where to go after signing in: `next` only when it resolves to a page of `origin`. Parsing it the
 * way the browser will is the only safe test: `/\\evil.com` and `/%09/evil.com` look like paths and
 * lead elsewhere.
 */
export function safeNextPath(next: string | null, origin: string): string {
  if (!next) return "/schedules";
  try {
    const url = new URL(next, origin);
    return url.origin === origin ? url.pathname + url.search + url.hash : "/schedules";
  } catch {
    return "/schedules";
  }
}

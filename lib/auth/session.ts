// The process's better-auth instance, one per database (tests install their own database with
// setDb), and the session caller of a request.
import { getDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createPeopleAuth, type PeopleAuth, type SessionCaller, sessionTenant, trustedOrigins } from "./people";

const instances = new WeakMap<Db, PeopleAuth>();

export async function getPeopleAuth(): Promise<PeopleAuth> {
  const db = await getDb();
  let auth = instances.get(db);
  if (!auth) {
    auth = createPeopleAuth(db, env());
    instances.set(db, auth);
  }
  return auth;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie-authenticated write must come from a page of Rota itself: its Origin (or, failing that,
 * Sec-Fetch-Site) says so. Browsers send both on every cross-origin write, so a form or script on
 * another site cannot use a signed-in person's cookie (the cookie is also SameSite=Lax).
 */
export function assertSameOrigin(req: Request, allowedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (allowedOrigins.includes(origin)) return;
    throw new AppError("forbidden", "Cross-origin request refused");
  }
  const site = req.headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return;
  throw new AppError("forbidden", "Cross-origin request refused: send an Origin header");
}

/** better-auth's session cookie (with the `__Secure-` prefix on https). */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=/;

export function hasSessionCookie(req: Request): boolean {
  return SESSION_COOKIE.test(req.headers.get("cookie") ?? "");
}

/** The signed-in person's tenant for `req`, or null; throws 403 for a cross-origin write. */
export async function sessionCaller(req: Request): Promise<SessionCaller | null> {
  const db = await getDb();
  const auth = await getPeopleAuth();
  const caller = await sessionTenant(auth, db, req.headers);
  if (caller) assertSameOrigin(req, trustedOrigins(String(auth.options.baseURL ?? req.url)));
  return caller;
}

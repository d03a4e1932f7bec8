// One wrapper per caller type (API key, admin token, cron secret, agent result token): each does its
// auth and maps every thrown error to the one error envelope, so route handlers stay
// `auth → parse → call → respond`.
import { getDb, type Db } from "@/lib/db";
import { z } from "zod";
import { authenticateAgentToken, type AgentCaller } from "@/lib/agents/results";
import { hasSessionCookie, sessionCaller } from "@/lib/auth/session";
import { clientIp, limitSignInAttempt } from "@/lib/auth/sign-in-limits";
import { authenticate, bearerToken, constantTimeEqual, type Tenant } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { consume } from "@/lib/rate-limit";
import { requestNow } from "./clock";
import { readJson } from "./parse";
import { errorResponse } from "./respond";

type RouteContext = { params: Promise<Record<string, string>> };
type RouteHandler = (req: Request, ctx: RouteContext) => Promise<Response>;

export type TenantContext = { db: Db; tenant: Tenant; now: Date; params: Record<string, string> };
export type AdminContext = { db: Db; now: Date; params: Record<string, string> };
export type CronContext = { db: Db; now: Date };
export type AgentTokenContext = { db: Db; agent: AgentCaller; now: Date; params: Record<string, string> };

/**
 * A tenant's routes, for both of its caller types: tooling with `Authorization: Bearer <api key>`, and
 * the web UI with its session cookie (same-origin writes only). An Authorization header always means
 * an API key, so a bad key is a 401 even when a session cookie is present too. Each key (each person)
 * gets RATE_LIMIT_API_PER_MINUTE requests a minute, then 429 with Retry-After.
 */
export function withTenant(fn: (req: Request, ctx: TenantContext) => Promise<Response>): RouteHandler {
  return async (req, ctx) => {
    try {
      const db = await getDb();
      const now = requestNow();
      const { tenant, limitKey } = await tenantOf(db, req, now);
      const limit = { points: env().RATE_LIMIT_API_PER_MINUTE, windowSeconds: 60 };
      await consume("api", limit, limitKey, "Too many requests for this API key");
      return await fn(req, { db, tenant, now, params: await ctx.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

async function tenantOf(db: Db, req: Request, now: Date): Promise<{ tenant: Tenant; limitKey: string }> {
  const header = req.headers.get("authorization");
  // Only a session cookie makes it a person: tooling that carries other cookies gets the API-key path.
  if (header === null && hasSessionCookie(req)) {
    const caller = await sessionCaller(req);
    if (caller) return { tenant: caller.tenant, limitKey: `person:${caller.user.id}` };
  }
  const caller = await authenticate(db, header, now);
  return { tenant: caller.tenant, limitKey: `key:${caller.apiKeyId}` };
}

const SIGN_IN_PATH = /\/api\/auth\/(sign-in|sign-up)\//;
const SignInBody = z.object({ email: z.string().max(320) }).loose();

/**
 * better-auth's routes (people signing in): sign-in and sign-up attempts are counted per client IP and
 * per email (lib/auth/sign-in-limits.ts) before better-auth sees them; past a limit, 429 with Retry-After.
 */
export function withSignInLimits(fn: (req: Request) => Promise<Response>): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      const kind = req.method === "POST" ? SIGN_IN_PATH.exec(new URL(req.url).pathname)?.[1] : undefined;
      if (kind === "sign-in" || kind === "sign-up") {
        const email = await attemptedEmail(req);
        await limitSignInAttempt({ kind, ip: clientIp(req.headers), email }, env());
      }
      return await fn(req);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** The email an attempt names, read from a copy (better-auth reads the body itself), or null. */
async function attemptedEmail(req: Request): Promise<string | null> {
  try {
    return (await readJson(req.clone(), SignInBody)).email;
  } catch (err) {
    // An oversized body is refused here; anything else malformed is better-auth's to answer.
    if (err instanceof AppError && err.code === "payload_too_large") throw err;
    return null;
  }
}

/** Whether the request carries `Authorization: Bearer <secret>`, compared in constant time. */
function presents(req: Request, secret: string): boolean {
  const presented = bearerToken(req.headers.get("authorization"));
  return presented !== null && constantTimeEqual(presented, secret);
}

/** Operator routes: off (404) unless ADMIN_TOKEN is set, then `Bearer $ADMIN_TOKEN`. */
export function withAdmin(fn: (req: Request, ctx: AdminContext) => Promise<Response>): RouteHandler {
  return async (req, ctx) => {
    try {
      const token = env().ADMIN_TOKEN;
      if (!token) throw new AppError("not_found", "Not found");
      if (!presents(req, token)) throw new AppError("unauthorized", "Invalid admin token");
      return await fn(req, { db: await getDb(), now: requestNow(), params: await ctx.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * The cron route (Vercel Cron): `Bearer $CRON_SECRET`. Without a configured secret it refuses everyone
 * rather than running unauthenticated.
 */
export function withCron(fn: (req: Request, ctx: CronContext) => Promise<Response>): RouteHandler {
  return async (req) => {
    try {
      const secret = env().CRON_SECRET;
      if (!secret || !presents(req, secret)) throw new AppError("unauthorized", "Invalid cron secret");
      return await fn(req, { db: await getDb(), now: requestNow() });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * External agents reporting a result (webhook executor): `Bearer <result token>` of the agent the
 * path's `{id}` names. The token is its own tenant scope: another tenant's agent id is a 404, a
 * sibling agent of the same tenant a 401 (lib/agents/results.ts). Checked before the body is read.
 */
export function withAgentToken(fn: (req: Request, ctx: AgentTokenContext) => Promise<Response>): RouteHandler {
  return async (req, ctx) => {
    try {
      const db = await getDb();
      const params = await ctx.params;
      const agent = await authenticateAgentToken(db, req.headers.get("authorization"), params.id);
      return await fn(req, { db, agent, now: requestNow(), params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Unauthenticated routes (the OpenAPI document) still get the error envelope. */
export function withPublic(fn: (req: Request) => Promise<Response>): RouteHandler {
  return async (req) => {
    try {
      return await fn(req);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

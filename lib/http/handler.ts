// One wrapper per caller type (API key, admin token, cron secret, agent result token): each does its
// auth and maps every thrown error to the one error envelope, so route handlers stay
// `auth → parse → call → respond`.
import { sql } from "drizzle-orm";
import { getDb, type Db } from "@/lib/db";
import { authenticateAgentToken, type AgentCaller } from "@/lib/agents/results";
import { hasSessionCookie, sessionCaller } from "@/lib/auth/session";
import { limitAttemptsForEmail, limitAttemptsFromIp } from "@/lib/auth/sign-in-limits";
import { authenticate, bearerToken, constantTimeEqual, type Tenant } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";
import { AppError, invalid } from "@/lib/errors";
import { consume } from "@/lib/rate-limit";
import { requestNow } from "./clock";
import { clientIp } from "./client-ip";
import { MAX_BODY_BYTES, isJsonMediaType, readBodyText } from "./parse";
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

// The better-auth endpoints the web UI uses. Every other one better-auth ships (change-password,
// verify-password, delete-user, …) is a 404: nothing checks a password outside the limited sign-in.
const PEOPLE_ROUTES = new Set([
  "GET /api/auth/get-session",
  "POST /api/auth/sign-in/email",
  "POST /api/auth/sign-up/email",
  "POST /api/auth/sign-out",
]);

/**
 * better-auth's routes (people signing in), narrowed to the ones Rota uses. Sign-in and sign-up are
 * counted per client IP before anything is read, sign-in also per email (lib/auth/sign-in-limits.ts);
 * past a limit, 429 with Retry-After. Their body must be JSON naming an email, or the attempt is
 * refused here: better-auth would also read a form post, which would slip past the per-email count.
 * better-auth answers its own failures as a 500; one while the database cannot be reached is told by
 * a probe of the database and answered 503 like every other route's.
 */
export function withPeopleAuth(fn: (req: Request) => Promise<Response>): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      const route = `${req.method} ${new URL(req.url).pathname}`;
      if (!PEOPLE_ROUTES.has(route)) throw new AppError("not_found", "Not found");
      if (route === "POST /api/auth/sign-in/email" || route === "POST /api/auth/sign-up/email") {
        const config = env();
        await limitAttemptsFromIp(clientIp(req.headers), config);
        const email = await attemptedEmail(req);
        if (route === "POST /api/auth/sign-in/email") await limitAttemptsForEmail(email, config);
      }
      const res = await fn(req);
      if (res.status >= 500) await (await getDb()).execute(sql`select 1`); // throws when the database is unreachable
      return res;
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** The email an attempt names, read from a copy (better-auth reads the body itself). */
async function attemptedEmail(req: Request): Promise<string> {
  if (!isJsonMediaType(req.headers.get("content-type") ?? "")) {
    throw new AppError("unsupported_media_type", "Send the request body as JSON with Content-Type: application/json");
  }
  const text = await readBodyText(req.clone(), MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("validation_error", "Malformed JSON body", [{ path: [], message: "Body is not valid JSON" }]);
  }
  const email = (body as { email?: unknown } | null)?.email;
  if (typeof email !== "string" || email.length === 0 || email.length > 320) throw invalid(["email"], "Enter an email address");
  return email;
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

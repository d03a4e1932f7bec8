// One wrapper per caller type (API key, admin token, cron secret, agent result token): each does its
// auth and maps every thrown error to the one error envelope, so route handlers stay
// `auth → parse → call → respond`.
import { getDb, type Db } from "@/lib/db";
import { authenticateAgentToken, type AgentCaller } from "@/lib/agents/results";
import { hasSessionCookie, sessionCaller } from "@/lib/auth/session";
import { authenticate, bearerToken, constantTimeEqual, type Tenant } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requestNow } from "./clock";
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
 * an API key, so a bad key is a 401 even when a session cookie is present too.
 */
export function withTenant(fn: (req: Request, ctx: TenantContext) => Promise<Response>): RouteHandler {
  return async (req, ctx) => {
    try {
      const db = await getDb();
      const now = requestNow();
      const tenant = await tenantOf(db, req, now);
      return await fn(req, { db, tenant, now, params: await ctx.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

async function tenantOf(db: Db, req: Request, now: Date): Promise<Tenant> {
  const header = req.headers.get("authorization");
  // Only a session cookie makes it a person: tooling that carries other cookies gets the API-key path.
  if (header === null && hasSessionCookie(req)) {
    const caller = await sessionCaller(req);
    if (caller) return caller.tenant;
  }
  return (await authenticate(db, header, now)).tenant;
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

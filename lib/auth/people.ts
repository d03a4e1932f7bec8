// People signing in to the web UI: better-auth (email + password) on our database through its drizzle
// adapter. No password hashing or session cookies of our own: better-auth owns both. Each user
// belongs to one tenant (users.tenant_id); signing up creates the person's own tenant, so a new user
// starts in an empty workspace and never sees anyone else's (docs/adr/0006-people-and-sessions.md).
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { accounts, sessions, tenants, users, verifications } from "@/lib/db/schema";
import { type Env, publicUrl } from "@/lib/env";
import { errorMessage, logEvent, redact } from "@/lib/log";
import type { Tenant } from "./api-keys";

export const MIN_PASSWORD_LENGTH = 10;

/** The better-auth instance for one database and configuration. */
export function createPeopleAuth(db: Db, config: Env) {
  const baseURL = config.BETTER_AUTH_URL ?? publicUrl(config);
  return betterAuth({
    appName: "Rota",
    baseURL,
    secret: config.BETTER_AUTH_SECRET,
    trustedOrigins: trustedOrigins(baseURL),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      autoSignIn: true,
      disableSignUp: config.SIGN_UP === "off",
    },
    user: {
      // Set by the sign-up hook below, never by the client (input: false).
      additionalFields: { tenantId: { type: "string", required: false, input: false } },
    },
    // The cookie's lifetime is set at sign-in: the API's session check does not pass a refreshed
    // cookie back, so a session lasts 30 days from sign-in rather than sliding.
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    // Off: Rota limits sign-in itself (lib/auth/sign-in-limits.ts), per IP it can trust and per email.
    rateLimit: { enabled: false },
    // better-auth's own messages (a failed query quoting a session token among them) go through the
    // redacting operational log, never raw to the console.
    logger: {
      log: (level, message, ...args) =>
        logEvent(level === "error" || level === "warn" ? level : "info", "auth_log", {
          message: redact([message, ...args.map((a) => (a instanceof Error ? errorMessage(a) : typeof a === "string" ? a : safeJson(a)))].join(" ")),
        }),
    },
    advanced: { database: { generateId: () => crypto.randomUUID() } },
    databaseHooks: {
      user: {
        create: {
          // A person who signs up gets a workspace of their own; the demo user is seeded into the
          // demo tenant directly (seedPerson) and never passes here.
          before: async (user) => {
            const now = new Date(user.createdAt ?? Date.now());
            const [tenant] = await db
              .insert(tenants)
              .values({ name: workspaceName(user.name || user.email), createdAt: now, updatedAt: now })
              .returning({ id: tenants.id });
            return { data: { ...user, tenantId: tenant!.id } };
          },
        },
      },
    },
  });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** "Ada's workspace", from what a person typed: control characters out, bounded length. */
export function workspaceName(name: string): string {
  const clean = name.replace(/[\p{Cc}\p{Cs}]/gu, "").trim().slice(0, 80);
  return clean ? `${clean}'s workspace` : "My workspace";
}

/** The public origin; on a local run, localhost and 127.0.0.1 are the same server. */
export function trustedOrigins(baseURL: string): string[] {
  const url = new URL(baseURL);
  const origins = [url.origin];
  if (url.hostname === "localhost") origins.push(`${url.protocol}//127.0.0.1${url.port ? `:${url.port}` : ""}`);
  if (url.hostname === "127.0.0.1") origins.push(`${url.protocol}//localhost${url.port ? `:${url.port}` : ""}`);
  return origins;
}

export type PeopleAuth = ReturnType<typeof createPeopleAuth>;

/**
 * The tenant of the signed-in person whose session cookie `headers` carry, or null (no cookie, an
 * expired or unknown session, or a user without a tenant).
 */
export async function sessionTenant(auth: PeopleAuth, db: Executor, headers: Headers): Promise<SessionCaller | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const [row] = await db
    .select({ tenant: tenants, user: users })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(eq(users.id, session.user.id))
    .limit(1);
  if (!row) return null;
  return { tenant: row.tenant, user: { id: row.user.id, name: row.user.name, email: row.user.email } };
}

export type SessionCaller = { tenant: Tenant; user: { id: string; name: string; email: string } };

/**
 * Create a person in an existing tenant with better-auth's own password hashing (the seed's demo
 * user; an operator adding a teammate). The rows are exactly what email sign-up writes.
 */
export async function seedPerson(
  db: Executor,
  input: { tenantId: string; email: string; name: string; password: string },
  now: Date,
) {
  const id = crypto.randomUUID();
  await db.insert(users).values({
    id,
    name: input.name,
    email: input.email.toLowerCase(),
    emailVerified: true,
    tenantId: input.tenantId,
    createdAt: now,
    updatedAt: now,
  });
  await db.insert(accounts).values({
    id: crypto.randomUUID(),
    accountId: id,
    providerId: "credential",
    userId: id,
    password: await hashPassword(input.password),
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

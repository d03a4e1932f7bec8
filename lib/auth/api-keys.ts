// API keys: `rota_<prefix>_<secret>`. Only a SHA-256 of the whole key is stored; the prefix is the
// public lookup handle, and the hash is compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { preparedPerHandle } from "@/lib/db/prepared";
import { apiKeys, tenants } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

const KEY_RE = /^rota_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
// Writing last_used_at on every request would turn each read into a write; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

export type NewApiKey = { plaintext: string; prefix: string; keyHash: string };

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(9).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0").slice(0, 12);
  const secret = randomBytes(32).toString("base64url");
  const plaintext = `rota_${prefix}_${secret}`;
  return { plaintext, prefix: `rota_${prefix}`, keyHash: hashKey(plaintext) };
}

export function hashKey(plaintext: string): string {
  return createHash("sha256").update(plaintext).digest("hex");
}

export async function issueApiKey(db: Executor, tenantId: string, name: string) {
  const key = generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ tenantId, name, prefix: key.prefix, keyHash: key.keyHash })
    .returning();
  return { row: row!, plaintext: key.plaintext };
}

export type Tenant = typeof tenants.$inferSelect;
export type Caller = { tenant: Tenant; apiKeyId: string };

const unauthorized = (message: string) => new AppError("unauthorized", message);

/**
 * The token of an `Authorization: Bearer <token>` header, or null when the header is absent or not of
 * that form. The one parser for every caller type: API keys, the admin token and the cron secret.
 */
export function bearerToken(header: string | null | undefined): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? null;
}

// Every API request runs this lookup: prepared once per database handle (bench:api's profile).
const keyLookup = preparedPerHandle((db) =>
  db
    .select({ key: apiKeys, tenant: tenants })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(eq(apiKeys.prefix, sql.placeholder("prefix")))
    .limit(1)
    .prepare("api_key_lookup"),
);

/** Resolve `Authorization: Bearer <key>` to its tenant, or throw 401. */
export async function authenticate(db: Executor, header: string | null, now: Date): Promise<Caller> {
  if (!header) throw unauthorized("Missing Authorization header");
  const token = bearerToken(header);
  if (!token) throw unauthorized("Authorization must be 'Bearer <api key>'");
  const parts = KEY_RE.exec(token);
  if (!parts) throw unauthorized("Invalid API key");
  const [row] = await keyLookup(db).execute({ prefix: `rota_${parts[1]}` });
  const presented = Buffer.from(hashKey(token), "hex");
  const stored = Buffer.from(row?.key.keyHash ?? "0".repeat(64), "hex");
  const matches = presented.length === stored.length && timingSafeEqual(presented, stored);
  if (!row || !matches) throw unauthorized("Invalid API key");
  if (row.key.revokedAt) throw unauthorized("API key has been revoked");

  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  // Decided on the row just read, so a request within the minute sends no UPDATE at all (it was a
  // round trip on every request, matching no row: one of the four round trips of GET /schedules/{id}).
  // The statement's own condition still lets one of several concurrent requests write it.
  if (!row.key.lastUsedAt || row.key.lastUsedAt < stale) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
  }
  return { tenant: row.tenant, apiKeyId: row.key.id };
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

// Tenants (operators' verbs), their API keys, and the tenant's daily agent budget.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { apiKeys, tenantDailyUsage, tenants } from "@/lib/db/schema";
import { issueApiKey } from "@/lib/auth/api-keys";
import { notFound } from "@/lib/errors";
import { iso } from "@/lib/validation";
import { nextLocalMidnight, tenantLocalDate } from "@/lib/engine/tz";
import type { CreateApiKey, CreateTenant, UpdateTenant } from "./schemas";

type TenantRow = typeof tenants.$inferSelect;
type ApiKeyRow = typeof apiKeys.$inferSelect;

export function tenantView(t: TenantRow) {
  return { id: t.id, name: t.name, daily_agent_budget: t.dailyAgentBudget, timezone: t.timezone };
}

export function apiKeyView(k: ApiKeyRow) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    last_used_at: iso(k.lastUsedAt),
    revoked_at: iso(k.revokedAt),
    created_at: k.createdAt.toISOString(),
  };
}

/** Creates the tenant and its first API key; the plaintext key is returned once and never stored. */
export async function createTenant(db: Executor, input: CreateTenant, now: Date) {
  return db.transaction(async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({
        name: input.name,
        dailyAgentBudget: input.daily_agent_budget,
        timezone: input.timezone,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const key = await issueApiKey(tx, tenant!.id, "Default key");
    return { tenant: tenantView(tenant!), api_key: key.plaintext };
  });
}

export async function updateTenant(db: Executor, id: string, input: UpdateTenant, now: Date) {
  const [row] = await db
    .update(tenants)
    .set({
      name: input.name,
      dailyAgentBudget: input.daily_agent_budget,
      timezone: input.timezone,
      updatedAt: now,
    })
    .where(eq(tenants.id, id))
    .returning();
  if (!row) throw notFound("Tenant");
  return tenantView(row);
}

export async function listTenants(db: Executor) {
  return (await db.select().from(tenants).orderBy(tenants.createdAt)).map(tenantView);
}

export async function createApiKey(db: Executor, tenantId: string, input: CreateApiKey) {
  const { row, plaintext } = await issueApiKey(db, tenantId, input.name);
  return { ...apiKeyView(row), key: plaintext };
}

export async function listApiKeys(db: Executor, tenantId: string) {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(apiKeyView);
}

export async function revokeApiKey(db: Executor, tenantId: string, id: string, now: Date) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  if (!row) {
    const [existing] = await db.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
    if (!existing) throw notFound("API key");
  }
}

/** Agents started today (tenant-local) against the tenant's daily budget. */
export async function tenantBudget(db: Executor, tenant: TenantRow, now: Date) {
  const day = tenantLocalDate(tenant.timezone, now.getTime());
  const [usage] = await db
    .select({ used: tenantDailyUsage.used })
    .from(tenantDailyUsage)
    .where(and(eq(tenantDailyUsage.tenantId, tenant.id), eq(tenantDailyUsage.localDate, day)));
  const used = usage?.used ?? 0;
  return {
    daily_agent_budget: tenant.dailyAgentBudget,
    used_today: used,
    remaining: Math.max(0, tenant.dailyAgentBudget - used),
    resets_at: new Date(nextLocalMidnight(tenant.timezone, now.getTime())).toISOString(),
    timezone: tenant.timezone,
  };
}

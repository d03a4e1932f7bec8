// The tenant's daily agent budget as a locked counter row per tenant-local date (GUIDE: "a new local
// day is a new row: no reset job"). Locking the row serialises every tick of the tenant that spends,
// so concurrent ticks and triggers can never overspend the day, and a partial grant is exact.
import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "@/lib/db";
import { localDate } from "@/lib/time/local-day";

export type TenantAllowance = { localDate: string; used: number; remaining: number };

/**
 * Locks today's usage row, creating it, in one statement (the no-op DO UPDATE takes the row lock
 * and returns it), and says what is left. Call inside the tick transaction; the tick's write
 * statement adds the spend.
 */
export async function lockTenantAllowance(
  tx: Tx,
  tenant: { id: string; timezone: string; dailyAgentBudget: number },
  now: Date,
): Promise<TenantAllowance> {
  const day = localDate(tenant.timezone, now);
  const [row] = await queryRows<{ used: number }>(
    tx,
    sql`insert into tenant_daily_usage (tenant_id, local_date, used) values (${tenant.id}, ${day}, 0)
        on conflict (tenant_id, local_date) do update set used = tenant_daily_usage.used
        returning used`,
  );
  const used = row?.used ?? 0;
  return { localDate: day, used, remaining: Math.max(0, tenant.dailyAgentBudget - used) };
}

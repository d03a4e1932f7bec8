// The audit trail (docs/engine.md "Runs"): run rows plus live agent counts, newest first.
import { and, count, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { agents, scheduleRuns } from "@/lib/db/schema";
import { keyset, page, type ListQuery } from "@/lib/pagination";
import { findSchedule } from "@/lib/schedules/repo";
import { iso } from "@/lib/validation";

type RunRow = typeof scheduleRuns.$inferSelect;
export type AgentCounts = { queued: number; running: number; passed: number; failed: number; error: number };

const EMPTY_COUNTS: AgentCounts = { queued: 0, running: 0, passed: 0, failed: 0, error: 0 };

export function runView(r: RunRow, counts: AgentCounts = EMPTY_COUNTS) {
  return {
    id: r.id,
    schedule_id: r.scheduleId,
    trigger: r.trigger,
    slot_at: r.slotAt.toISOString(),
    started_at: r.startedAt.toISOString(),
    finished_at: iso(r.finishedAt),
    status: r.status,
    reason: r.reason ?? null,
    budget: { ...r.budget, reserved_for_others: r.budget.reserved_for_others ?? 0 },
    selected: r.selected,
    skipped: r.skipped,
    agents: counts,
    digest: r.digest ?? null,
    error: r.error ?? null,
  };
}
export type RunView = ReturnType<typeof runView>;

/** Agent status counts of many runs in one query. */
export async function agentCountsOf(db: Executor, runIds: string[]): Promise<Map<string, AgentCounts>> {
  const byRun = new Map<string, AgentCounts>(runIds.map((id) => [id, { ...EMPTY_COUNTS }]));
  if (runIds.length === 0) return byRun;
  const rows = await db
    .select({ runId: agents.runId, status: agents.status, n: count() })
    .from(agents)
    .where(inArray(agents.runId, runIds))
    .groupBy(agents.runId, agents.status);
  for (const r of rows) {
    const counts = byRun.get(r.runId!);
    if (counts && r.status in counts) counts[r.status as keyof AgentCounts] = Number(r.n);
  }
  return byRun;
}

export async function listRuns(db: Executor, tenantId: string, scheduleId: string, q: ListQuery) {
  await findSchedule(db, tenantId, scheduleId);
  const ks = keyset(scheduleRuns, q.cursor);
  const rows = await db
    .select()
    .from(scheduleRuns)
    .where(and(eq(scheduleRuns.tenantId, tenantId), eq(scheduleRuns.scheduleId, scheduleId), ks.where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const counts = await agentCountsOf(db, rows.slice(0, q.limit).map((r) => r.id));
  return page(rows, q.limit, (r) => runView(r, counts.get(r.id)));
}

export async function presentRun(db: Executor, run: RunRow) {
  return runView(run, (await agentCountsOf(db, [run.id])).get(run.id));
}

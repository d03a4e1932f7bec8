// Agents (docs/domain.md "Agents"): one execution of one journey. Read-only here; ticks create them.
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { agentScreenshots, agents, findings } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { keyset, page, type ListQuery } from "@/lib/pagination";
import { iso } from "@/lib/validation";
import type { AGENT_STATUSES } from "./schemas";

type AgentRow = typeof agents.$inferSelect;
type FindingRow = typeof findings.$inferSelect;

export function agentSummaryView(a: AgentRow) {
  return {
    id: a.id,
    schedule_id: a.scheduleId,
    run_id: a.runId,
    item_id: a.itemId,
    journey_id: a.journeyId,
    test_plan_id: a.testPlanId,
    status: a.status,
    attempt: a.attempt,
    queued_at: a.queuedAt.toISOString(),
    started_at: iso(a.startedAt),
    finished_at: iso(a.finishedAt),
    duration_ms: a.durationMs,
    error: a.error,
    screenshot_url: a.screenshotUrl,
  };
}

function findingView(f: FindingRow) {
  return { id: f.id, severity: f.severity, title: f.title, detail: f.detail, step: f.step };
}

export async function listAgents(
  db: Executor,
  tenantId: string,
  q: ListQuery & { schedule_id?: string; run_id?: string; status?: (typeof AGENT_STATUSES)[number] },
) {
  const ks = keyset(agents, q.cursor);
  const rows = await db
    .select()
    .from(agents)
    .where(
      and(
        eq(agents.tenantId, tenantId),
        q.schedule_id ? eq(agents.scheduleId, q.schedule_id) : undefined,
        q.run_id ? eq(agents.runId, q.run_id) : undefined,
        q.status ? eq(agents.status, q.status) : undefined,
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  return page(rows, q.limit, agentSummaryView);
}

export async function getAgent(db: Executor, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.tenantId, tenantId), eq(agents.id, id)));
  if (!row) throw notFound("Agent");
  const found = await db
    .select()
    .from(findings)
    .where(eq(findings.agentId, id))
    .orderBy(asc(findings.createdAt), asc(findings.id));
  return { ...agentSummaryView(row), steps: row.steps, findings: found.map(findingView) };
}

/** The PNG of an agent's failing step; another tenant's agent, or none taken, is a 404. */
export async function getAgentScreenshot(db: Executor, tenantId: string, id: string): Promise<Uint8Array> {
  const [row] = await db
    .select({ png: agentScreenshots.png })
    .from(agentScreenshots)
    .where(and(eq(agentScreenshots.tenantId, tenantId), eq(agentScreenshots.agentId, id)));
  if (!row) throw notFound("Screenshot");
  return row.png;
}

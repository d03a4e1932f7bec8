// The agent queue (docs/agents.md "The queue"): agents are rows; workers claim them with
// `FOR UPDATE SKIP LOCKED` and hold them under a lease that a heartbeat renews. A claim whose lease
// runs out (its worker died) is queued again once, then ends `error`. Every write that ends an agent
// is guarded by who holds it, so a worker that lost its lease cannot overwrite a retry's result.
//
// Runs are completed *after* the transaction that ended their agents commits: two transactions ending
// a run's last two agents at once would each still see the other's agent running (READ COMMITTED),
// and neither would complete the run. After commit, the later of the two sees both.
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { queryRows, type Db, type Executor } from "@/lib/db";
import { agentScreenshots, agents, findings } from "@/lib/db/schema";
import type { JourneyStep } from "@/lib/journeys/schemas";
import { completeRuns, distinctRunIds as runIdsOf } from "@/lib/runs/complete";
import { clipText } from "@/lib/text";
import type { AgentJob, AgentResult } from "./executor";

/** An agent is tried this many times in all when its worker disappears. */
export const MAX_ATTEMPTS = 2;
/** The lease owner of agents handed to the external fleet (webhook executor). */
export const WEBHOOK_OWNER = "webhook";

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

type ClaimedRow = {
  id: string;
  tenant_id: string;
  run_id: string | null;
  attempt: number;
  journey_id: string;
  base_url: string | null;
  journey_name: string | null;
  start_path: string | null;
  steps: JourneyStep[] | null;
};

/**
 * Claims up to `limit` queued agents, oldest first, for `owner` until `now + leaseMs`. Lock, then
 * read: the first statement locks the rows (skipping those another worker holds), the next ones
 * change and read them. An agent whose journey or project was deleted meanwhile ends `error` here.
 */
export async function claimAgents(
  db: Db,
  opts: { owner: string; limit: number; now: Date; leaseMs: number },
): Promise<AgentJob[]> {
  if (opts.limit <= 0) return [];
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
  const orphanRuns: string[] = [];
  const jobs = await db.transaction(async (tx) => {
    const locked = await queryRows<{ id: string }>(
      tx,
      sql`select id from agents where status = 'queued'
           order by queued_at, id limit ${opts.limit} for update skip locked`,
    );
    if (locked.length === 0) return [];
    const ids = locked.map((r) => r.id);
    const rows = await queryRows<ClaimedRow>(
      tx,
      sql`with claimed as (
            update agents set status = 'running', lease_owner = ${opts.owner}, lease_until = ${at(leaseUntil)},
                              started_at = ${at(opts.now)}, finished_at = null, error = null
             where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
            returning id, tenant_id, run_id, attempt, journey_id, project_id, queued_at)
          select c.id, c.tenant_id, c.run_id, c.attempt, c.journey_id, p.base_url,
                 j.name as journey_name, j.start_path, j.steps
            from claimed c
            left join journeys j on j.id = c.journey_id and j.tenant_id = c.tenant_id
            left join projects p on p.id = c.project_id and p.tenant_id = c.tenant_id
           order by c.queued_at, c.id`,
    );
    const jobs: AgentJob[] = [];
    const orphans: string[] = [];
    for (const r of rows) {
      if (r.journey_name === null || r.base_url === null || r.start_path === null) {
        orphans.push(r.id);
        continue;
      }
      jobs.push({
        agentId: r.id,
        tenantId: r.tenant_id,
        runId: r.run_id,
        attempt: r.attempt,
        baseUrl: r.base_url,
        journey: { id: r.journey_id, name: r.journey_name, startPath: r.start_path, steps: r.steps ?? [] },
      });
    }
    if (orphans.length > 0) {
      const ended = await tx
        .update(agents)
        .set({
          status: "error",
          error: "The journey (or its project) was deleted before the agent ran",
          finishedAt: opts.now,
          durationMs: 0,
          leaseOwner: null,
          leaseUntil: null,
        })
        .where(inArray(agents.id, orphans))
        .returning({ runId: agents.runId });
      orphanRuns.push(...runIdsOf(ended));
    }
    return jobs;
  });
  await completeRuns(db, opts.now, orphanRuns);
  return jobs;
}

/** Extends `owner`'s leases on `ids`; returns the ids it no longer holds (lost to expiry). */
export async function renewLeases(
  db: Executor,
  opts: { owner: string; ids: string[]; now: Date; leaseMs: number },
): Promise<string[]> {
  if (opts.ids.length === 0) return [];
  const held = await db
    .update(agents)
    .set({ leaseUntil: new Date(opts.now.getTime() + opts.leaseMs) })
    .where(and(inArray(agents.id, opts.ids), eq(agents.status, "running"), eq(agents.leaseOwner, opts.owner)))
    .returning({ id: agents.id });
  const kept = new Set(held.map((r) => r.id));
  return opts.ids.filter((id) => !kept.has(id));
}

/**
 * Who may record a result: the worker holding the lease of this attempt (a worker reaped from under
 * and claimed back by the same owner must not record the stale attempt's result), or the holder of
 * the single-use token within its report window.
 */
export type FinishGuard = { owner: string; attempt: number } | { resultTokenHash: string };

/**
 * Records a result, once: only while the agent is still `running` for the guard (its worker's
 * lease, or the single-use token of the external agent). Completes the agent's run when this was
 * its last unfinished agent. Returns false when the guard no longer holds (nothing written).
 */
export async function finishAgent(
  db: Db,
  opts: { agentId: string; guard: FinishGuard; result: AgentResult; now: Date },
): Promise<{ applied: boolean; runCompleted: boolean; runId: string | null }> {
  const { agentId, guard, now } = opts;
  const result = storableResult(opts.result);
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(agents)
      .set({
        status: result.status,
        finishedAt: now,
        durationMs: Math.max(0, Math.round(result.durationMs)),
        steps: result.steps,
        error: result.error,
        screenshotUrl: result.screenshot ? screenshotPath(agentId) : null,
        leaseOwner: null,
        leaseUntil: null,
        resultTokenHash: null,
      })
      .where(
        and(
          eq(agents.id, agentId),
          eq(agents.status, "running"),
          "owner" in guard
            ? and(eq(agents.leaseOwner, guard.owner), eq(agents.attempt, guard.attempt))
            : and(
                eq(agents.leaseOwner, WEBHOOK_OWNER),
                eq(agents.resultTokenHash, guard.resultTokenHash),
                gte(agents.leaseUntil, now),
              ),
        ),
      )
      .returning({ tenantId: agents.tenantId, runId: agents.runId });
    if (!row) return null;
    if (result.findings.length > 0) {
      await tx.insert(findings).values(
        result.findings.map((f) => ({
          tenantId: row.tenantId,
          agentId,
          severity: f.severity,
          title: f.title,
          detail: f.detail,
          step: f.step,
          createdAt: now,
        })),
      );
    }
    if (result.screenshot) {
      await tx
        .insert(agentScreenshots)
        .values({ agentId, tenantId: row.tenantId, png: result.screenshot, createdAt: now })
        .onConflictDoUpdate({ target: agentScreenshots.agentId, set: { png: result.screenshot, createdAt: now } });
    }
    return row;
  });
  if (!row) return { applied: false, runCompleted: false, runId: null };
  const completed = await completeRuns(db, now, row.runId ? [row.runId] : []);
  return { applied: true, runCompleted: completed.length > 0, runId: row.runId };
}

/** The agent now waits for the external fleet's report, under a lease no heartbeat renews. */
export async function handOffAgent(
  db: Executor,
  opts: { agentId: string; owner: string; resultTokenHash: string; now: Date; leaseMs: number },
): Promise<boolean> {
  const rows = await db
    .update(agents)
    .set({
      leaseOwner: WEBHOOK_OWNER,
      leaseUntil: new Date(opts.now.getTime() + opts.leaseMs),
      resultTokenHash: opts.resultTokenHash,
      executor: "webhook",
    })
    .where(and(eq(agents.id, opts.agentId), eq(agents.status, "running"), eq(agents.leaseOwner, opts.owner)))
    .returning({ id: agents.id });
  return rows.length > 0;
}

/** A stopping worker gives back what it has not finished: queued again, same attempt. */
export async function releaseAgents(db: Executor, opts: { owner: string; ids: string[] }): Promise<number> {
  if (opts.ids.length === 0) return 0;
  const rows = await db
    .update(agents)
    .set({ status: "queued", leaseOwner: null, leaseUntil: null, startedAt: null })
    .where(and(inArray(agents.id, opts.ids), eq(agents.status, "running"), eq(agents.leaseOwner, opts.owner)))
    .returning({ id: agents.id });
  return rows.length;
}

/**
 * Agents whose lease ran out at `now`: queued again for their second attempt, or ended `error` with
 * the reason after it. Safe to run from any number of workers and cron passes at once (the WHERE
 * is re-checked on each row under its lock, so an agent is reaped once).
 */
export async function reapExpiredLeases(
  db: Db,
  now: Date,
): Promise<{ requeued: number; failed: number; completedRuns: string[] }> {
  // One statement: atomic on its own, no transaction needed.
  {
    const rows = await queryRows<{ id: string; run_id: string | null; status: string }>(
      db,
      sql`update agents set
            status = case when attempt >= ${MAX_ATTEMPTS} then 'error' else 'queued' end,
            error = case when attempt >= ${MAX_ATTEMPTS} then
                      case when lease_owner = ${WEBHOOK_OWNER}
                        then 'The external agent did not report a result in time (attempt ' || attempt || ' of ' || ${MAX_ATTEMPTS} || '); not retried again'
                        else 'Its worker stopped responding (lease expired on attempt ' || attempt || ' of ' || ${MAX_ATTEMPTS} || ', worker ' || coalesce(lease_owner, '?') || '); not retried again'
                      end
                    else error end,
            finished_at = case when attempt >= ${MAX_ATTEMPTS} then ${at(now)} else null end,
            started_at = case when attempt >= ${MAX_ATTEMPTS} then started_at else null end,
            attempt = case when attempt >= ${MAX_ATTEMPTS} then attempt else attempt + 1 end,
            lease_owner = null, lease_until = null, result_token_hash = null
          where status = 'running' and lease_until < ${at(now)}
          returning id, run_id, status`,
    );
    const failed = rows.filter((r) => r.status === "error");
    const completedRuns = await completeRuns(db, now, runIdsOf(failed.map((r) => ({ runId: r.run_id }))));
    return { requeued: rows.length - failed.length, failed: failed.length, completedRuns };
  }
}

/** Deletes up to `limit` finished agents created before `now - days` (findings and screenshots go with them). */
export async function deleteExpiredAgents(db: Executor, now: Date, days: number, limit = 1000): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`delete from agents where id in (
          select id from agents
           where created_at < ${at(cutoff)} and status not in ('queued', 'running')
           order by created_at limit ${limit})
        returning id`,
  );
  return rows.length;
}

export function screenshotPath(agentId: string): string {
  return `/api/v1/agents/${agentId}/screenshot`;
}


/**
 * PostgreSQL stores neither U+0000 nor a lone UTF-16 surrogate in text or jsonb, and page text (a
 * console message, a step's error quoting the journey) may carry either: one such character would
 * make the whole result unstorable. They are replaced, and every string bounded.
 */
export function storableResult(result: AgentResult): AgentResult {
  return {
    ...result,
    error: result.error === null ? null : storableText(result.error, 2_000),
    steps: result.steps.map((s) => ({
      ...s,
      action: storableText(s.action, 100),
      error: s.error === null ? null : storableText(s.error, 2_000),
    })),
    findings: result.findings.map((f) => ({
      ...f,
      title: storableText(f.title, 500),
      detail: storableText(f.detail, 5_000),
    })),
  };
}

export function storableText(text: string, max: number): string {
  // NUL, and any surrogate not part of a pair, become U+FFFD (the replacement character).
  const cleaned = text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  return clipText(cleaned, max);
}

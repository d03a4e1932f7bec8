// Digests, exactly once (docs/digest.md): when a run completes, its digest is decided and, if it is to
// be sent, written as a row of `emails` under the unique key `digest:run:<run id>` *before* anything
// is sent. Sending then takes one pending row at a time under a row lock (SKIP LOCKED: concurrent
// passes and workers never take the same one), hands it to the transport with that key as Resend's
// idempotency key, and records the outcome with the run. A crash between a send and its record leaves
// the row pending; the next pass sends it again with the same key, which Resend drops as a repeat.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { queryRows, type Db, type Executor } from "@/lib/db";
import { agents, emails, findings, journeys, projects, scheduleRuns, schedules, type RunDigest } from "@/lib/db/schema";
import type { DigestContent } from "./content";
import { errorMessage, logEvent } from "@/lib/log";
import { renderDigest } from "./render";
import type { EmailTransport } from "./transport";

/** A message is tried this many times in all, then left `failed` with its last error. */
export const MAX_SEND_ATTEMPTS = 5;
/** Waits after the 1st, 2nd, … failed try. */
const BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

export type DigestSettings = { appUrl: string; from: string; transport: EmailTransport };

const runKey = (runId: string) => `digest:run:${runId}`;

/**
 * Decides the digest of each completed run among `runIds` whose schedule has one enabled: `suppressed`
 * (recorded on the run), or a pending message. Does nothing for a run already decided, so calling it
 * again (a second pass, a concurrent worker) changes nothing. Returns the ids of new messages.
 */
export async function prepareRunDigests(db: Db, runIds: string[], now: Date, settings: DigestSettings): Promise<string[]> {
  const created: string[] = [];
  for (const runId of runIds) {
    try {
      const id = await prepareOne(db, runId, now, settings);
      if (id) created.push(id);
    } catch (err) {
      // One run that cannot be rendered must not hold up every other digest (nor the cron pass).
      logEvent("error", "digest_prepare_failed", { run_id: runId, message: errorMessage(err) });
    }
  }
  return created;
}

/** One run's digest: null when none is due (disabled, deleted, decided already, or suppressed). */
async function prepareOne(db: Db, runId: string, now: Date, settings: DigestSettings): Promise<string | null> {
  const [row] = await db
    .select({ run: scheduleRuns, schedule: schedules, projectName: projects.name })
    .from(scheduleRuns)
    .innerJoin(schedules, eq(schedules.id, scheduleRuns.scheduleId))
    .innerJoin(projects, eq(projects.id, schedules.projectId))
    .where(and(eq(scheduleRuns.id, runId), eq(scheduleRuns.status, "completed"), isNull(scheduleRuns.digest)));
  const config = row?.schedule.digestConfig;
  // A deleted schedule's last run, or a digest turned off since: nobody asked for this mail.
  if (!row || !config?.enabled || row.schedule.deletedAt) return null;
  const content = await digestContent(db, row.schedule, row.projectName, [row.run], settings.appUrl);
  const anyFailed = content.agents.some((a) => a.status === "failed" || a.status === "error");
  if (config.send === "on_failure" && !anyFailed) {
    const suppressed: RunDigest = { status: "suppressed", sent_at: null, message_id: null, error: null };
    await db.update(scheduleRuns).set({ digest: suppressed }).where(and(eq(scheduleRuns.id, runId), isNull(scheduleRuns.digest)));
    return null;
  }
  const rendered = await renderDigest(content);
  const [inserted] = await db
    .insert(emails)
    .values({
      tenantId: row.schedule.tenantId,
      scheduleId: row.schedule.id,
      idempotencyKey: runKey(runId),
      transport: settings.transport.name,
      recipients: config.recipients,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      runIds: [runId],
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: emails.idempotencyKey })
    .returning({ id: emails.id });
  return inserted?.id ?? null;
}

/**
 * Sends pending messages that are due (or just `onlyIds`), one at a time, each under its row lock.
 * Returns how many were sent and how many failed this time.
 */
export async function sendDueDigests(
  db: Db,
  now: Date,
  settings: DigestSettings,
  opts: { onlyIds?: string[]; limit?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  if (opts.onlyIds?.length === 0) return result;
  const only = opts.onlyIds ? sql`and id in (${sql.join(opts.onlyIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  for (let i = 0; i < (opts.limit ?? 50); i++) {
    const outcome = await db.transaction(async (tx) => {
      const [message] = await queryRows<{ id: string }>(
        tx,
        sql`select id from emails
             where status = 'pending' and (next_attempt_at is null or next_attempt_at <= ${now.toISOString()}::timestamptz) ${only}
             order by created_at, id limit 1 for update skip locked`,
      );
      if (!message) return null;
      const [email] = await tx.select().from(emails).where(eq(emails.id, message.id));
      return sendOne(tx, email!, now, settings);
    });
    if (outcome === null) break;
    result[outcome]++;
  }
  return result;
}

async function sendOne(tx: Executor, email: typeof emails.$inferSelect, now: Date, settings: DigestSettings) {
  const attempts = email.attempts + 1;
  try {
    const { messageId } = await settings.transport.send({
      from: settings.from,
      to: email.recipients,
      subject: email.subject,
      html: email.html,
      text: email.text,
      idempotencyKey: email.idempotencyKey,
    });
    await tx
      .update(emails)
      .set({ status: "sent", messageId, sentAt: now, error: null, attempts, nextAttemptAt: null, transport: settings.transport.name })
      .where(eq(emails.id, email.id));
    if (isRunDigest(email)) await recordOnRuns(tx, email.runIds, { status: "sent", sent_at: now.toISOString(), message_id: messageId, error: null });
    return "sent" as const;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const last = attempts >= MAX_SEND_ATTEMPTS;
    await tx
      .update(emails)
      .set({
        status: last ? "failed" : "pending",
        error,
        attempts,
        nextAttemptAt: last ? null : new Date(now.getTime() + BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)]!),
      })
      .where(eq(emails.id, email.id));
    if (isRunDigest(email)) await recordOnRuns(tx, email.runIds, { status: "failed", sent_at: null, message_id: null, error });
    return "failed" as const;
  }
}

/**
 * A run's `digest` is its own digest's: a forced one (which may cover runs that had theirs, or are
 * still running) is recorded in the outbox only.
 */
function isRunDigest(email: typeof emails.$inferSelect): boolean {
  return email.idempotencyKey.startsWith("digest:run:");
}

async function recordOnRuns(tx: Executor, runIds: string[], digest: RunDigest) {
  if (runIds.length === 0) return;
  await tx.update(scheduleRuns).set({ digest }).where(inArray(scheduleRuns.id, runIds));
}

/** Everything a digest shows, from the runs' agents, their journeys and findings. */
export async function digestContent(
  db: Executor,
  schedule: typeof schedules.$inferSelect,
  projectName: string,
  runs: (typeof scheduleRuns.$inferSelect)[],
  appUrl: string,
): Promise<DigestContent> {
  const runIds = runs.map((r) => r.id);
  const rows = runIds.length
    ? await db
        .select({ agent: agents, journeyName: journeys.name })
        .from(agents)
        .leftJoin(journeys, eq(journeys.id, agents.journeyId))
        .where(inArray(agents.runId, runIds))
        .orderBy(asc(agents.queuedAt), asc(agents.id))
    : [];
  const found = rows.length
    ? await db.select().from(findings).where(inArray(findings.agentId, rows.map((r) => r.agent.id)))
    : [];
  return {
    schedule: { id: schedule.id, name: schedule.name, timezone: schedule.timezone },
    projectName,
    runs: [...runs]
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
      .map((r) => ({ id: r.id, trigger: r.trigger, startedAt: r.startedAt, finishedAt: r.finishedAt })),
    agents: rows.map(({ agent, journeyName }) => ({
      id: agent.id,
      journeyName: journeyName ?? "(deleted journey)",
      status: agent.status,
      durationMs: agent.durationMs,
      error: agent.error,
      findings: found
        .filter((f) => f.agentId === agent.id)
        .map((f) => ({ severity: f.severity, title: f.title, detail: f.detail, step: f.step })),
    })),
    minSeverity: schedule.digestConfig?.min_severity ?? null,
    appUrl,
  };
}

/**
 * Completed runs of the last hours whose digest was never decided (the process that completed them
 * stopped first, or they completed where no digest is prepared: a reaper, a lost worker's last agent).
 */
export async function undecidedRuns(db: Executor, now: Date, windowMs = 6 * 3_600_000, limit = 200): Promise<string[]> {
  const since = new Date(now.getTime() - windowMs);
  // Only runs that completed while the schedule was as it is now (not updated since): turning a
  // digest on must not mail the runs that completed while it was off.
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select r.id from schedule_runs r join schedules s on s.id = r.schedule_id
         where r.status = 'completed' and r.digest is null and r.finished_at >= ${since.toISOString()}::timestamptz
           and s.deleted_at is null and s.updated_at <= r.finished_at
           and (s.digest_config->>'enabled')::boolean
           and not exists (select 1 from emails e where e.idempotency_key = 'digest:run:' || r.id::text)
         order by r.finished_at limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/** The digests of runs that just completed: decided, and sent now (inside the caller's request or worker). */
export async function deliverRunDigests(db: Db, runIds: string[], now: Date, settings: DigestSettings) {
  const ids = await prepareRunDigests(db, runIds, now, settings);
  return sendDueDigests(db, now, settings, { onlyIds: ids });
}

/** The cron pass's part: runs nobody decided, then every message that is due (new or a retry). */
export async function digestPass(db: Db, now: Date, settings: DigestSettings) {
  await prepareRunDigests(db, await undecidedRuns(db, now), now, settings);
  return sendDueDigests(db, now, settings);
}

// Kept for the outbox list and force-send: the schedule's messages, newest first.
export const newestFirst = [desc(emails.createdAt), desc(emails.id)] as const;

// POST /api/v1/schedules/{id}/digest (docs/digest.md "Send now"): one digest covering the schedule's
// runs since its last digest (at least the latest run), whatever `send` says, at most once a minute per
// schedule so that the endpoint cannot flood inboxes.
import { and, desc, eq, gt, isNull, like } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { emails, projects, scheduleRuns, schedules } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { digestContent, sendDueDigests, type DigestSettings } from "./deliver";
import { renderDigest } from "./render";

export const FORCE_INTERVAL_MS = 60_000;

export type ForcedDigest = { sent: boolean; recipients: string[]; run_ids: string[]; message_id: string | null };

export async function forceDigest(db: Db, tenantId: string, scheduleId: string, now: Date, settings: DigestSettings): Promise<ForcedDigest> {
  const emailId = await db.transaction(async (tx) => {
    // The schedule's row lock orders concurrent forced sends: the second sees the first's message.
    const [locked] = await tx
      .select({ schedule: schedules, projectName: projects.name })
      .from(schedules)
      .innerJoin(projects, eq(projects.id, schedules.projectId))
      .where(and(eq(schedules.id, scheduleId), eq(schedules.tenantId, tenantId), isNull(schedules.deletedAt)))
      .for("update", { of: schedules });
    if (!locked) throw notFound("Schedule");
    const { schedule, projectName } = locked;
    const config = schedule.digestConfig;
    if (!config?.enabled) throw new AppError("digest_disabled", "This schedule's digest is disabled; enable it in digest_config");

    const [lastForced] = await tx
      .select({ createdAt: emails.createdAt })
      .from(emails)
      .where(and(eq(emails.scheduleId, schedule.id), like(emails.idempotencyKey, "digest:force:%")))
      .orderBy(desc(emails.createdAt))
      .limit(1);
    const waitMs = lastForced ? lastForced.createdAt.getTime() + FORCE_INTERVAL_MS - now.getTime() : 0;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError("rate_limited", `A digest of this schedule was sent less than a minute ago; try again in ${seconds} s`, undefined, seconds);
    }

    const [lastDigest] = await tx
      .select({ createdAt: emails.createdAt })
      .from(emails)
      .where(eq(emails.scheduleId, schedule.id))
      .orderBy(desc(emails.createdAt))
      .limit(1);
    // Completed runs only: a run still going has no results to report yet (its own digest follows).
    const completed = and(eq(scheduleRuns.scheduleId, schedule.id), eq(scheduleRuns.status, "completed"));
    let runs = await tx
      .select()
      .from(scheduleRuns)
      .where(and(completed, lastDigest ? gt(scheduleRuns.createdAt, lastDigest.createdAt) : undefined))
      .orderBy(desc(scheduleRuns.createdAt))
      .limit(50);
    if (runs.length === 0) {
      runs = await tx.select().from(scheduleRuns).where(completed).orderBy(desc(scheduleRuns.createdAt)).limit(1);
    }
    if (runs.length === 0) throw new AppError("no_runs", "No run of this schedule has completed yet: trigger it, and send once its agents are done");

    const rendered = await renderDigest(await digestContent(tx, schedule, projectName, runs, settings.appUrl));
    const [inserted] = await tx
      .insert(emails)
      .values({
        tenantId,
        scheduleId: schedule.id,
        idempotencyKey: `digest:force:${schedule.id}:${now.getTime()}`,
        transport: settings.transport.name,
        recipients: config.recipients,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        runIds: runs.map((r) => r.id),
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: emails.id });
    return inserted!.id;
  });
  // Sent after the commit: a send never holds the schedule's lock.
  await sendDueDigests(db, now, settings, { onlyIds: [emailId] });
  const [email] = await db.select().from(emails).where(eq(emails.id, emailId));
  return { sent: email!.status === "sent", recipients: email!.recipients, run_ids: email!.runIds, message_id: email!.messageId };
}


// POST /api/v1/schedules/{id}/digest/preview (docs/digest.md "Preview"): the digest email as it would
// look with the given settings (unsaved ones from the settings form, or the saved ones), rendered with
// the real template for the schedule's latest run, or for sample data when it has none yet. Reads
// only: nothing is written, nothing is sent.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { projects, scheduleRuns, schedules, type DigestConfig } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { DigestContent } from "./content";
import { digestContent } from "./deliver";
import { renderDigest } from "./render";
import { sampleDigest } from "./sample";

export type DigestPreview = { subject: string; html: string; text: string; sample: boolean; run_id: string | null };

export async function previewDigest(
  db: Executor,
  tenantId: string,
  scheduleId: string,
  now: Date,
  appUrl: string,
  body: { digest_config?: DigestConfig },
): Promise<DigestPreview> {
  const [row] = await db
    .select({ schedule: schedules, projectName: projects.name })
    .from(schedules)
    .innerJoin(projects, eq(projects.id, schedules.projectId))
    .where(and(eq(schedules.id, scheduleId), eq(schedules.tenantId, tenantId), isNull(schedules.deletedAt)));
  if (!row) throw notFound("Schedule");
  const { schedule, projectName } = row;
  // The given settings, else the saved ones, else the defaults (every finding shown).
  const config = body.digest_config ?? schedule.digestConfig;
  const minSeverity = config?.min_severity ?? null;

  // The run a digest would now be about: the latest completed one; else the latest at all (still going).
  const latest = (completedOnly: boolean) =>
    db
      .select()
      .from(scheduleRuns)
      .where(and(eq(scheduleRuns.scheduleId, schedule.id), completedOnly ? eq(scheduleRuns.status, "completed") : undefined))
      .orderBy(desc(scheduleRuns.createdAt), desc(scheduleRuns.id))
      .limit(1);
  const [run] = [...(await latest(true)), ...(await latest(false))];

  let content: DigestContent;
  if (run) {
    content = { ...(await digestContent(db, schedule, projectName, [run], appUrl)), minSeverity };
  } else {
    // Sample journeys and findings, under this schedule's name, project, zone and links.
    const sample = sampleDigest();
    const took = sample.runs[0]!.finishedAt!.getTime() - sample.runs[0]!.startedAt.getTime();
    content = {
      ...sample,
      schedule: { id: schedule.id, name: schedule.name, timezone: schedule.timezone },
      projectName,
      runs: [{ ...sample.runs[0]!, startedAt: new Date(now.getTime() - took), finishedAt: now }],
      minSeverity,
      appUrl,
    };
  }
  const rendered = await renderDigest(content);
  return { ...rendered, sample: !run, run_id: run?.id ?? null };
}

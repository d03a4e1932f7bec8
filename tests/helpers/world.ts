// Data factories that write through the domain verbs directly (no HTTP), for engine tests that
// drive many ticks. Each call makes its own tenant, so tests never share rows.
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { agents, tenants } from "@/lib/db/schema";
import { createJourney } from "@/lib/journeys/service";
import { createProject } from "@/lib/projects/service";
import { addItem } from "@/lib/schedules/items";
import { createSchedule } from "@/lib/schedules/service";
import type { CreateSchedule } from "@/lib/schedules/schemas";
import { createTenant } from "@/lib/tenants/service";
import { createTestPlan } from "@/lib/test-plans/service";
import { tickSchedule } from "@/lib/tick/tick";

export async function makeTenant(db: Db, now: Date, opts: { budget?: number; timezone?: string } = {}) {
  const { tenant } = await createTenant(
    db,
    { name: "T", daily_agent_budget: opts.budget ?? 1000, timezone: opts.timezone ?? "UTC" },
    now,
  );
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenant.id));
  const project = await createProject(db, tenant.id, { name: "P", base_url: "https://p.test" }, now);
  return { tenant: row!, project };
}

export async function makeJourneys(db: Db, tenantId: string, projectId: string, n: number, now: Date) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await createJourney(
        db,
        tenantId,
        { project_id: projectId, name: `J${i}`, description: "", start_path: "/", steps: [] },
        now,
      ),
    );
  }
  return out;
}

export async function makePlan(db: Db, tenantId: string, projectId: string, journeyIds: string[], now: Date) {
  return createTestPlan(db, tenantId, { project_id: projectId, name: "Plan", journey_ids: journeyIds }, now);
}

export const SCHEDULE_DEFAULTS = {
  enabled: true,
  run_time: "09:00",
  run_days: [1, 2, 3, 4, 5, 6, 7],
  tick_interval_hours: 24,
  coverage_window_hours: 120,
  daily_budget: null,
  digest_config: null,
} satisfies Omit<CreateSchedule, "project_id" | "name">;

export async function makeSchedule(
  db: Db,
  tenant: typeof tenants.$inferSelect,
  projectId: string,
  now: Date,
  opts: Partial<CreateSchedule> = {},
) {
  return createSchedule(db, tenant, { project_id: projectId, name: "S", ...SCHEDULE_DEFAULTS, ...opts }, now);
}

export async function addJourneyItems(
  db: Db,
  tenantId: string,
  scheduleId: string,
  journeyIds: string[],
  now: Date,
  priority = 0,
) {
  const items = [];
  for (const journey_id of journeyIds) items.push(await addItem(db, tenantId, scheduleId, { journey_id, priority }, now));
  return items;
}

/**
 * A tenant whose schedule over `n` new journeys was triggered once at `now`: a run with `n` queued
 * agents (the schedule's budget is `n`). For queue and worker tests.
 */
export async function makeQueuedRun(db: Db, n: number, now: Date) {
  const { tenant, project } = await makeTenant(db, now);
  const journeys = await makeJourneys(db, tenant.id, project.id, n, now);
  const schedule = await makeSchedule(db, tenant, project.id, now, { daily_budget: n });
  await addJourneyItems(db, tenant.id, schedule.id, journeys.map((j) => j.id), now);
  const run = await tickSchedule(db, { trigger: "manual", scheduleId: schedule.id, tenantId: tenant.id, now });
  if (!run) throw new Error("the trigger wrote no run");
  const queued = await db
    .select({ id: agents.id })
    .from(agents)
    .where(eq(agents.runId, run.id))
    .orderBy(asc(agents.queuedAt), asc(agents.id));
  return { tenant, project, schedule, journeys, runId: run.id, agentIds: queued.map((a) => a.id) };
}

/**
 * Adds the schedule's next spare journey or test plan as an item, through the real items verb: the
 * simulations' churn. Returns the item with the journeys it runs.
 */
export async function addSpareItem(
  db: Db,
  tenantId: string,
  s: { id: string; spareJourneys: string[]; sparePlans: { id: string; journeyIds: string[] }[] },
  kind: "journey" | "plan",
  priority: number,
  at: number,
) {
  if (kind === "journey") {
    const j = s.spareJourneys.shift()!;
    return { view: await addItem(db, tenantId, s.id, { journey_id: j, priority }, new Date(at)), journeyIds: [j], planId: null };
  }
  const p = s.sparePlans.shift()!;
  return { view: await addItem(db, tenantId, s.id, { test_plan_id: p.id, priority }, new Date(at)), journeyIds: p.journeyIds, planId: p.id };
}

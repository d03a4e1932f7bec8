// The demo workspace `npm start` seeds into a fresh embedded database: a tenant with a project,
// journeys, a test plan and a schedule, so the UI and API have something to show at once.
import type { Db } from "@/lib/db";
import { tenants } from "@/lib/db/schema";
import { createJourney } from "@/lib/journeys/service";
import { createProject } from "@/lib/projects/service";
import { addItem } from "@/lib/schedules/items";
import { createSchedule } from "@/lib/schedules/service";
import { createTenant } from "@/lib/tenants/service";
import { createTestPlan } from "@/lib/test-plans/service";

const DEMO_JOURNEYS = [
  { name: "Home page loads", start_path: "/", steps: [{ action: "expect_text", text: "Rota" }] },
  { name: "Browse the catalogue", start_path: "/", steps: [{ action: "goto", path: "/" }] },
  { name: "Search for a product", start_path: "/", steps: [] },
  { name: "Add to cart", start_path: "/", steps: [] },
  { name: "Checkout as guest", start_path: "/", steps: [] },
  { name: "Sign in", start_path: "/", steps: [] },
];

/** Seeds once: returns the new demo API key, or null when the database already has tenants. */
export async function seedDemo(db: Db, now: Date, baseUrl: string): Promise<string | null> {
  const existing = await db.select({ id: tenants.id }).from(tenants).limit(1);
  if (existing.length > 0) return null;
  const { tenant, api_key } = await createTenant(db, { name: "Demo", daily_agent_budget: 100, timezone: "UTC" }, now);
  const project = await createProject(db, tenant.id, { name: "Demo shop", base_url: baseUrl }, now);
  const journeys = [];
  for (const j of DEMO_JOURNEYS) {
    journeys.push(
      await createJourney(db, tenant.id, { project_id: project.id, description: "", ...j } as never, now),
    );
  }
  const plan = await createTestPlan(
    db,
    tenant.id,
    { project_id: project.id, name: "Purchase flow", journey_ids: journeys.slice(3, 5).map((j) => j.id) },
    now,
  );
  const fullTenant = (await db.select().from(tenants)).find((t) => t.id === tenant.id)!;
  const schedule = await createSchedule(
    db,
    fullTenant,
    {
      project_id: project.id,
      name: "Daily regression",
      enabled: true,
      timezone: "UTC",
      run_time: "09:00",
      run_days: [1, 2, 3, 4, 5, 6, 7],
      tick_interval_hours: 24,
      coverage_window_hours: 72,
      daily_budget: null,
      digest_config: { enabled: true, recipients: ["qa@example.com"], send: "always", min_severity: null },
    },
    now,
  );
  for (const [i, j] of journeys.slice(0, 3).entries()) {
    await addItem(db, tenant.id, schedule.id, { journey_id: j.id, priority: 3 - i }, now);
  }
  await addItem(db, tenant.id, schedule.id, { test_plan_id: plan.id, priority: 0 }, now);
  return api_key;
}

// npm run bench:tick — a cron pass over 1,000 due schedules × 100 items (100,000 items) on
// PostgreSQL, against a baseline measured in the same run on the same data: plain SQL that reads
// the same item rows and inserts the same number of agent rows, one statement each per schedule.
// Prints items/s, round trips per schedule and the ratio. Then a preview (selection and forecast)
// of one schedule of 10,000 items ticking hourly with the largest window (8,760 h), against a
// manual tick of the same schedule. Figures, not assertions.
//
//   BENCH_DATABASE_URL (or TEST_DATABASE_URL) = a PostgreSQL server; a scratch database is
//   created and dropped. BENCH_SCHEDULES / BENCH_ITEMS scale it down for a quick look.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { eq, sql } from "drizzle-orm";
import { openDb, queryRows, type DbHandle } from "@/lib/db";
import { cronPass } from "@/lib/tick/cron-pass";
import { tickSchedule } from "@/lib/tick/tick";
import { tenants } from "@/lib/db/schema";
import { forecastWithWork } from "@/lib/engine/forecast";
import { deadlineCalculator, selectForTick, withDeadline } from "@/lib/engine/selection";
import { slotSource } from "@/lib/engine/slots";
import { previewTick } from "@/lib/tick/preview";
import { adminQuery, withDatabase } from "@/tests/helpers/databases";

const SCHEDULES = Number(process.env.BENCH_SCHEDULES ?? 1000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);
const BIG = Number(process.env.BENCH_BIG_ITEMS ?? 10_000);
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const CREATED = new Date("2026-03-02T08:00:00Z");
const NOW = new Date("2026-03-02T09:00:30Z");

const admin = (text: string) => adminQuery(base, text);

/** Counts statements sent by every pg client in this process: the round trips of a workload. */
let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

function countQueries(_handle: DbHandle): { count: () => number; reset: () => void } {
  return { count: () => statements, reset: () => (statements = 0) };
}

async function seed(h: DbHandle, schedules: number, items: number, dailyAgentBudget = 1_000_000_000) {
  // Bulk SQL: the data set, not the API, is what is measured.
  const [t] = await queryRows<{ id: string }>(
    h.db,
    sql`insert into tenants (name, daily_agent_budget, timezone) values ('bench', ${dailyAgentBudget}, 'UTC') returning id`,
  );
  const tenant = t!.id;
  const [p] = await queryRows<{ id: string }>(
    h.db,
    sql`insert into projects (tenant_id, name, base_url) values (${tenant}, 'p', 'https://p.test') returning id`,
  );
  const project = p!.id;
  await h.db.execute(sql`insert into journeys (tenant_id, project_id, name, created_at)
      select ${tenant}, ${project}, 'j' || g, ${CREATED.toISOString()}::timestamptz from generate_series(1, ${items}) g`);
  await h.db.execute(sql`insert into schedules (tenant_id, project_id, name, timezone, anchor_date, next_tick_at, created_at)
      select ${tenant}, ${project}, 's' || g, 'UTC', '2026-03-02', '2026-03-02T09:00:00Z', ${CREATED.toISOString()}::timestamptz
      from generate_series(1, ${schedules}) g`);
  await h.db.execute(sql`insert into schedule_items (tenant_id, schedule_id, journey_id, priority, created_at)
      select ${tenant}, s.id, j.id, 0, ${CREATED.toISOString()}::timestamptz from schedules s cross join journeys j
      where s.tenant_id = ${tenant}`);
  await h.db.execute(sql`analyze`);
  return { tenant, project };
}

async function fresh(): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  const name = `rota_bench_${randomBytes(4).toString("hex")}`;
  await admin(`create database ${name}`);
  const handle = await openDb({ url: withDatabase(base, name), driver: "pg", maxConnections: 4 });
  await handle.migrate();
  return {
    handle,
    drop: async () => {
      await handle.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** The baseline: per schedule, one SELECT of its items and one INSERT of as many agents as the pass made. */
async function baseline(url: string, agentsPerSchedule: Map<string, number>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ids = [...agentsPerSchedule.keys()];
  const t0 = performance.now();
  let rows = 0;
  for (const id of ids) {
    const res = await client.query("select * from schedule_items where schedule_id = $1", [id]);
    rows += res.rowCount ?? 0;
    const n = agentsPerSchedule.get(id)!;
    const picked = res.rows.slice(0, n);
    if (n > 0) {
      await client.query(
        `insert into agents (tenant_id, schedule_id, item_id, journey_id, project_id, queued_at)
         select tenant_id, schedule_id, id, journey_id, $2, now() from schedule_items where id = any($1::uuid[])`,
        [picked.map((r) => r.id), picked[0].tenant_id],
      );
    }
  }
  const ms = performance.now() - t0;
  await client.end();
  return { ms, rows, statements: ids.length * 2 };
}

async function main() {
  console.log(`Bench: cron pass over ${SCHEDULES} schedules × ${ITEMS} items on PostgreSQL`);
  const { handle, drop } = await fresh();
  try {
    await seed(handle, SCHEDULES, ITEMS);
    const queries = countQueries(handle);
    // Warm-up on a copy of the work is not possible without mutating; warm the caches instead.
    await handle.db.execute(sql`select count(*) from schedule_items`);
    queries.reset();
    const t0 = performance.now();
    const result = await cronPass(handle.db, { now: NOW, batchSize: 200 });
    const passMs = performance.now() - t0;
    const roundTrips = queries.count();
    const perSchedule = await queryRows<{ schedule_id: string; n: number }>(
      handle.db,
      sql`select schedule_id, count(*)::int as n from agents group by schedule_id`,
    );
    const agentsPerSchedule = new Map(perSchedule.map((r) => [r.schedule_id, r.n]));
    const totalAgents = perSchedule.reduce((a, r) => a + r.n, 0);
    // Baseline on the same rows (agents it inserts are extra rows; they do not affect the pass above).
    const url = (handle.db as unknown as { $client: pg.Pool }).$client.options.connectionString!;
    const base = await baseline(url, agentsPerSchedule);
    const items = SCHEDULES * ITEMS;
    console.log(`  pass:     ${passMs.toFixed(0)} ms, ticked ${result.ticked}, agents ${totalAgents}, ` +
      `${Math.round(items / (passMs / 1000))} items/s, ${(roundTrips / SCHEDULES).toFixed(2)} round trips/schedule`);
    console.log(`  baseline: ${base.ms.toFixed(0)} ms, ${base.rows} item rows read, ` +
      `${Math.round(items / (base.ms / 1000))} items/s, ${(base.statements / SCHEDULES).toFixed(2)} statements/schedule`);
    console.log(`  ratio pass/baseline: ${(passMs / base.ms).toFixed(2)}× (target ≤ 2×)`);
  } finally {
    await drop();
  }

  // The tenant-day plan (docs/adr/0008-tenant-day-reservations.md) when the tenant's budget binds: every
  // batch ranks the items of all the tenant's schedules still to tick today. The same pass on the
  // same rows with a budget that covers everything (no ranking) is the baseline.
  const planned = Number(process.env.BENCH_PLAN_SCHEDULES ?? 200);
  console.log(`Bench: cron pass over one tenant of ${planned} schedules × ${ITEMS} items, binding daily budget vs covered`);
  const passOf = async (budget: number) => {
    const { handle, drop } = await fresh();
    try {
      await seed(handle, planned, ITEMS, budget);
      const t0 = performance.now();
      const result = await cronPass(handle.db, { now: NOW, batchSize: 200 });
      const ms = performance.now() - t0;
      const [spent] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from agents`);
      return { ms, ticked: result.ticked, agents: spent!.n };
    } finally {
      await drop();
    }
  };
  const covered = await passOf(1_000_000_000);
  // Half of what the schedules' auto budgets would spend: the ranking decides every tick.
  const binding = await passOf(Math.floor(covered.agents / 2));
  console.log(`  covered: ${covered.ms.toFixed(0)} ms, ticked ${covered.ticked}, agents ${covered.agents}`);
  console.log(`  binding: ${binding.ms.toFixed(0)} ms, ticked ${binding.ticked}, agents ${binding.agents} (budget ${Math.floor(covered.agents / 2)})`);
  console.log(`  ratio binding/covered: ${(binding.ms / covered.ms).toFixed(2)}×`);

  console.log(`Bench: one schedule of ${BIG} items, manual tick`);
  const big = await fresh();
  try {
    const { tenant } = await seed(big.handle, 1, BIG);
    const [s] = await queryRows<{ id: string }>(big.handle.db, sql`select id from schedules limit 1`);
    const q = countQueries(big.handle);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      q.reset();
      const t0 = performance.now();
      await tickSchedule(big.handle.db, {
        trigger: "manual",
        scheduleId: s!.id,
        tenantId: tenant,
        now: new Date(NOW.getTime() + i * 3_600_000),
      });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`  tick: median ${times[2]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[4]!.toFixed(1)}), ` +
      `${q.count()} round trips (target < 250 ms)`);
  } finally {
    await big.drop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * GET …/preview of one schedule of BIG never-run journeys, hourly, coverage window 8,760 h (the
 * largest), auto budget: the preview's forecast is capped (it would want five windows of hourly
 * ticks), so it is measured against a manual tick of the same schedule in the same run. Previews
 * first (they write nothing), then the ticks.
 */
async function previewBench() {
  console.log(`Bench: preview of one schedule of ${BIG} items, hourly, 8,760 h window, auto budget`);
  const big = await fresh();
  try {
    const { tenant: tenantId } = await seed(big.handle, 1, BIG);
    await big.handle.db.execute(sql`update schedules set tick_interval_hours = 1, coverage_window_hours = 8760`);
    const [s] = await queryRows<{ id: string }>(big.handle.db, sql`select id from schedules limit 1`);
    const [tenant] = await big.handle.db.select().from(tenants).where(eq(tenants.id, tenantId));
    const previews: number[] = [];
    let last: Awaited<ReturnType<typeof previewTick>> | null = null;
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      last = await previewTick(big.handle.db, tenant!, s!.id, NOW);
      if (i > 0) previews.push(performance.now() - t0); // the first warms the JIT
    }
    const ticks: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await tickSchedule(big.handle.db, { trigger: "manual", scheduleId: s!.id, tenantId, now: new Date(NOW.getTime() + i * 3_600_000) });
      ticks.push(performance.now() - t0);
    }
    const p = median(previews);
    const t = median(ticks);
    console.log(`  preview: median ${p.toFixed(0)} ms over 5 (min ${Math.min(...previews).toFixed(0)}, max ${Math.max(...previews).toFixed(0)}), ` +
      `forecast max gap ${last!.forecast.max_gap_hours} h, approximate ${last!.forecast.approximate}`);
    console.log(`  tick of the same schedule: median ${t.toFixed(0)} ms over 5`);
    console.log(`  ratio preview/tick: ${(p / t).toFixed(2)}×`);
  } finally {
    await big.drop();
  }
}

/** The forecast alone on the preview's inputs, with the work it counted, against a sort of the items. */
function forecastOnly() {
  const created = CREATED.getTime();
  const items = Array.from({ length: BIG }, (_, i) => ({ id: `item-${i}`, priority: 0, lastRunAt: null, addedAt: created, cost: 1 }));
  const slotConfig = { timezone: "UTC", runTime: "09:00", runDays: [1, 2, 3, 4, 5, 6, 7], tickIntervalHours: 1, anchorDate: "2026-03-02" };
  const input = { items, slotConfig, start: Date.parse("2026-03-02T10:00:00Z"), tickBudget: "auto" as const, coverageWindowHours: 8760 };
  const runs: number[] = [];
  let work = forecastWithWork(input).work; // warm-up
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    work = forecastWithWork(input).work;
    runs.push(performance.now() - t0);
  }
  // Baseline: one plain sort of the same number of items by a numeric key.
  const keys = items.map((_, i) => ({ i, k: (i * 2_654_435_761) % 1_000_003 }));
  const sorts: number[] = [];
  for (let r = 0; r < 5; r++) {
    const copy = [...keys];
    const t0 = performance.now();
    copy.sort((a, b) => a.k - b.k || a.i - b.i);
    sorts.push(performance.now() - t0);
  }
  const f = median(runs);
  const base = median(sorts);
  console.log(`Bench: engine forecast only, ${BIG} items, hourly, 8,760 h: median ${f.toFixed(0)} ms, ` +
    `${work.ticks} of ${work.wantedTicks} ticks, ${work.steps} steps (cap ${work.limit}), ` +
    `${((f * 1e6) / work.steps).toFixed(0)} ns/step; one sort of the items ${base.toFixed(1)} ms, ratio ${(f / base).toFixed(0)}×`);
}

/** The pure selection alone, no database: what the engine costs of a 10,000-item tick. */
function engineOnly() {
  const cfg = { timezone: "Europe/Berlin", runTime: "09:00", runDays: [1, 2, 3, 4, 5], tickIntervalHours: 4, anchorDate: "2026-05-01" };
  const slots = slotSource(cfg);
  const slotAt = slots.nextAfter(Date.parse("2026-05-11T09:00:00Z"))!;
  const deadlineOf = deadlineCalculator(slots, 120);
  let x = 42;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const items = Array.from({ length: BIG }, (_, i) => {
    const base = {
      id: `item-${i}`,
      priority: Math.floor(rnd() * 5),
      addedAt: slotAt - 2000 * 3_600_000 + i,
      lastRunAt: rnd() < 0.1 ? null : slotAt - Math.floor(rnd() * 200) * 3_600_000,
      cost: rnd() < 0.1 ? 2 + Math.floor(rnd() * 5) : 1,
    };
    return withDeadline(base, deadlineOf(base));
  });
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    selectForTick({ items, slotAt, slots, tickBudget: 300, tenantRemaining: Infinity, coverageWindowHours: 120 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`Bench: engine only, select among ${BIG} items: median ${times[3]!.toFixed(1)} ms`);
}

await main();
await previewBench();
engineOnly();
forecastOnly();

// npm run bench:api — the API under load: the production server (`next start`, as `npm start` runs it)
// on a scratch PostgreSQL database, driven by autocannon over 50 connections.
//
//   1. Throughput, each for BENCH_SECONDS: a trivial JSON route of the same app (the JSON 404 of an
//      unknown /api path: routing, the error envelope, the security headers, no database), then
//      `GET /api/v1/schedules/{id}` (API key, a schedule of 20 items). Prints req/s, p50/p99 latency
//      and the ratio schedule / trivial. Target: at least 0.5.
//   2. A mixed load for BENCH_SECONDS on the same schedule: GET the schedule, GET its runs, POST an
//      item, GET the schedule, DELETE the item, POST a trigger — each connection in that order. Target:
//      no 5xx, no connection error or timeout, and no lost write, checked afterwards on the database:
//      the schedule's items are exactly the seeded ones plus every item a 201 created minus every item
//      a 204 deleted; every trigger answered 200 wrote exactly one run (the engine's exactly-once rule
//      for manual triggers: each waits for the schedule's lock and writes its own run) and no other run
//      exists; the agents are exactly those the runs list, their number the sum of the runs' spend; the
//      tenant's day counter equals it and stays within its daily budget.
// Exits non-zero when a target is missed.
//
//   BENCH_DATABASE_URL (or TEST_DATABASE_URL) = a PostgreSQL server (a scratch database is created and
//   dropped). BENCH_SECONDS (default 30), BENCH_CONNECTIONS (default 50), BENCH_PORT (default 3391).
//   BENCH_PROFILE=1: the server runs under the V8 sampling profiler; the bench prints its hottest
//   functions (self time) and keeps the .cpuprofile (Chrome DevTools or speedscope open it).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { adminQuery, withDatabase } from "@/tests/helpers/databases";
import { startServer } from "./server";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3391);
const ITEMS = 20;
const TARGET_RATIO = 0.5;
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const dbName = `rota_bench_${randomBytes(4).toString("hex")}`;
const dbUrl = withDatabase(base, dbName);
const adminToken = randomBytes(24).toString("base64url");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rota-bench-api-"));
const profileDir = process.env.BENCH_PROFILE ? path.join(dataDir, "profiles") : null;
if (profileDir) {
  fs.mkdirSync(profileDir);
  // Node refuses --cpu-prof in NODE_OPTIONS, and `next start` is started by `npm start`'s script: a
  // preloaded module gives every process of the server the inspector's profiler, which the bench
  // starts and stops with SIGUSR2 around the measure of GET /schedules/{id} alone.
  fs.writeFileSync(
    path.join(profileDir, "profile.mjs"),
    `import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
const session = new Session();
session.connect();
let on = false;
process.on("SIGUSR2", () => {
  on = !on;
  if (on) session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 500 }, () => session.post("Profiler.start")));
  else session.post("Profiler.stop", (err, res) => {
    if (!err) writeFileSync(${JSON.stringify(profileDir)} + "/" + process.pid + ".cpuprofile", JSON.stringify(res.profile));
  });
});
`,
  );
}

await adminQuery(base, `create database ${dbName}`);
const server = startServer(PORT, {
  DATABASE_URL: dbUrl,
  DATA_DIR: dataDir,
  ADMIN_TOKEN: adminToken,
  SCHEDULER: "off",
  WORKER: "off",
  // Keeps the per-key limiter on the path without ever refusing the bench.
  RATE_LIMIT_API_PER_MINUTE: "1000000",
  ...(profileDir ? { NODE_OPTIONS: `--import=${path.join(profileDir, "profile.mjs")}` } : {}),
});
let cleaned = false;
async function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  server.stop();
  await new Promise((r) => setTimeout(r, 500));
  await adminQuery(base, `drop database if exists ${dbName} with (force)`).catch((err) => console.error(`could not drop ${dbName}:`, err));
  if (!profileDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
process.on("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

type Json = Record<string, unknown>;
let auth = "";

async function call<T = Json>(method: string, p: string, body?: unknown, bearer = auth): Promise<T> {
  const res = await fetch(`${server.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

async function seed() {
  const created = await call<{ tenant: { id: string }; api_key: string }>(
    "POST",
    "/api/admin/tenants",
    // Every trigger of the mixed load spends: the tenant's day must not run out during the bench.
    { name: "Bench tenant", daily_agent_budget: 1_000_000 },
    adminToken,
  );
  auth = created.api_key;
  const project = await call<{ id: string }>("POST", "/api/v1/projects", { name: "Bench shop", base_url: "https://shop.example.com" });
  // The schedule's own items, then one spare journey per connection for the mixed load's POST/DELETE.
  const journeys: string[] = [];
  for (let i = 0; i < ITEMS + CONNECTIONS + 5; i++) {
    const j = await call<{ id: string }>("POST", "/api/v1/journeys", {
      project_id: project.id,
      name: `Journey ${i + 1}`,
      steps: [{ action: "goto", path: "/" }, { action: "expect_text", text: "Shop" }],
    });
    journeys.push(j.id);
  }
  const schedule = await call<{ id: string }>("POST", "/api/v1/schedules", { project_id: project.id, name: "Bench schedule" });
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const item = await call<{ id: string }>("POST", `/api/v1/schedules/${schedule.id}/items`, { journey_id: journeys[i], priority: i % 3 });
    items.push(item.id);
  }
  return { tenantId: created.tenant.id, scheduleId: schedule.id, items, spare: journeys.slice(ITEMS) };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    // A 30 s timeout: on a machine busy with other work a request can wait many seconds for the CPU,
    // which is not what a timeout here should report.
    autocannon({ connections: CONNECTIONS, duration: SECONDS, timeout: 30, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

type Figures = { rps: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number };
const figures = (r: autocannon.Result): Figures => ({
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
});
const show = (f: Figures) =>
  `${f.rps.toFixed(0).padStart(6)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(5)} ms` +
  (f.errors || f.timeouts ? `   errors ${f.errors}, timeouts ${f.timeouts}` : "");

/**
 * CPU seconds used so far by the server's processes (its process group) and by the PostgreSQL backends
 * serving the scratch database (their titles name it), from /proc: per request, a figure that other
 * work on the machine does not move the way it moves req/s. Zero where there is no /proc.
 */
function cpuSeconds(): { server: Map<string, number>; postgres: Map<string, number> } {
  const out = { server: new Map<string, number>(), postgres: new Map<string, number>() };
  if (!fs.existsSync("/proc/self/stat")) return out;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // The fields after the command's closing parenthesis: state is [0], pgrp [2], utime [11], stime [12].
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const seconds = (Number(f[11]) + Number(f[12])) / 100; // USER_HZ is 100 on Linux
      if (Number(f[2]) === server.pid) out.server.set(pid, seconds);
      else if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(` ${dbName} `)) out.postgres.set(pid, seconds);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return out;
}

/** CPU seconds spent between two readings, process by process (backends come and go with the pool). */
function spent(before: Map<string, number>, after: Map<string, number>): number {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

/** A measure of `opts`, with the CPU the server and PostgreSQL spent per request. */
async function measure(opts: autocannon.Options) {
  const before = cpuSeconds();
  const r = figures(await run(opts));
  const after = cpuSeconds();
  const requests = r.rps * SECONDS;
  return {
    ...r,
    serverMs: (1000 * spent(before.server, after.server)) / requests,
    postgresMs: (1000 * spent(before.postgres, after.postgres)) / requests,
  };
}
const showCpu = (m: { serverMs: number; postgresMs: number }) =>
  `   CPU/request: server ${m.serverMs.toFixed(2)} ms, PostgreSQL ${m.postgresMs.toFixed(2)} ms`;

async function throughput(scheduleId: string) {
  const headers = { authorization: `Bearer ${auth}` };
  const trivialUrl = `${server.url}/api/v1/bench-no-such-endpoint`;
  const scheduleUrl = `${server.url}/api/v1/schedules/${scheduleId}`;
  // Warm-up: the first requests load each route's module and fill the JIT; not measured.
  await run({ url: trivialUrl, duration: 3 });
  await run({ url: scheduleUrl, headers, duration: 3 });
  const trivial = await measure({ url: trivialUrl });
  if (profileDir) process.kill(-server.pid, "SIGUSR2");
  const schedule = await measure({ url: scheduleUrl, headers });
  if (profileDir) {
    process.kill(-server.pid, "SIGUSR2");
    await new Promise((r) => setTimeout(r, 2000)); // the profile is written
  }
  return { trivial, schedule, ratio: schedule.rps / trivial.rps };
}

/** Response statuses of the mixed load, by request kind. */
type Tally = Record<string, Record<number, number>>;

// The mixed load's writes stop DRAIN_SECONDS before autocannon does, every connection then asking for
// the trivial route instead: autocannon drops what is in flight when it stops, and a write whose answer
// never came back could not be told from a lost one.
const DRAIN_SECONDS = 10;

async function mixed(s: Awaited<ReturnType<typeof seed>>) {
  const tally: Tally = {};
  const count = (kind: string, status: number) => {
    const byStatus = (tally[kind] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };
  const created = new Set<string>();
  const deleted = new Set<string>();
  const runs = new Map<string, number>(); // run id → its spend, from the trigger's 200
  // Writes sent and not (yet) answered: what may or may not have happened when the load stops.
  const pending = { posts: new Set<string>(), deletes: new Set<string>(), triggers: 0 };
  // A spare journey is held by one connection from its POST to its DELETE, so adds never collide.
  const free = [...s.spare];
  type Ctx = { journey?: string; itemId?: string; drained?: boolean };
  const sched = `/api/v1/schedules/${s.scheduleId}`;
  const json = { "content-type": "application/json", authorization: `Bearer ${auth}` };
  const stopAt = Date.now() + SECONDS * 1000;
  const drain = (req: autocannon.Request, ctx: Ctx) => {
    ctx.drained = Date.now() >= stopAt;
    return ctx.drained ? { ...req, method: "GET" as const, path: "/api/v1/bench-no-such-endpoint", body: undefined } : null;
  };
  const requests: autocannon.Request[] = [
    { method: "GET", path: sched, onResponse: (st) => count("GET schedule", st) },
    { method: "GET", path: `${sched}/runs?limit=20`, onResponse: (st) => count("GET runs", st) },
    {
      method: "POST",
      path: `${sched}/items`,
      setupRequest: (req, context) => {
        const ctx = context as Ctx;
        const drained = drain(req, ctx);
        if (drained) return drained;
        ctx.journey = free.shift() ?? s.spare[0]!;
        pending.posts.add(ctx.journey);
        return { ...req, headers: json, body: JSON.stringify({ journey_id: ctx.journey, priority: 1 }) };
      },
      onResponse: (st, body, context) => {
        const ctx = context as Ctx;
        if (ctx.drained) return;
        count("POST item", st);
        pending.posts.delete(ctx.journey!);
        if (st === 201) created.add((ctx.itemId = (JSON.parse(body) as { id: string }).id));
        else free.push(ctx.journey!);
      },
    },
    { method: "GET", path: sched, onResponse: (st) => count("GET schedule", st) },
    {
      method: "DELETE",
      path: sched,
      setupRequest: (req, context) => {
        const ctx = context as Ctx;
        const drained = drain(req, ctx);
        if (drained) return drained;
        // No item to delete (its POST was refused): a made-up id, answered 404.
        const id = ctx.itemId ?? "00000000-0000-4000-8000-000000000000";
        if (ctx.itemId) pending.deletes.add(ctx.itemId);
        return { ...req, path: `${sched}/items/${id}` };
      },
      onResponse: (st, _body, context) => {
        const ctx = context as Ctx;
        if (ctx.drained) return;
        count("DELETE item", st);
        if (!ctx.itemId) return;
        pending.deletes.delete(ctx.itemId);
        if (st === 204) {
          deleted.add(ctx.itemId);
          free.push(ctx.journey!);
        }
      },
    },
    {
      method: "POST",
      path: `${sched}/trigger`,
      setupRequest: (req, context) => {
        const drained = drain(req, context as Ctx);
        if (!drained) pending.triggers++;
        return drained ?? req;
      },
      onResponse: (st, body, context) => {
        if ((context as Ctx).drained) return;
        count("POST trigger", st);
        pending.triggers--;
        if (st === 200) {
          const r = JSON.parse(body) as { id: string; budget: { spent: number } };
          runs.set(r.id, r.budget.spent);
        }
      },
    },
  ];
  const result = await run({ url: server.url, headers: { authorization: `Bearer ${auth}` }, requests, duration: SECONDS + DRAIN_SECONDS });
  const answered = Object.values(tally).reduce((n, byStatus) => n + Object.values(byStatus).reduce((a, c) => a + c, 0), 0);
  return { result: figures(result), rps: answered / SECONDS, tally, created, deleted, runs, pending };
}

/** What the mixed load must have left behind, read back from the database. */
async function verify(s: Awaited<ReturnType<typeof seed>>, m: Awaited<ReturnType<typeof mixed>>): Promise<string[]> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const q = async <T>(text: string, params: unknown[]) => (await client.query(text, params)).rows as T[];
    const items = new Set((await q<{ id: string }>("select id from schedule_items where schedule_id = $1", [s.scheduleId])).map((r) => r.id));
    const expected = new Set([...s.items, ...m.created].filter((id) => !m.deleted.has(id)));
    // An unanswered DELETE may have happened, an unanswered POST may have created its item.
    const missing = [...expected].filter((id) => !items.has(id) && !m.pending.deletes.has(id));
    const journeyOf = new Map(
      (await q<{ id: string; journey_id: string }>("select id, journey_id from schedule_items where schedule_id = $1", [s.scheduleId])).map((r) => [r.id, r.journey_id]),
    );
    const extra = [...items].filter((id) => !expected.has(id) && (m.deleted.has(id) || !m.pending.posts.has(journeyOf.get(id)!)));
    if (missing.length) problems.push(`${missing.length} item(s) answered 201 and never deleted are gone`);
    if (extra.length) problems.push(`${extra.length} item(s) in the schedule that no 201 reported or that a 204 deleted`);

    const runRows = await q<{ id: string; spent: number; agent_ids: number }>(
      `select id, (budget->>'spent')::int as spent,
              (select coalesce(sum(jsonb_array_length(s->'agent_ids')), 0)::int from jsonb_array_elements(selected) s) as agent_ids
         from schedule_runs where schedule_id = $1`,
      [s.scheduleId],
    );
    const written = new Set(runRows.map((r) => r.id));
    const lostRuns = [...m.runs.keys()].filter((id) => !written.has(id)).length;
    if (lostRuns) problems.push(`${lostRuns} run(s) a trigger answered with are not in the database`);
    const unknownRuns = runRows.filter((r) => !m.runs.has(r.id)).length;
    if (unknownRuns > m.pending.triggers) problems.push(`${unknownRuns} run(s) that no trigger answered with (${m.pending.triggers} unanswered)`);
    const wrongSpend = runRows.filter((r) => m.runs.has(r.id) && (m.runs.get(r.id) !== r.spent || r.spent !== r.agent_ids)).length;
    if (wrongSpend) problems.push(`${wrongSpend} run(s) whose spend differs from the answer or from their agent ids`);

    const spent = runRows.reduce((sum, r) => sum + r.spent, 0);
    const [agentCount] = await q<{ n: number; orphans: number }>(
      `select count(*)::int as n, count(*) filter (where run_id is null or run_id not in (select id from schedule_runs))::int as orphans
         from agents where schedule_id = $1`,
      [s.scheduleId],
    );
    if (agentCount!.n !== spent) problems.push(`${agentCount!.n} agents, the runs spent ${spent}`);
    if (agentCount!.orphans) problems.push(`${agentCount!.orphans} agent(s) of no run`);
    const [usage] = await q<{ used: number; budget: number }>(
      `select coalesce(sum(u.used), 0)::int as used, max(t.daily_agent_budget) as budget
         from tenants t left join tenant_daily_usage u on u.tenant_id = t.id where t.id = $1`,
      [s.tenantId],
    );
    if (usage!.used !== spent) problems.push(`the tenant's day counts ${usage!.used} agents, the runs spent ${spent}`);
    if (usage!.used > usage!.budget) problems.push(`the tenant spent ${usage!.used}, over its daily budget ${usage!.budget}`);
    const inFlight = m.pending.posts.size + m.pending.deletes.size + m.pending.triggers;
    if (inFlight) console.log(`  (${inFlight} writes were still unanswered when the load stopped; checked as either outcome)`);
    return problems.length
      ? problems
      : [`ok: ${items.size} items (${s.items.length} seeded + ${m.created.size} created − ${m.deleted.size} deleted), ${runRows.length} runs, ${spent} agents`];
  } finally {
    await client.end();
  }
}

type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };

/** The server's CPU profile while GET /schedules/{id} was measured, by self time. */
function printProfile(dir: string) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (!files.length) return console.log(`  (no profile was written in ${dir})`);
  const file = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const where = f.url.replace(/^.*\/(node_modules|\.next)\//, "$1/").replace(/^file:\/\//, "");
    const key = `${f.functionName || "(anonymous)"}  ${where}:${f.lineNumber + 1}`;
    const us = p.timeDeltas[i] ?? 0;
    total += us;
    self.set(key, (self.get(key) ?? 0) + us);
  });
  // By package too: a hot spot spread over many small functions shows up only summed.
  const byPackage = new Map<string, number>();
  for (const [k, us] of self) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/_]+)|\.next\/server\/chunks\/(?:\[root[^\]]*\]__)?(?:node_modules_)?([a-z@-]+)/.exec(k);
    const pkg = m ? (m[1] ?? m[2]!) : /node:|\s:0$/.test(k) ? "node and V8 internals" : "other";
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  console.log(`\nServer CPU profile while GET /schedules/{id} was measured (${file}), self time by package:`);
  for (const [k, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
  console.log(`Top 25 functions of ${(total / 1e6).toFixed(1)} s:`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
}

async function main() {
  console.log(`Starting the production server on ${server.url} (PostgreSQL ${dbName}; builds first when the sources changed)…`);
  await server.ready("/api/v1/openapi.json");
  const s = await seed();
  console.log(`Seeded a tenant, a schedule of ${ITEMS} items and ${s.spare.length} spare journeys. ${CONNECTIONS} connections, ${SECONDS} s per measure.\n`);

  const t = await throughput(s.scheduleId);
  console.log("Throughput");
  console.log(`  trivial JSON route (JSON 404)   ${show(t.trivial)}${showCpu(t.trivial)}`);
  console.log(`  GET /api/v1/schedules/{id}      ${show(t.schedule)}${showCpu(t.schedule)}`);
  console.log(`  ratio schedule / trivial        ${t.ratio.toFixed(2)} (target ≥ ${TARGET_RATIO})\n`);

  const m = await mixed(s);
  console.log(`Mixed load (GET schedule ×2, GET runs, POST item, DELETE item, POST trigger per connection)`);
  console.log(`  all requests                    ${m.rps.toFixed(0).padStart(6)} req/s (answered in the ${SECONDS} s of load)   p50 ${m.result.p50} ms   p99 ${m.result.p99} ms`);
  for (const [kind, byStatus] of Object.entries(m.tally)) {
    const parts = Object.entries(byStatus).map(([st, n]) => `${st}: ${n}`);
    console.log(`  ${kind.padEnd(31)} ${parts.join(", ")}`);
  }
  const fiveHundreds = Object.values(m.tally).reduce((n, byStatus) => n + Object.entries(byStatus).filter(([st]) => Number(st) >= 500).reduce((a, [, c]) => a + c, 0), 0);
  const lost = await verify(s, m);
  console.log(`  writes verified on the database: ${lost.join("; ")}\n`);

  const failures: string[] = [];
  if (t.ratio < TARGET_RATIO) failures.push(`GET /schedules/{id} at ${t.ratio.toFixed(2)} of the trivial route (target ≥ ${TARGET_RATIO})`);
  if (fiveHundreds) failures.push(`${fiveHundreds} responses 5xx under the mixed load`);
  // autocannon counts timeouts among its errors; the rest are refused or reset connections.
  const timeouts = t.trivial.timeouts + t.schedule.timeouts + m.result.timeouts;
  const transport = t.trivial.errors + t.schedule.errors + m.result.errors - timeouts;
  if (transport) failures.push(`${transport} refused or reset connections`);
  if (timeouts) failures.push(`${timeouts} requests unanswered after 30 s`);
  if (!lost[0]!.startsWith("ok")) failures.push("lost or phantom writes");
  const serverErrors = (server.log().match(/"event":"unhandled_error"/g) ?? []).length;
  if (serverErrors) failures.push(`${serverErrors} unhandled errors in the server log:\n${server.log().slice(-2000)}`);
  console.log(failures.length ? `FAIL: ${failures.join("; ")}` : `PASS: ratio ${t.ratio.toFixed(2)} ≥ ${TARGET_RATIO}, no 5xx, no lost write`);
  return failures.length === 0;
}

let ok = false;
try {
  ok = await main();
} catch (err) {
  console.error(err);
} finally {
  await cleanUp();
  if (profileDir) printProfile(profileDir);
}
process.exit(ok ? 0 : 1);

// npm run soak — a soak test, not part of CI: SOAK_MINUTES (default 60) of wall time in which every
// iteration moves a virtual clock one minute on, runs a cron pass through GET /api/cron/tick and
// churns the API (journeys and items created, reordered and deleted, test plans, API keys, previews,
// runs, agents, outbox, budget, health; a manual trigger now and then), while an agent worker in the
// server finishes the agents the ticks queue. The server (bench/soak-server.ts: the real route
// handlers over HTTP, PGlite in memory unless SOAK_DATABASE_URL names a PostgreSQL server, where a
// scratch database is created and dropped) is a child process; its heap is sampled after a full GC
// over the fork's IPC channel. A least-squares line through the second half of the samples (the first
// half is warm-up) gives the heap's trend in MB per hour; above SOAK_MAX_MB_PER_HOUR (default 5) the
// script exits 1, as it does when any request answers an unexpected status.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FromServer, ToServer } from "./soak-server";
import { adminQuery, withDatabase } from "@/tests/helpers/databases";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 60);
const MAX_SLOPE = Number(process.env.SOAK_MAX_MB_PER_HOUR ?? 5);
const SAMPLES = Number(process.env.SOAK_SAMPLES ?? 40);
const START = Date.parse("2026-03-02T06:00:00Z"); // a Monday, virtual
const ADMIN_TOKEN = "soak-admin-token";
const CRON_SECRET = "soak-cron-secret";
/** A folder: heap snapshots of the server at the start and the end of the measured half, to compare in DevTools. */
const SNAPSHOTS = process.env.SOAK_SNAPSHOTS;
/**
 * SOAK_JIT=off runs the server's JavaScript interpreted only: compiled code and its metadata (which
 * V8 keeps adding for many minutes, and which heapUsed counts) then cannot pass for a leak in a short
 * run. The default keeps the JIT, as production does; its growth levels off well within the hour.
 */
const JIT = process.env.SOAK_JIT !== "off";
const ITEMS = 20; // journeys kept on the schedule: created and deleted in turn

type Sample = { wallMs: number; virtual: number; iterations: number; heapMb: number; rssMb: number; externalMb: number };

function mb(bytes: number) {
  return Math.round((bytes / 1_048_576) * 100) / 100;
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

class Server {
  private waiting: { resolve: (msg: FromServer) => void; reject: (err: Error) => void }[] = [];
  private exited: Error | null = null;
  constructor(readonly child: ChildProcess) {
    child.on("message", (msg: FromServer) => this.waiting.shift()?.resolve(msg));
    child.once("exit", (code) => {
      this.exited = new Error(`the soak server exited (${code})`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }
  next(): Promise<FromServer> {
    return new Promise((resolve, reject) => {
      if (this.exited) reject(this.exited);
      else this.waiting.push({ resolve, reject });
    });
  }
  async ask(msg: ToServer): Promise<FromServer> {
    const reply = this.next();
    this.child.send(msg);
    return reply;
  }
}

async function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let scratch: { base: string; name: string } | null = null;
  let dbUrl: string | undefined;
  if (process.env.SOAK_DATABASE_URL) {
    const base = process.env.SOAK_DATABASE_URL;
    scratch = { base, name: `rota_soak_${randomBytes(4).toString("hex")}` };
    await adminQuery(base, `create database ${scratch.name}`);
    dbUrl = withDatabase(base, scratch.name);
  }
  const child = fork(path.join(here, "soak-server.ts"), [], {
    execArgv: ["--expose-gc", ...(JIT ? [] : ["--no-opt", "--no-sparkplug"]), "--import", "tsx"],
    env: {
      ...process.env,
      ADMIN_TOKEN,
      CRON_SECRET,
      SOAK_START: String(START),
      SOAK_SERVER_DATABASE_URL: dbUrl ?? "",
      DATABASE_URL: "",
      // The per-key limit still counts every request (its memory is soaked too) but never refuses one.
      RATE_LIMIT_API_PER_MINUTE: "1000000000",
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const server = new Server(child);
  let exitCode = 0;
  try {
    const ready = await server.next();
    if (ready.type !== "ready") throw new Error(`unexpected ${ready.type}`);
    exitCode = await soak(server, ready.url, ready.driver);
    await server.ask({ type: "stop" });
  } finally {
    child.kill();
    if (scratch) await adminQuery(scratch.base, `drop database if exists ${scratch.name} with (force)`);
  }
  process.exit(exitCode);
}

async function soak(server: Server, base: string, driver: string): Promise<number> {
  let requests = 0;
  const unexpected: string[] = [];
  async function call(method: string, path: string, key: string, body?: unknown, ok: number[] = [200, 201, 204]) {
    const res = await fetch(base + path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    requests++;
    const text = await res.text();
    if (!ok.includes(res.status)) {
      unexpected.push(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
      if (unexpected.length > 20) throw new Error(`too many unexpected statuses:\n${unexpected.join("\n")}`);
    }
    return text ? JSON.parse(text) : null;
  }

  let virtual = START;
  const setClock = async (at: number) => {
    virtual = at;
    await server.ask({ type: "clock", at });
  };

  // A tenant with room for every agent, a project, an hourly schedule with a digest.
  const created = await call("POST", "/api/admin/tenants", ADMIN_TOKEN, { name: "Soak", daily_agent_budget: 1_000_000 });
  const key: string = created.api_key;
  const project = await call("POST", "/api/v1/projects", key, { name: "Soak shop", base_url: "https://shop.soak.test" });
  const schedule = await call("POST", "/api/v1/schedules", key, {
    project_id: project.id,
    name: "Hourly",
    run_time: "06:30",
    tick_interval_hours: 1,
    coverage_window_hours: 6,
    timezone: "UTC",
    digest_config: { recipients: ["team@soak.test"], send: "on_failure" },
  });
  const journeys: { id: string; item: string }[] = [];
  let made = 0;
  async function addJourney() {
    const n = made++;
    const j = await call("POST", "/api/v1/journeys", key, {
      project_id: project.id,
      name: n % 7 === 0 ? `Checkout ${n} (fails)` : `Browse ${n}`,
      steps: [{ action: "goto", path: `/p/${n}` }, { action: "click", text: "Add to cart" }],
    });
    const item = await call("POST", `/api/v1/schedules/${schedule.id}/items`, key, { journey_id: j.id, priority: n % 3 });
    journeys.push({ id: j.id, item: item.id });
  }
  for (let i = 0; i < ITEMS; i++) await addJourney();

  let iterations = 0;
  let cronPasses = 0;
  async function snapshot(name: string) {
    const reply = await server.ask({ type: "snapshot", file: path.resolve(SNAPSHOTS!, `soak-${name}.heapsnapshot`) });
    if (reply.type === "snapshot") console.log(`  heap snapshot: ${reply.file}`);
  }
  /** One virtual minute: a cron pass and the churn. `n === 0` (the warm-up) takes every branch once. */
  async function iterate(n: number) {
    await setClock(virtual + 60_000);
    await call("GET", "/api/cron/tick", CRON_SECRET);
    cronPasses++;

    // The churn: one journey out, one in; reads of everything a person or tooling looks at.
    const gone = journeys.shift()!;
    if (n % 2 === 0) await call("DELETE", `/api/v1/schedules/${schedule.id}/items/${gone.item}`, key);
    await call("DELETE", `/api/v1/journeys/${gone.id}`, key);
    await addJourney();
    const last = journeys[journeys.length - 1]!;
    await call("PATCH", `/api/v1/schedules/${schedule.id}/items/${last.item}`, key, { priority: n % 5 });
    if (n % 10 === 0) {
      await call("PUT", `/api/v1/schedules/${schedule.id}/items/order`, key, { item_ids: [...journeys].reverse().map((j) => j.item) });
    }
    await call("GET", `/api/v1/schedules/${schedule.id}`, key);
    await call("GET", `/api/v1/schedules/${schedule.id}/preview`, key);
    await call("GET", `/api/v1/schedules/${schedule.id}/runs?limit=10`, key);
    await call("GET", `/api/v1/agents?schedule_id=${schedule.id}&limit=20`, key);
    await call("GET", "/api/v1/budget", key);
    await call("GET", "/api/health", "", undefined, [200]);
    if (n % 5 === 0) {
      await call("GET", `/api/v1/outbox?limit=10`, key);
      await call("GET", `/api/v1/journeys?project_id=${project.id}&limit=50`, key);
    }
    if (n % 15 === 0) await call("POST", `/api/v1/schedules/${schedule.id}/trigger`, key);
    if (n % 20 === 0) {
      const plan = await call("POST", "/api/v1/test-plans", key, { project_id: project.id, name: `Plan ${n}`, journey_ids: journeys.slice(0, 3).map((j) => j.id) });
      await call("GET", `/api/v1/test-plans/${plan.id}`, key);
      await call("DELETE", `/api/v1/test-plans/${plan.id}`, key);
      const apiKey = await call("POST", "/api/v1/api-keys", key, { name: `k${n}` });
      await call("GET", "/api/v1/api-keys", apiKey.key);
      await call("DELETE", `/api/v1/api-keys/${apiKey.id}`, key);
    }
    if (n % 50 === 0) await call("GET", "/api/v1/openapi.json", "");
  }

  // Warm-up before the clock starts: every route loaded and every branch taken once.
  await iterate(0);
  const started = performance.now();
  const endAt = started + MINUTES * 60_000;
  const sampleEvery = (MINUTES * 60_000) / SAMPLES;
  const samples: Sample[] = [];
  let nextSample = started;

  console.log(`soak: ${MINUTES} min on ${driver}${JIT ? "" : ", JIT off"}, a sample every ${Math.round(sampleEvery / 1000)} s; each iteration is one virtual minute`);
  while (performance.now() < endAt) {
    if (performance.now() >= nextSample) {
      const m = await server.ask({ type: "heap" });
      if (m.type !== "heap") throw new Error(`unexpected ${m.type}`);
      const s = { wallMs: performance.now() - started, virtual, iterations, heapMb: mb(m.heapUsed), rssMb: mb(m.rss), externalMb: mb(m.external) };
      samples.push(s);
      console.log(
        `  ${(s.wallMs / 60_000).toFixed(1).padStart(5)} min  virtual ${new Date(virtual).toISOString().slice(0, 16)}  ` +
          `iterations ${String(iterations).padStart(6)}  heapUsed ${s.heapMb.toFixed(1).padStart(6)} MB  rss ${s.rssMb.toFixed(0)} MB  external ${s.externalMb.toFixed(0)} MB`,
      );
      nextSample += sampleEvery;
      if (SNAPSHOTS && samples.length === Math.floor(SAMPLES / 2) + 1) await snapshot("middle");
    }
    iterations++;
    await iterate(iterations);
  }

  if (SNAPSHOTS) await snapshot("end");
  const wallMin = (performance.now() - started) / 60_000;
  const tail = samples.slice(Math.floor(samples.length / 2));
  const trend = slope(tail.map((s) => ({ x: s.wallMs / 3_600_000, y: s.heapMb })));
  const rssTrend = slope(tail.map((s) => ({ x: s.wallMs / 3_600_000, y: s.rssMb })));
  // The same trend per iteration (one virtual minute of cron and churn): independent of the machine's speed.
  const perIteration = slope(tail.map((s) => ({ x: s.iterations, y: s.heapMb * 1024 })));
  const runs = await call("GET", `/api/v1/schedules/${schedule.id}/runs?limit=1`, key);
  console.log(
    `\nsoak: ${wallMin.toFixed(1)} min of wall time, ${iterations} iterations = ${cronPasses} cron passes over ` +
      `${((virtual - START) / 86_400_000).toFixed(1)} virtual days, ${requests} requests (${Math.round(requests / (wallMin * 60))}/s)`,
  );
  console.log(`  latest run: ${runs.data[0] ? `${runs.data[0].trigger}, slot ${runs.data[0].slot_at}, ${runs.data[0].status}` : "none"}`);
  console.log(`  heapUsed: first ${samples[0]?.heapMb} MB, last ${samples[samples.length - 1]?.heapMb} MB, max ${Math.max(...samples.map((s) => s.heapMb))} MB`);
  console.log(
    `  trend over the last ${tail.length} samples: heapUsed ${trend.toFixed(2)} MB/hour (limit ${MAX_SLOPE}), ` +
      `${perIteration.toFixed(2)} kB per iteration; rss ${rssTrend.toFixed(2)} MB/hour`,
  );
  if (unexpected.length > 0) {
    console.log(`  FAIL: ${unexpected.length} unexpected statuses:\n    ${unexpected.join("\n    ")}`);
    return 1;
  }
  if (tail.length < 3) {
    console.log("  FAIL: too few samples for a trend (raise SOAK_MINUTES or SOAK_SAMPLES)");
    return 1;
  }
  if (trend > MAX_SLOPE) {
    console.log(`  FAIL: the heap grows by ${trend.toFixed(2)} MB/hour`);
    return 1;
  }
  console.log("  PASS: no growth trend above the limit");
  return 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

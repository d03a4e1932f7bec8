// GET /api/health on both drivers: what a load balancer needs (200 while the database answers and its
// migrations are current, 503 with Retry-After otherwise) and what an operator needs (ages of the last
// cron pass and of the workers' heartbeats, at the request's injected time). No auth, no tenant data.
import net from "node:net";
import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { openDb, queryRows, setDb } from "@/lib/db";
import { startWorker, type Worker } from "@/lib/agents/worker";
import { runCron } from "@/lib/cron";
import { outboxTransport } from "@/lib/digest/transport";
import { setRequestClock } from "@/lib/http/clock";
import { CRON_STALE_SECONDS, SHIPPED_MIGRATIONS, WORKER_STALE_SECONDS } from "@/lib/health/check";
import { ScriptedExecutor } from "../helpers/scripted-executor";
import { until } from "../helpers/until";
import { describeApi } from "./setup";
import type { ApiResponse } from "../helpers/client";

const T = Date.parse("2026-06-01T12:00:00Z");
const at = (ms: number) => setRequestClock(() => new Date(ms));

/** A health answer that says the service is down: 503 with Retry-After, and these fields. */
function expectDown(res: ApiResponse, fields: Record<string, unknown>) {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(res.body).toMatchObject({ status: "down", ...fields });
}

afterEach(() => {
  setRequestClock(null);
  delete process.env.CRON_SECRET;
});

/** A port nothing listens on: taken from the OS, then given back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeApi("health", (env) => {
  afterEach(async () => {
    await env().db.db.execute(sql`delete from service_heartbeats`);
  });

  it("on a fresh database: ok, no auth, migrations current, no cron pass or worker seen yet", async () => {
    at(T);
    const res = await env().api.get("/api/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({
      status: "ok",
      checked_at: new Date(T).toISOString(),
      database: { reachable: true },
      migrations: { current: true, applied: SHIPPED_MIGRATIONS.count, expected: SHIPPED_MIGRATIONS.count },
      cron: { last_pass_at: null, age_seconds: null, last_failure_at: null, stale: false },
      workers: { count: 0, last_heartbeat_at: null, age_seconds: null, stale: false },
    });
    expect(res.body.database.latency_ms).toBeGreaterThanOrEqual(0);
    // A key, even a bad one, changes nothing: the route does not look at it.
    expect((await env().api.as("garbage").get("/api/health")).status).toBe(200);
  });

  it("reports the age of the last cron pass at the request's time; a late cron is degraded, still 200", async () => {
    const { api } = env();
    process.env.CRON_SECRET = "s3cret";
    at(T);
    expect((await api.as("s3cret").get("/api/cron/tick")).status).toBe(200);

    at(T + 90_000);
    const fresh = await api.get("/api/health");
    expect(fresh.status).toBe(200);
    expect(fresh.body.status).toBe("ok");
    expect(fresh.body.cron).toMatchObject({ last_pass_at: new Date(T).toISOString(), age_seconds: 90, stale: false });

    at(T + (CRON_STALE_SECONDS + 1) * 1_000);
    const late = await api.get("/api/health");
    expect(late.status).toBe(200); // a load balancer must not pull the instance: it serves
    expect(late.body.status).toBe("degraded");
    expect(late.body.cron).toMatchObject({ age_seconds: CRON_STALE_SECONDS + 1, stale: true });

    // The next pass is the heartbeat again.
    expect((await api.as("s3cret").get("/api/cron/tick")).status).toBe(200);
    const again = await api.get("/api/health");
    expect(again.body).toMatchObject({ status: "ok", cron: { age_seconds: 0, stale: false } });
  });

  it("shows when the last cron pass failed: degraded until a pass completes again", async () => {
    const { api, db } = env();
    const digest = { appUrl: "https://rota.test", from: "Rota <digest@rota.test>", transport: outboxTransport };
    await runCron(db.db, { now: new Date(T), retentionDays: 90, digest });
    // A pass whose last step the database refuses (a negative LIMIT): the pass fails as a whole.
    const failing = runCron(db.db, { now: new Date(T + 60_000), retentionDays: 90, retentionBatch: -1, digest });
    await expect(failing).rejects.toThrow();
    at(T + 70_000);
    const res = await api.get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "degraded",
      cron: { last_pass_at: new Date(T).toISOString(), age_seconds: 70, last_failure_at: new Date(T + 60_000).toISOString(), stale: true },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/limit|negative/i);
    await runCron(db.db, { now: new Date(T + 120_000), retentionDays: 90, digest });
    at(T + 130_000);
    expect((await api.get("/api/health")).body).toMatchObject({ status: "ok", cron: { age_seconds: 10, stale: false } });
  });

  it("counts each worker by its heartbeat, reports their age, and forgets a worker that stopped", async () => {
    const { api, db } = env();
    let workerNow = T;
    const workers: Worker[] = [];
    try {
      for (const owner of ["health-w1", "health-w2"]) {
        workers.push(
          startWorker({
            db: db.db,
            executor: new ScriptedExecutor(),
            owner,
            concurrency: 1,
            leaseMs: 30_000,
            now: () => new Date(workerNow),
            elapsedMs: () => performance.now(),
            pollMs: 20,
            graceMs: 0,
          }),
        );
      }
      at(T + 30_000);
      await until(async () => (await api.get("/api/health")).body.workers.count === 2, "both workers' heartbeats");
      const live = await api.get("/api/health");
      expect(live.body).toMatchObject({
        status: "ok",
        workers: { count: 2, last_heartbeat_at: new Date(T).toISOString(), age_seconds: 30, stale: false },
      });

      // Silent for longer than the limit (their clock stands still here): not counted, and stale.
      at(T + (WORKER_STALE_SECONDS + 1) * 1_000);
      const silent = await api.get("/api/health");
      expect(silent.status).toBe(200);
      expect(silent.body).toMatchObject({ status: "degraded", workers: { count: 0, age_seconds: WORKER_STALE_SECONDS + 1, stale: true } });

      // Stopped cleanly: gone, not stale.
      workerNow = T + 60_000;
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      const gone = await api.get("/api/health");
      expect(gone.body).toMatchObject({ status: "ok", workers: { count: 0, last_heartbeat_at: null, age_seconds: null, stale: false } });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it("answers 503 with Retry-After when the database's migrations are behind this release", async () => {
    const { api, db } = env();
    at(T);
    const [last] = await queryRows<{ id: number; hash: string; created_at: string }>(
      db.db,
      sql`select id, hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    await db.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`);
    try {
      const res = await api.get("/api/health");
      expectDown(res, {
        database: { reachable: true },
        migrations: { current: false, applied: SHIPPED_MIGRATIONS.count - 1, expected: SHIPPED_MIGRATIONS.count },
      });
    } finally {
      await db.db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last!.id}, ${last!.hash}, ${last!.created_at}::bigint)`,
      );
    }
    expect((await api.get("/api/health")).status).toBe(200);
  });

  it("answers its own 503 when the database is unreachable, naming neither the server nor the error", async () => {
    const { api, db } = env();
    at(T);
    const port = await closedPort();
    const unreachable = await openDb({ url: `postgres://rota:hunter2@127.0.0.1:${port}/rota`, driver: "pg", maxConnections: 1 });
    setDb(unreachable);
    try {
      const res = await api.get("/api/health");
      expectDown(res, {
        database: { reachable: false, latency_ms: null },
        migrations: { current: false, applied: null, expected: SHIPPED_MIGRATIONS.count },
        cron: { last_pass_at: null, age_seconds: null },
        workers: { count: 0, last_heartbeat_at: null },
      });
      const text = JSON.stringify(res.body);
      for (const secret of ["hunter2", "postgres", "127.0.0.1", String(port), "ECONNREFUSED", "rota:"]) {
        expect(text, secret).not.toContain(secret);
      }
    } finally {
      setDb(db);
      await unreachable.close();
    }
    expect((await api.get("/api/health")).status).toBe(200);
  });
});

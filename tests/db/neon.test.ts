// The Neon driver (@neondatabase/serverless over WebSockets) for real: a local ws→TCP proxy in front
// of the test PostgreSQL, migrations through the driver, the real route handlers on top, and the
// interactive transactions and row locks the tick engine relies on (README "Deploying").
import net from "node:net";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { queryRows } from "@/lib/db";
import { ApiClient } from "../helpers/client";
import { createTestDb, type TestDb } from "../helpers/databases";
import { startNeonProxy, type NeonProxy } from "../helpers/neon-proxy";
import { startTestServer, type TestServer } from "../helpers/server";

// The proxy itself, against a TCP echo server: runs everywhere, no database needed.
describe("Neon WebSocket proxy (test helper)", () => {
  async function echoServer() {
    const server = net.createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  function open(url: string) {
    const ws = new WebSocket(url);
    ws.binaryType = "nodebuffer";
    const received: Buffer[] = [];
    ws.on("message", (data) => received.push(data as Buffer));
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    return { ws, received, closed };
  }

  it("pipes binary frames to the address' TCP port and back, in order", async () => {
    const echo = await echoServer();
    const proxy = await startNeonProxy();
    try {
      const { ws, received } = open(`${proxy.url}/v1?address=127.0.0.1:${echo.port}`);
      // Sent immediately on open, before the TCP side may be connected: must be queued, not lost.
      await new Promise<void>((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      const frames = [Buffer.from([0, 1, 2, 255]), Buffer.from("hello"), Buffer.alloc(70_000, 7)];
      const expected = Buffer.concat(frames);
      // Waits for the echo by event, not by the clock (a busy machine may take its time): done when
      // every byte is back, failed if the socket closes or errors first; the test timeout bounds a
      // proxy that stalls.
      const echoed = new Promise<void>((resolve, reject) => {
        const check = () => {
          if (Buffer.concat(received).length >= expected.length) resolve();
        };
        ws.on("message", check);
        ws.once("close", (code) => reject(new Error(`closed (${code}) with ${Buffer.concat(received).length} of ${expected.length} bytes back`)));
        ws.once("error", reject);
      });
      for (const f of frames) ws.send(f, { binary: true });
      await echoed;
      expect(Buffer.concat(received).equals(expected)).toBe(true);
      expect(proxy.connections()).toBe(1);
      ws.close();
    } finally {
      await proxy.close();
      await echo.close();
    }
  });

  it("refuses a missing or non-loopback address, and close() ends open sockets", async () => {
    const echo = await echoServer();
    const proxy = await startNeonProxy();
    try {
      for (const query of ["", "?address=example.com:5432", "?address=127.0.0.1", "?address=10.0.0.1:5432"]) {
        const { closed } = open(`${proxy.url}/v1${query}`);
        expect(await closed, query).toBe(1008);
      }
      expect(proxy.connections()).toBe(0);
      const { ws, closed } = open(`${proxy.url}/v1?address=localhost:${echo.port}`);
      await new Promise<void>((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      await proxy.close();
      expect(await closed).not.toBe(1008);
      expect(ws.readyState).toBe(WebSocket.CLOSED);
    } finally {
      await proxy.close().catch(() => {});
      await echo.close();
    }
  });
});

if (!process.env.TEST_DATABASE_URL) {
  // No suite at all rather than a skipped one: without a PostgreSQL there is nothing to proxy to.
  console.log("[neon.test] TEST_DATABASE_URL is not set: the Neon driver suite needs a PostgreSQL to proxy to; not registered.");
} else {
  describe("Neon driver through a WebSocket proxy [neon]", () => {
    let proxy: NeonProxy;
    let db: TestDb;
    let server: TestServer;
    let api: ApiClient;

    beforeAll(async () => {
      proxy = await startNeonProxy();
      db = await createTestDb("neon", { neonWsProxy: proxy.url, maxConnections: 4 });
      server = await startTestServer(db);
      api = new ApiClient(server.url);
    });
    afterAll(async () => {
      await server?.close();
      await db?.close();
      await proxy?.close();
    });

    it("uses the Neon driver, over the proxy, with the migrations applied", async () => {
      expect(db.driver).toBe("neon");
      const [row] = await queryRows<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('tenants', 'schedules', 'schedule_items', 'schedule_runs', 'agents')`,
      );
      expect(row!.n).toBe(5);
      // The migration and the query above went through the WebSocket proxy, not a direct TCP socket.
      expect(proxy.connections()).toBeGreaterThan(0);
    });

    it("serves the API end to end: tenant, project, journey, plan, schedule and items", async () => {
      const { client, tenant } = await api.tenant({ name: "Neon tenant", timezone: "Europe/Berlin", daily_agent_budget: 12 });
      expect(tenant).toMatchObject({ name: "Neon tenant", timezone: "Europe/Berlin", daily_agent_budget: 12 });
      const project = await client.project({ name: "Neon shop", base_url: "https://neon.example.com" });
      const journey = await client.journey(project.id, {
        name: "Checkout",
        steps: [{ action: "goto", path: "/cart" }, { action: "click", text: "Buy now" }, { action: "wait", ms: 250 }],
      });
      const second = await client.journey(project.id, { name: "Search" });
      const plan = await client.testPlan(project.id, [second.id, journey.id]);
      const schedule = await client.schedule(project.id, { name: "Weekdays", run_days: [1, 2, 3, 4, 5], run_time: "07:30" });
      const jItem = await client.item(schedule.id, { journey_id: journey.id, priority: 2 });
      const pItem = await client.item(schedule.id, { test_plan_id: plan.id, priority: 5 });

      expect((await client.get(`/api/v1/projects/${project.id}`)).body).toEqual(project);
      const gotJourney = await client.get(`/api/v1/journeys/${journey.id}`);
      expect(gotJourney.status).toBe(200);
      expect(gotJourney.body.steps).toEqual([
        { action: "goto", path: "/cart" },
        { action: "click", text: "Buy now" },
        { action: "wait", ms: 250 },
      ]);
      expect((await client.get(`/api/v1/test-plans/${plan.id}`)).body.journey_ids).toEqual([second.id, journey.id]);
      const got = await client.get(`/api/v1/schedules/${schedule.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        project_id: project.id,
        name: "Weekdays",
        timezone: "Europe/Berlin",
        run_days: [1, 2, 3, 4, 5],
        run_time: "07:30",
      });
      expect(got.body.items.map((i: { id: string }) => i.id)).toEqual([pItem.id, jItem.id]);
      const list = await client.get(`/api/v1/schedules?project_id=${project.id}`);
      expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([schedule.id]);
      const budget = await client.get("/api/v1/budget");
      expect(budget.body).toMatchObject({ daily_agent_budget: 12, used_today: 0, remaining: 12 });

      // A multi-statement write path (test plan update runs in a transaction) also works.
      const patched = await client.patch(`/api/v1/test-plans/${plan.id}`, { journey_ids: [journey.id] });
      expect(patched.status).toBe(200);
      expect(patched.body.journey_ids).toEqual([journey.id]);
      // And the tenant scoping holds on this driver too.
      const other = await api.tenant();
      expect((await other.client.get(`/api/v1/schedules/${schedule.id}`)).status).toBe(404);
    });

    it("runs interactive transactions: commit, rollback and isolation", async () => {
      await db.db.execute(sql`create table neon_probe (id int primary key, label text not null)`);
      await db.db.transaction(async (tx) => {
        await tx.execute(sql`insert into neon_probe values (1, 'committed')`);
      });
      await expect(
        db.db.transaction(async (tx) => {
          await tx.execute(sql`insert into neon_probe values (2, 'rolled back')`);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");

      // An open transaction's write is invisible to another connection until it commits.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const wrote = new Promise<void>((r) => (inserted = r));
      const open = db.db.transaction(async (tx) => {
        await tx.execute(sql`insert into neon_probe values (3, 'pending')`);
        inserted();
        await held;
      });
      await wrote;
      const during = await queryRows<{ id: number }>(db.db, sql`select id from neon_probe order by id`);
      release();
      await open;
      const after = await queryRows<{ id: number }>(db.db, sql`select id from neon_probe order by id`);
      expect(during.map((r) => r.id)).toEqual([1]);
      expect(after.map((r) => r.id)).toEqual([1, 3]);
    });

    it("holds row locks: FOR UPDATE blocks others, SKIP LOCKED passes over locked rows", async () => {
      await db.db.execute(sql`create table neon_queue (id int primary key)`);
      await db.db.execute(sql`insert into neon_queue values (1), (2), (3)`);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));

      // Worker A claims row 1 and keeps its transaction open.
      const workerA = db.db.transaction(async (tx) => {
        const rows = await queryRows<{ id: number }>(tx, sql`select id from neon_queue where id = 1 for update`);
        expect(rows.map((r) => r.id)).toEqual([1]);
        locked();
        await held;
      });
      await isLocked;
      try {
        // Worker B, on another connection, skips the locked row and claims the others.
        const claimedByB = await db.db.transaction(async (tx) =>
          queryRows<{ id: number }>(tx, sql`select id from neon_queue order by id for update skip locked`),
        );
        expect(claimedByB.map((r) => r.id)).toEqual([2, 3]);
        // Without SKIP LOCKED the row really is locked (NOWAIT fails instead of blocking).
        await expect(
          db.db.transaction(async (tx) => {
            await tx.execute(sql`select id from neon_queue where id = 1 for update nowait`);
          }),
        ).rejects.toThrow();
      } finally {
        release();
        await workerA;
      }
      const afterRelease = await db.db.transaction(async (tx) =>
        queryRows<{ id: number }>(tx, sql`select id from neon_queue order by id for update skip locked`),
      );
      expect(afterRelease.map((r) => r.id)).toEqual([1, 2, 3]);
    });
  });
}

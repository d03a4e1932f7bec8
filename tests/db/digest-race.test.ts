// Digests under concurrency on PostgreSQL (PGlite has one connection, so it cannot race): cron passes
// and workers delivering the same completed runs at once send each run's digest exactly once.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimAgents, finishAgent } from "@/lib/agents/queue";
import { deliverRunDigests, digestPass, type DigestSettings } from "@/lib/digest/deliver";
import type { EmailTransport } from "@/lib/digest/transport";
import { emails, schedules } from "@/lib/db/schema";
import { createTestDb, type TestDb } from "../helpers/databases";
import { passed } from "../helpers/scripted-executor";
import { makeQueuedRun } from "../helpers/world";

const T0 = new Date("2026-03-02T10:00:00Z");

// vitest.config.ts runs this file only when TEST_DATABASE_URL is set.
describe("digest races [pg]", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("pg", { maxConnections: 16 });
  });
  afterAll(async () => db?.close());

  it("4 cron passes and 4 workers at once over 10 completed runs: 10 messages, each sent once", async () => {
    const sends: string[] = [];
    // The transport is the outer edge: it records each send, slowly enough for the racers to overlap.
    const transport: EmailTransport = {
      name: "resend",
      async send(email) {
        sends.push(email.idempotencyKey);
        await new Promise((r) => setTimeout(r, 5));
        return { messageId: `m-${sends.length}` };
      },
    };
    const settings: DigestSettings = { appUrl: "https://rota.test", from: "rota@rota.test", transport };
    const runIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const made = await makeQueuedRun(db.db, 2, T0);
      await db.db
        .update(schedules)
        .set({ digestConfig: { enabled: true, recipients: ["qa@example.com"], send: "always", min_severity: null } })
        .where(eq(schedules.id, made.schedule.id));
      runIds.push(made.runId);
    }
    const jobs = await claimAgents(db.db, { owner: "w", limit: 100, now: T0, leaseMs: 30_000 });
    for (const job of jobs) await finishAgent(db.db, { agentId: job.agentId, guard: { owner: "w", attempt: 1 }, result: passed(), now: T0 });

    await Promise.all([
      ...Array.from({ length: 4 }, () => digestPass(db.db, T0, settings)),
      ...runIds.slice(0, 4).map((id) => deliverRunDigests(db.db, [id], T0, settings)),
    ]);
    expect(sends.sort()).toEqual(runIds.map((id) => `digest:run:${id}`).sort());
    const rows = await db.db.select().from(emails);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});

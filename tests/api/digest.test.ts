// Digests end to end (docs/digest.md): a run completes in the worker, its digest is decided and sent
// exactly once (outbox, or Resend through the real SDK pointed at a local stand-in), the run shows
// it, failures are retried with backoff; the outbox and force-send through the API.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { claimAgents } from "@/lib/agents/queue";
import { executeClaimed } from "@/lib/agents/worker";
import { runCron } from "@/lib/cron";
import { deliverRunDigests, digestPass, prepareRunDigests, type DigestSettings } from "@/lib/digest/deliver";
import { outboxTransport, resendTransport } from "@/lib/digest/transport";
import { setRequestClock } from "@/lib/http/clock";
import type { ApiClient } from "../helpers/client";
import { failed, passed, ScriptedExecutor } from "../helpers/scripted-executor";
import { describeApi, type ApiEnv } from "./setup";

const T0 = Date.parse("2026-03-02T10:00:00Z");
let now = T0;
const clock = () => new Date(now);
beforeEach(() => {
  now = T0;
  setRequestClock(clock);
});
afterEach(() => setRequestClock(null));

const OUTBOX: DigestSettings = { appUrl: "https://rota.test", from: "Rota <digest@rota.test>", transport: outboxTransport };

// --- a stand-in for the Resend API: records what the SDK sends, answers `answers` in turn ---
type Received = { body: { from: string; to: string[]; subject: string; html: string; text: string }; idempotencyKey: string | undefined };
const received: Received[] = [];
let answers: number[] = [];
let resend: http.Server;
let resendUrl: string;
const standIn: http.RequestListener = async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const status = answers.shift() ?? 200;
  received.push({ body: JSON.parse(Buffer.concat(chunks).toString("utf8")), idempotencyKey: req.headers["idempotency-key"] as string | undefined });
  res.writeHead(status, { "content-type": "application/json" });
  res.end(status === 200 ? JSON.stringify({ id: `re_${received.length}` }) : JSON.stringify({ name: status === 429 ? "rate_limit_exceeded" : "internal_server_error", message: "try later", statusCode: status }));
};
beforeAll(async () => {
  resend = http.createServer(standIn);
  await new Promise<void>((resolve) => resend.listen(0, "127.0.0.1", resolve));
  resendUrl = `http://127.0.0.1:${(resend.address() as AddressInfo).port}`;
});
afterAll(async () => {
  resend.closeAllConnections();
  await new Promise<void>((resolve) => resend.close(() => resolve()));
});
beforeEach(() => {
  received.length = 0;
  answers = [];
});
const RESEND = (): DigestSettings => ({ ...OUTBOX, transport: resendTransport({ apiKey: "re_test_key", baseUrl: resendUrl }) });

/** A schedule over three journeys with the given digest settings, triggered: one run, three queued agents. */
async function triggered(e: ApiEnv, digest: Record<string, unknown> | null) {
  const { client } = await e.api.tenant();
  const project = await client.project({ name: "Web shop" });
  const schedule = await client.schedule(project.id, {
    name: "Nightly checkout",
    daily_budget: 3,
    digest_config: digest && { recipients: ["qa@example.com", "lead@example.com"], ...digest },
  });
  const names = ["Home page", "Search", "Checkout"];
  for (const name of names) await client.item(schedule.id, { journey_id: (await client.journey(project.id, { name })).id });
  const run = await client.post(`/api/v1/schedules/${schedule.id}/trigger`);
  expect(run.status).toBe(200);
  return { client, schedule, runId: run.body.id as string };
}

/** What the worker does: run every queued agent (`Checkout` as scripted), and on the run's completion, its digest. */
async function workAll(
  e: ApiEnv,
  settings: DigestSettings,
  outcome: "all_pass" | "checkout_fails" = "checkout_fails",
  onRunCompleted: (runId: string) => Promise<unknown> = (runId) => deliverRunDigests(e.db.db, [runId], clock(), settings),
) {
  const jobs = await claimAgents(e.db.db, { owner: "w", limit: 100, now: clock(), leaseMs: 30_000 });
  const executor = new ScriptedExecutor((job) => ({
    kind: "finished",
    result: outcome === "checkout_fails" && job.journey.name === "Checkout" ? failed() : passed(),
  }));
  for (const job of jobs) {
    await executeClaimed(
      { db: e.db.db, executor, owner: "w", now: clock, elapsedMs: () => 0, onRunCompleted },
      job,
      new AbortController().signal,
    );
  }
}

async function runOf(client: ApiClient, scheduleId: string, runId: string) {
  const runs = await client.get(`/api/v1/schedules/${scheduleId}/runs`);
  return runs.body.data.find((r: { id: string }) => r.id === runId);
}

describeApi("digests", (env) => {
  it("a completed run sends one digest to the outbox, matching the run, and the run shows it", async () => {
    const e = env();
    const { client, schedule, runId } = await triggered(e, { send: "always" });
    await workAll(e, OUTBOX);
    const outbox = await client.get(`/api/v1/outbox?schedule_id=${schedule.id}`);
    expect(outbox.body.data).toHaveLength(1);
    const message = outbox.body.data[0];
    expect(message).toMatchObject({ status: "sent", run_ids: [runId], to: ["qa@example.com", "lead@example.com"], transport: "outbox", attempts: 1 });
    expect(message.subject).toBe("Nightly checkout: 1 failed, 1 high finding");
    for (const name of ["Home page", "Search", "Checkout"]) {
      expect(message.html).toContain(name);
      expect(message.text).toContain(name);
    }
    expect(await runOf(client, schedule.id, runId)).toMatchObject({
      status: "completed",
      digest: { status: "sent", message_id: message.provider_message_id, error: null, sent_at: new Date(now).toISOString() },
    });
    // Later passes (and a repeat of the worker's hook) send nothing more.
    now += 3_600_000;
    await runCron(e.db.db, { now: clock(), retentionDays: 90, digest: OUTBOX });
    await deliverRunDigests(e.db.db, [runId], clock(), OUTBOX);
    expect((await client.get(`/api/v1/outbox?schedule_id=${schedule.id}`)).body.data).toHaveLength(1);
  });

  it("a worker that stopped after writing the message but before sending it: the next cron pass sends it, once", async () => {
    const e = env();
    const { client, schedule, runId } = await triggered(e, { send: "always" });
    // The worker completes the run and writes the digest, and is gone before it sends.
    await workAll(e, OUTBOX, "checkout_fails", (id) => prepareRunDigests(e.db.db, [id], clock(), OUTBOX));
    expect((await client.get(`/api/v1/outbox`)).body.data.map((m: { status: string }) => m.status)).toEqual(["pending"]);
    for (let i = 0; i < 3; i++) {
      now += 60_000;
      await runCron(e.db.db, { now: clock(), retentionDays: 90, digest: OUTBOX });
    }
    const messages = (await client.get(`/api/v1/outbox?schedule_id=${schedule.id}`)).body.data;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("on_failure: all passed → suppressed, no message; one failed → sent", async () => {
    const e = env();
    const quiet = await triggered(e, { send: "on_failure" });
    await workAll(e, OUTBOX, "all_pass");
    expect((await runOf(quiet.client, quiet.schedule.id, quiet.runId)).digest).toEqual({ status: "suppressed", sent_at: null, message_id: null, error: null });
    expect((await quiet.client.get(`/api/v1/outbox`)).body.data).toEqual([]);

    const loud = await triggered(e, { send: "on_failure" });
    await workAll(e, OUTBOX, "checkout_fails");
    expect((await runOf(loud.client, loud.schedule.id, loud.runId)).digest).toMatchObject({ status: "sent" });
    expect((await loud.client.get(`/api/v1/outbox`)).body.data).toHaveLength(1);
  });

  it("turning a digest on later does not mail the runs that completed while it was off", async () => {
    const e = env();
    const { client, schedule, runId } = await triggered(e, null);
    await workAll(e, OUTBOX);
    expect((await runOf(client, schedule.id, runId)).digest).toBeNull();
    now += 60_000;
    const patched = await client.patch(`/api/v1/schedules/${schedule.id}`, { digest_config: { recipients: ["qa@example.com"] } });
    expect(patched.status).toBe(200);
    now += 60_000;
    await runCron(e.db.db, { now: clock(), retentionDays: 90, digest: OUTBOX });
    expect((await client.get(`/api/v1/outbox`)).body.data).toEqual([]);
    // Nor can one be forced for a run still going: its own digest follows when it completes.
    const running = await client.post(`/api/v1/schedules/${schedule.id}/trigger`);
    expect(running.body.status).toBe("dispatched");
    const forced = await client.post(`/api/v1/schedules/${schedule.id}/digest`);
    expect(forced.body.run_ids).toEqual([runId]);
    await workAll(e, OUTBOX);
    expect((await runOf(client, schedule.id, running.body.id)).digest).toMatchObject({ status: "sent" });
    expect((await client.get(`/api/v1/outbox`)).body.data).toHaveLength(2);
  });

  it("only findings at or above min_severity appear", async () => {
    const e = env();
    const { client } = await triggered(e, { send: "always", min_severity: "critical" });
    await workAll(e, OUTBOX);
    const [message] = (await client.get(`/api/v1/outbox`)).body.data;
    expect(message.html).not.toContain("Step 1 failed: expect_text"); // the scripted failure's finding is `high`
    expect(message.subject).toBe("Nightly checkout: 1 failed");
  });

  it("through Resend: the payload and idempotency key; a 500 and a 429 are retried with backoff and sent once", async () => {
    const e = env();
    const { client, schedule, runId } = await triggered(e, { send: "always" });
    answers = [500, 429, 200];
    await workAll(e, RESEND());
    expect(received).toHaveLength(1);
    expect(await runOf(client, schedule.id, runId)).toMatchObject({ digest: { status: "failed", message_id: null } });
    expect((await runOf(client, schedule.id, runId)).digest.error).toMatch(/500/);

    // Not before its backoff (1 minute after the first failure).
    await digestPass(e.db.db, new Date(now + 30_000), RESEND());
    expect(received).toHaveLength(1);
    now += 61_000;
    await digestPass(e.db.db, clock(), RESEND());
    expect(received).toHaveLength(2);
    expect((await runOf(client, schedule.id, runId)).digest.error).toMatch(/429/);
    now += 5 * 60_000 + 1_000;
    await digestPass(e.db.db, clock(), RESEND());
    expect(received).toHaveLength(3);
    now += 3_600_000;
    await digestPass(e.db.db, clock(), RESEND());
    expect(received).toHaveLength(3);

    // Every try carried the same message and the same key.
    const keys = new Set(received.map((r) => r.idempotencyKey));
    expect(keys).toEqual(new Set([`digest:run:${runId}`]));
    expect(received[2]!.body).toMatchObject({ from: "Rota <digest@rota.test>", to: ["qa@example.com", "lead@example.com"], subject: "Nightly checkout: 1 failed, 1 high finding" });
    expect(received[2]!.body.html).toContain("Checkout");
    expect(received[2]!.body.text).toContain("Checkout");
    expect(await runOf(client, schedule.id, runId)).toMatchObject({ digest: { status: "sent", message_id: "re_3", error: null } });
    const [message] = (await client.get(`/api/v1/outbox`)).body.data;
    expect(message).toMatchObject({ status: "sent", transport: "resend", provider_message_id: "re_3", attempts: 3 });
  });

  it("through Resend while it cannot be reached (connection refused): retried with backoff, sent once when it is back", async () => {
    const e = env();
    const { client, schedule, runId } = await triggered(e, { send: "always" });
    // A port nothing listens on (taken, then given back); the stand-in comes up on it later.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const down = (): DigestSettings => ({ ...OUTBOX, transport: resendTransport({ apiKey: "re_test_key", baseUrl: `http://127.0.0.1:${port}` }) });
    const mine = () => received.filter((r) => r.idempotencyKey === `digest:run:${runId}`);
    const message = async () => (await client.get(`/api/v1/outbox?schedule_id=${schedule.id}`)).body.data[0];

    await workAll(e, down());
    expect(await runOf(client, schedule.id, runId)).toMatchObject({ digest: { status: "failed", message_id: null } });
    expect((await runOf(client, schedule.id, runId)).digest.error).toMatch(/could not be reached/);
    now += 61_000;
    await digestPass(e.db.db, clock(), down());
    expect(await message()).toMatchObject({ status: "pending", attempts: 2 });

    // Back up, on the same address: not before the backoff (5 minutes after the second failure), then once.
    const back = http.createServer(standIn);
    await new Promise<void>((resolve) => back.listen(port, "127.0.0.1", resolve));
    try {
      now += 60_000;
      await digestPass(e.db.db, clock(), down());
      expect(mine()).toHaveLength(0);
      now += 4 * 60_000 + 1_000;
      await digestPass(e.db.db, clock(), down());
      expect(mine()).toHaveLength(1);
      now += 3_600_000;
      await digestPass(e.db.db, clock(), down());
      expect(mine()).toHaveLength(1);
    } finally {
      back.closeAllConnections();
      await new Promise<void>((resolve) => back.close(() => resolve()));
    }
    expect(await runOf(client, schedule.id, runId)).toMatchObject({ digest: { status: "sent", error: null } });
    expect(await message()).toMatchObject({ status: "sent", transport: "resend", attempts: 3 });
  });

  it("gives up after 5 tries: the message and the run say failed, with the error", async () => {
    const e = env();
    const { client, schedule, runId } = await triggered(e, { send: "always" });
    answers = [500, 500, 500, 500, 500, 500];
    await workAll(e, RESEND());
    for (let i = 0; i < 6; i++) {
      now += 2 * 3_600_000;
      await digestPass(e.db.db, clock(), RESEND());
    }
    expect(received).toHaveLength(5);
    const [message] = (await client.get(`/api/v1/outbox`)).body.data;
    expect(message).toMatchObject({ status: "failed", attempts: 5 });
    expect(message.error).toMatch(/500/);
    expect((await runOf(client, schedule.id, runId)).digest).toMatchObject({ status: "failed" });
  });

  it("force-send: 400 when disabled or nothing ran; one a minute (429 with Retry-After); another tenant's schedule 404 and outbox empty", async () => {
    const e = env();
    const off = await triggered(e, { send: "always", enabled: false });
    const disabled = await off.client.post(`/api/v1/schedules/${off.schedule.id}/digest`);
    expect(disabled.status).toBe(400);
    expect(disabled.body.error.code).toBe("digest_disabled");

    const { client } = await e.api.tenant();
    const project = await client.project();
    const idle = await client.schedule(project.id, { digest_config: { recipients: ["qa@example.com"] } });
    const none = await client.post(`/api/v1/schedules/${idle.id}/digest`);
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe("no_runs");

    // A suppressed digest can still be forced.
    const quiet = await triggered(e, { send: "on_failure" });
    await workAll(e, OUTBOX, "all_pass");
    const forced = await quiet.client.post(`/api/v1/schedules/${quiet.schedule.id}/digest`);
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ sent: true, recipients: ["qa@example.com", "lead@example.com"], run_ids: [quiet.runId] });
    expect(forced.body.message_id).toBeTruthy();
    // The run's own digest stays what it was: a forced digest is the outbox's record, not the run's.
    expect((await runOf(quiet.client, quiet.schedule.id, quiet.runId)).digest).toMatchObject({ status: "suppressed" });
    const again = await quiet.client.post(`/api/v1/schedules/${quiet.schedule.id}/digest`);
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toBe("60");
    now += 60_000;
    expect((await quiet.client.post(`/api/v1/schedules/${quiet.schedule.id}/digest`)).status).toBe(200);
    expect((await quiet.client.get(`/api/v1/outbox?schedule_id=${quiet.schedule.id}`)).body.data).toHaveLength(2);

    // Tenants are sealed.
    expect((await client.post(`/api/v1/schedules/${quiet.schedule.id}/digest`)).status).toBe(404);
    expect((await client.get(`/api/v1/outbox`)).body.data).toEqual([]);
    expect((await client.get(`/api/v1/outbox?schedule_id=${quiet.schedule.id}`)).body.data).toEqual([]);
  });
});

// POST /api/v1/schedules/{id}/digest/preview (docs/digest.md "Preview"): the digest email rendered with
// the given or saved settings, for the latest run or sample data; nothing written, nothing sent. Runs
// are made as in digest.test.ts: a trigger, then the worker's code runs the queued agents.
import { afterEach, beforeEach, expect, it } from "vitest";
import { claimAgents } from "@/lib/agents/queue";
import { executeClaimed } from "@/lib/agents/worker";
import { deliverRunDigests, type DigestSettings } from "@/lib/digest/deliver";
import { outboxTransport } from "@/lib/digest/transport";
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
const RECIPIENTS = ["qa@example.com"];

async function scheduleOf(e: ApiEnv, digest: Record<string, unknown> | null) {
  const { client } = await e.api.tenant();
  const project = await client.project({ name: "Web shop" });
  const schedule = await client.schedule(project.id, {
    name: "Nightly checkout",
    daily_budget: 3,
    digest_config: digest && { recipients: RECIPIENTS, ...digest },
  });
  for (const name of ["Home page", "Search", "Checkout"]) {
    await client.item(schedule.id, { journey_id: (await client.journey(project.id, { name })).id });
  }
  return { client, schedule };
}

/** A triggered run whose agents the worker then runs: `Checkout` fails with a high finding. */
async function completedRun(e: ApiEnv, client: ApiClient, scheduleId: string) {
  const run = await client.post(`/api/v1/schedules/${scheduleId}/trigger`);
  expect(run.status).toBe(200);
  const jobs = await claimAgents(e.db.db, { owner: "w", limit: 100, now: clock(), leaseMs: 30_000 });
  const executor = new ScriptedExecutor((job) => ({ kind: "finished", result: job.journey.name === "Checkout" ? failed() : passed() }));
  for (const job of jobs) {
    await executeClaimed(
      { db: e.db.db, executor, owner: "w", now: clock, elapsedMs: () => 0, onRunCompleted: (runId) => deliverRunDigests(e.db.db, [runId], clock(), OUTBOX) },
      job,
      new AbortController().signal,
    );
  }
  return run.body.id as string;
}

const preview = (client: ApiClient, scheduleId: string, body?: unknown) =>
  client.post(`/api/v1/schedules/${scheduleId}/digest/preview`, body);

async function nothingWritten(client: ApiClient, scheduleId: string) {
  expect((await client.get(`/api/v1/outbox`)).body.data).toEqual([]);
  for (const run of (await client.get(`/api/v1/schedules/${scheduleId}/runs`)).body.data) expect(run.digest).toBeNull();
}

describeApi("digest preview", (env) => {
  it("no run yet: sample data, marked sample, under the schedule's own name; min_severity from the given settings", async () => {
    const { client, schedule } = await scheduleOf(env(), null);
    const res = await preview(client, schedule.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sample: true, run_id: null });
    expect(res.body.subject).toBe("Nightly checkout: 1 failed, 1 errored, 1 high finding");
    expect(res.body.html).toContain("Nightly checkout");
    expect(res.body.html).toContain("Web shop");
    expect(res.body.html).toContain("Guest checkout with card");
    expect(res.body.text).toContain("Guest checkout with card");
    expect(res.body.html).toContain("Console warning on /cart"); // a low finding: every severity by default
    expect(res.body.html).toMatch(/^<!DOCTYPE html/i);

    const high = await preview(client, schedule.id, { digest_config: { recipients: RECIPIENTS, min_severity: "high" } });
    expect(high.status).toBe(200);
    expect(high.body.sample).toBe(true);
    expect(high.body.html).not.toContain("Console warning on /cart");
    expect(high.body.html).not.toContain("Step 3 was slow"); // medium
    expect(high.body.html).toContain("Thank you for your order"); // the high one
    await nothingWritten(client, schedule.id);
  });

  it("the latest completed run: its journeys and results, and the same subject the digest was sent with", async () => {
    const e = env();
    const { client, schedule } = await scheduleOf(e, { send: "always" });
    const runId = await completedRun(e, client, schedule.id);
    const res = await preview(client, schedule.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sample: false, run_id: runId, subject: "Nightly checkout: 1 failed, 1 high finding" });
    for (const name of ["Home page", "Search", "Checkout"]) {
      expect(res.body.html).toContain(name);
      expect(res.body.text).toContain(name);
    }
    expect(res.body.html).not.toContain("Guest checkout with card");
    const [sent] = (await client.get(`/api/v1/outbox?schedule_id=${schedule.id}`)).body.data;
    expect(sent.subject).toBe(res.body.subject);
    // A later run still going does not replace the completed one.
    expect((await client.post(`/api/v1/schedules/${schedule.id}/trigger`)).body.status).toBe("dispatched");
    expect((await preview(client, schedule.id)).body.run_id).toBe(runId);
    // The preview itself wrote nothing: still the one message the run's own digest sent.
    expect((await client.get(`/api/v1/outbox`)).body.data).toHaveLength(1);
  });

  it("min_severity hides lower findings: the saved setting, overridden by the given one", async () => {
    const e = env();
    const { client, schedule } = await scheduleOf(e, null);
    await completedRun(e, client, schedule.id);
    const finding = "Step 1 failed: expect_text"; // the scripted failure's finding is `high`
    const all = await preview(client, schedule.id);
    expect(all.body.html).toContain(finding);
    const critical = await preview(client, schedule.id, { digest_config: { recipients: RECIPIENTS, min_severity: "critical" } });
    expect(critical.status).toBe(200);
    expect(critical.body.html).not.toContain(finding);
    expect(critical.body.subject).toBe("Nightly checkout: 1 failed");

    expect((await client.patch(`/api/v1/schedules/${schedule.id}`, { digest_config: { recipients: RECIPIENTS, min_severity: "critical" } })).status).toBe(200);
    expect((await preview(client, schedule.id)).body.html).not.toContain(finding);
    const shown = await preview(client, schedule.id, { digest_config: { recipients: RECIPIENTS, min_severity: "info" } });
    expect(shown.body.html).toContain(finding);
    await nothingWritten(client, schedule.id);
  });

  it("an invalid body is a 400 and nothing is written; another tenant's schedule is a 404", async () => {
    const e = env();
    const { client, schedule } = await scheduleOf(e, null);
    await completedRun(e, client, schedule.id);
    const bad: unknown[] = [
      { digest_config: { recipients: RECIPIENTS, min_severity: "extreme" } },
      { digest_config: { recipients: ["not an email"] } },
      { digest_config: { recipients: [] } },
      { digest_config: { recipients: RECIPIENTS, unknown: true } },
      { unknown: 1 },
      { digest_config: "high" },
    ];
    for (const body of bad) {
      const res = await preview(client, schedule.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
    }
    const malformed = await client.request("POST", `/api/v1/schedules/${schedule.id}/digest/preview`, undefined, { raw: "{nope" });
    expect(malformed.status).toBe(400);
    await nothingWritten(client, schedule.id);
    expect((await client.get(`/api/v1/schedules/${schedule.id}`)).body.digest_config).toBeNull();

    const other = await e.api.tenant();
    expect((await preview(other.client, schedule.id)).status).toBe(404);
    expect((await preview(other.client, schedule.id, { digest_config: { recipients: RECIPIENTS } })).status).toBe(404);
    expect((await preview(client, "not-a-uuid")).status).toBe(404);
  });
});

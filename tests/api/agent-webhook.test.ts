// The webhook executor end to end: agents queued by a real trigger are claimed and handed to a local
// receiver exactly as the worker does it (lib/agents/worker.ts: claim → `executeClaimed`, which hands
// the agent off before the delivery leaves, or records the failed delivery), the receiver checks the signature, and the result
// comes back through POST /api/v1/agents/{id}/result with the job's single-use token.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { AgentJob } from "@/lib/agents/executor";
import { claimAgents, reapExpiredLeases } from "@/lib/agents/queue";
import { signDelivery, verifyDelivery, type VerifyResult } from "@/lib/agents/signature";
import { createWebhookExecutor, hashResultToken, RESULT_TOKEN_RE, type WebhookDelivery } from "@/lib/agents/webhook";
import { executeClaimed, startWorker } from "@/lib/agents/worker";
import { agents } from "@/lib/db/schema";
import { setRequestClock } from "@/lib/http/clock";
import type { ApiClient } from "../helpers/client";
import { describeApi, type ApiEnv } from "./setup";

const SECRET = "webhook-secret-for-the-tests-0123456789";
const REPORT_TIMEOUT_MS = 900_000;
const OWNER = "test-worker";
const LEASE_MS = 30_000;
// A 1×1 PNG.
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

// The virtual clock: the executor, the queue calls and the route handlers (setRequestClock) all read it.
let clock = new Date("2026-11-25T10:00:00.000Z");
const now = () => new Date(clock.getTime());
const nowSeconds = () => Math.floor(clock.getTime() / 1000);

// --- the receiver: verifies every delivery as a real one would, records it, answers `answer` ---
type Delivery = { headers: http.IncomingHttpHeaders; raw: string; body: WebhookDelivery; verified: VerifyResult };
const deliveries: Delivery[] = [];
let answer: number | "hang" = 202;
/** How long the receiver takes to answer a delivery. */
let answerDelayMs = 0;
/** When set, the receiver reports the result itself before it answers the delivery (a fast fleet). */
let reportBeforeAnswering: ((delivery: WebhookDelivery) => Promise<number>) | null = null;
const earlyReports: number[] = [];
let receiver: http.Server;
let receiverUrl: string;

beforeAll(async () => {
  receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const verified = verifyDelivery({
      secret: SECRET,
      timestamp: req.headers["x-rota-timestamp"] as string | undefined,
      signature: req.headers["x-rota-signature"] as string | undefined,
      body: raw,
      nowSeconds: nowSeconds(),
    });
    deliveries.push({ headers: req.headers, raw, body: JSON.parse(raw) as WebhookDelivery, verified });
    if (answer === "hang") return; // never answers: the executor's request timeout must end it
    if (reportBeforeAnswering) earlyReports.push(await reportBeforeAnswering(JSON.parse(raw) as WebhookDelivery));
    if (answerDelayMs > 0) await new Promise((r) => setTimeout(r, answerDelayMs));
    res.writeHead(verified.ok ? answer : 401, { "content-type": "application/json" }).end('{"accepted":true}');
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/rota?channel=nightly`;
  setRequestClock(now);
});

afterAll(async () => {
  setRequestClock(null);
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

afterEach(() => {
  answer = 202;
  reportBeforeAnswering = null;
  earlyReports.length = 0;
  answerDelayMs = 0;
});

function executorFor(e: ApiEnv, opts: { url?: string; requestTimeoutMs?: number } = {}) {
  return createWebhookExecutor({
    url: opts.url ?? receiverUrl,
    secret: SECRET,
    appUrl: `${e.api.baseUrl}/`, // a trailing slash must not double in the result URL
    reportTimeoutMs: REPORT_TIMEOUT_MS,
    now,
    requestTimeoutMs: opts.requestTimeoutMs,
  });
}

/** A tenant with one project, `n` journeys on one schedule, triggered: `n` queued agents. */
async function queuedAgents(e: ApiEnv, n: number) {
  const { client, tenant, key } = await e.api.tenant();
  const project = await client.project({ base_url: "https://shop.test" });
  const schedule = await client.schedule(project.id, { daily_budget: n });
  const journeys = [];
  for (let i = 0; i < n; i++) {
    const journey = await client.journey(project.id, {
      name: `Checkout ${i}`,
      start_path: "/cart",
      steps: [{ action: "click", text: "Pay" }, { action: "expect_text", text: "Thank you" }],
    });
    await client.item(schedule.id, { journey_id: journey.id });
    journeys.push(journey);
  }
  const run = await client.post(`/api/v1/schedules/${schedule.id}/trigger`);
  expect(run.status).toBe(200);
  const agentIds: string[] = run.body.selected.flatMap((s: { agent_ids: string[] }) => s.agent_ids);
  expect(agentIds).toHaveLength(n);
  return { client, tenant, key, project, schedule, journeys, runId: run.body.id as string, agentIds };
}

/**
 * What a worker does with what it claims (lib/agents/worker.ts `executeClaimed`): every queued agent
 * (other tests' leftovers too, so none lingers) is run by the executor, then handed off or finished.
 */
async function dispatchQueued(e: ApiEnv, executor = executorFor(e)): Promise<AgentJob[]> {
  const jobs = await claimAgents(e.db.db, { owner: OWNER, limit: 100, now: now(), leaseMs: LEASE_MS });
  for (const job of jobs) {
    await executeClaimed({ db: e.db.db, executor, owner: OWNER, now, elapsedMs: () => 0 }, job, new AbortController().signal);
  }
  return jobs;
}

function deliveryOf(agentId: string): Delivery {
  const found = deliveries.filter((d) => d.body.agent.id === agentId);
  expect(found, `deliveries of ${agentId}`).toHaveLength(1);
  return found[0]!;
}

/** POSTs a report to the result URL of a delivery (or any agent path) with `token`. */
function report(e: ApiEnv, agentId: string, token: string | null, body: unknown) {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  return e.api.request("POST", `/api/v1/agents/${agentId}/result`, body, { headers });
}

async function agentRow(e: ApiEnv, id: string) {
  const [row] = await e.db.db.select().from(agents).where(eq(agents.id, id));
  return row!;
}

async function runOf(client: ApiClient, scheduleId: string, runId: string) {
  const runs = await client.get(`/api/v1/schedules/${scheduleId}/runs`);
  return runs.body.data.find((r: { id: string }) => r.id === runId);
}

const passed = {
  status: "passed",
  steps: [
    { index: 0, action: "open", status: "passed", duration_ms: 310, error: null },
    { index: 1, action: "click", status: "passed", duration_ms: 120, error: null },
    { index: 2, action: "expect_text", status: "passed", duration_ms: 40, error: null },
  ],
  findings: [{ severity: "info", title: "Slow font load", detail: "1.2 s for the web font", step: 0 }],
  error: null,
  duration_ms: 470,
};

const failedWithScreenshot = {
  status: "failed",
  steps: [
    { index: 0, action: "open", status: "passed", duration_ms: 300, error: null },
    { index: 1, action: "click", status: "failed", duration_ms: 30_000, error: "No element with text Pay" },
    { index: 2, action: "expect_text", status: "skipped", duration_ms: 0, error: null },
  ],
  findings: [{ severity: "high", title: "Step 1 failed", detail: "No element with text Pay", step: 1 }],
  error: "Step 1 (click) failed: No element with text Pay",
  duration_ms: 30_300,
  screenshot_png_base64: PNG_BASE64,
};

describeApi("webhook executor and result callback", (env) => {
  it("delivers each job signed, without tenant ids, and records each report once; the last one completes the run", async () => {
    const e = env();
    clock = new Date("2026-11-25T10:00:00.000Z");
    const { client, tenant, schedule, journeys, runId, agentIds } = await queuedAgents(e, 2);
    await dispatchQueued(e);

    const [first, second] = agentIds as [string, string];
    const d = deliveryOf(first);
    expect(d.verified).toEqual({ ok: true });
    expect(d.headers["x-rota-timestamp"]).toBe(String(nowSeconds()));
    expect(d.headers["x-rota-delivery"]).toBe(`${first}:1`);
    expect(d.headers["content-type"]).toBe("application/json");
    const journey = journeys.find((j) => j.id === d.body.journey.id)!;
    expect(d.body).toEqual({
      agent: { id: first, attempt: 1, run_id: runId },
      journey: { id: journey.id, name: journey.name, start_path: "/cart", steps: journey.steps },
      project: { base_url: "https://shop.test" },
      result: {
        url: `${e.api.baseUrl}/api/v1/agents/${first}/result`,
        token: expect.stringMatching(RESULT_TOKEN_RE),
        expires_at: new Date(clock.getTime() + REPORT_TIMEOUT_MS).toISOString(),
      },
    });
    expect(d.raw).not.toContain(tenant.id);
    expect(d.raw).not.toContain("tenant");
    // A changed byte or an old timestamp fails the receiver's check; a replay within the window is
    // what X-Rota-Delivery lets it drop.
    const sig = { secret: SECRET, timestamp: d.headers["x-rota-timestamp"] as string, signature: d.headers["x-rota-signature"] as string };
    expect(verifyDelivery({ ...sig, body: d.raw.replace('"attempt":1', '"attempt":2'), nowSeconds: nowSeconds() })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(verifyDelivery({ ...sig, body: d.raw, nowSeconds: nowSeconds() + 301 })).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(verifyDelivery({ ...sig, secret: "not-the-secret-at-all-0000", body: d.raw, nowSeconds: nowSeconds() })).toEqual({ ok: false, reason: "signature_mismatch" });
    const old = nowSeconds() - 3600;
    expect(verifyDelivery({ ...sig, timestamp: String(old), signature: signDelivery(SECRET, old, d.raw), body: d.raw, nowSeconds: nowSeconds() })).toEqual({ ok: false, reason: "stale_timestamp" });

    // Only the token's hash is stored, and the agent now waits for the report under the webhook's lease.
    const token = d.body.result.token;
    const row = await agentRow(e, first);
    expect(row).toMatchObject({ status: "running", leaseOwner: "webhook", resultTokenHash: hashResultToken(token), executor: "webhook" });
    expect(row.leaseUntil?.toISOString()).toBe(d.body.result.expires_at);

    clock = new Date("2026-11-25T10:05:00.000Z");
    const res = await report(e, first, token, passed);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: first,
      run_id: runId,
      status: "passed",
      attempt: 1,
      started_at: "2026-11-25T10:00:00.000Z",
      finished_at: "2026-11-25T10:05:00.000Z",
      duration_ms: 470,
      error: null,
      screenshot_url: null,
      steps: passed.steps,
      findings: [{ id: expect.any(String), ...passed.findings[0] }],
    });
    expect(res.body).toEqual((await client.get(`/api/v1/agents/${first}`)).body);
    expect((await agentRow(e, first)).resultTokenHash).toBeNull();
    expect((await runOf(client, schedule.id, runId)).status).toBe("dispatched");

    // Single use: the same token again is refused and changes nothing.
    const again = await report(e, first, token, { ...passed, status: "failed" });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("unauthorized");
    expect((await client.get(`/api/v1/agents/${first}`)).body.status).toBe("passed");

    const secondToken = deliveryOf(second).body.result.token;
    const last = await report(e, second, secondToken, failedWithScreenshot);
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({
      status: "failed",
      error: failedWithScreenshot.error,
      steps: failedWithScreenshot.steps,
      findings: [{ severity: "high", title: "Step 1 failed", step: 1 }],
      screenshot_url: `/api/v1/agents/${second}/screenshot`,
    });
    const png = await client.get(`/api/v1/agents/${second}/screenshot`);
    expect(png.status).toBe(200);
    expect(Buffer.from(png.bytes!).toString("base64")).toBe(PNG_BASE64);
    const run = await runOf(client, schedule.id, runId);
    expect(run).toMatchObject({ status: "completed", finished_at: "2026-11-25T10:05:00.000Z" });
    expect(run.agents).toMatchObject({ queued: 0, running: 0, passed: 1, failed: 1 });
  });

  it("refuses a missing, malformed or unknown token, and an API key, with 401 and changes nothing", async () => {
    const e = env();
    const { key, agentIds } = await queuedAgents(e, 1);
    await dispatchQueued(e);
    const id = agentIds[0]!;
    const token = deliveryOf(id).body.result.token;
    const unknown = `rota_agent_${"A".repeat(43)}`;
    for (const [label, header] of [
      ["no header", null],
      ["unknown token", `Bearer ${unknown}`],
      ["token with a character changed", `Bearer ${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`],
      ["not a result token", "Bearer hello"],
      ["the tenant's API key", `Bearer ${key}`],
      ["token without Bearer", token],
    ] as const) {
      const res = await e.api.request("POST", `/api/v1/agents/${id}/result`, passed, { headers: header === null ? {} : { authorization: header } });
      expect(res.status, label).toBe(401);
      expect(res.body.error.code, label).toBe("unauthorized");
    }
    expect(await agentRow(e, id)).toMatchObject({ status: "running", resultTokenHash: hashResultToken(token) });
    // The token itself still works afterwards.
    expect((await report(e, id, token, passed)).status).toBe(200);
  });

  it("refuses a malformed report with 400 and its issues, leaving the agent running without findings", async () => {
    const e = env();
    const { client, agentIds } = await queuedAgents(e, 1);
    await dispatchQueued(e);
    const id = agentIds[0]!;
    const token = deliveryOf(id).body.result.token;
    const finding = passed.findings[0]!;
    const cases: [string, unknown, (string | number)[]][] = [
      ["bad status", { ...passed, status: "ok" }, ["status"]],
      ["finding with a bad severity", { ...passed, findings: [{ ...finding, severity: "urgent" }] }, ["findings", 0, "severity"]],
      ["steps not an array", { ...passed, steps: "all good" }, ["steps"]],
      ["screenshot not base64", { ...passed, screenshot_png_base64: "not base64 at all!" }, ["screenshot_png_base64"]],
      ["screenshot base64 but not a PNG", { ...passed, screenshot_png_base64: Buffer.from("GIF89a........").toString("base64") }, ["screenshot_png_base64"]],
      ["screenshot as a data: URL", { ...passed, screenshot_png_base64: `data:image/png;base64,${PNG_BASE64}` }, ["screenshot_png_base64"]],
      ["screenshot unpadded", { ...passed, screenshot_png_base64: PNG_BASE64.replace(/=+$/, "") }, ["screenshot_png_base64"]],
      ["negative duration", { ...passed, duration_ms: -1 }, ["duration_ms"]],
      ["step duration not whole", { ...passed, steps: [{ ...passed.steps[0], duration_ms: 1.5 }] }, ["steps", 0, "duration_ms"]],
      ["too many steps", { ...passed, steps: Array.from({ length: 102 }, (_, i) => ({ ...passed.steps[0], index: i % 100 })) }, ["steps"]],
      ["too many findings", { ...passed, findings: Array.from({ length: 51 }, () => finding) }, ["findings"]],
      ["finding title too long", { ...passed, findings: [{ ...finding, title: "x".repeat(201) }] }, ["findings", 0, "title"]],
      ["unknown field", { ...passed, tenant_id: "x" }, []],
      ["missing status", { steps: [], duration_ms: 0 }, ["status"]],
      ["NUL in an error", { ...passed, error: "a\u0000b" }, ["error"]],
    ];
    for (const [label, body, path] of cases) {
      const res = await report(e, id, token, body);
      expect(res.status, label).toBe(400);
      expect(res.body.error.code, label).toBe("validation_error");
      expect(res.body.error.issues.map((i: { path: unknown }) => i.path), label).toContainEqual(path);
    }
    const notJson = await e.api.request("POST", `/api/v1/agents/${id}/result`, undefined, { raw: "{status:", headers: { authorization: `Bearer ${token}` } });
    expect(notJson.status).toBe(400);

    const agent = await client.get(`/api/v1/agents/${id}`);
    expect(agent.body).toMatchObject({ status: "running", findings: [], steps: [], finished_at: null, screenshot_url: null });
    expect((await agentRow(e, id)).resultTokenHash).toBe(hashResultToken(token));
    // Nothing was used up: the corrected report is accepted.
    expect((await report(e, id, token, failedWithScreenshot)).status).toBe(200);
  });

  it("scopes a token to its own agent: another tenant's agent is a 404, a sibling of the same tenant a 401", async () => {
    const e = env();
    const a = await queuedAgents(e, 2);
    const b = await queuedAgents(e, 1);
    await dispatchQueued(e);
    const [a1, a2] = a.agentIds as [string, string];
    const b1 = b.agentIds[0]!;
    const tokenA1 = deliveryOf(a1).body.result.token;
    const tokenB1 = deliveryOf(b1).body.result.token;

    const foreign = await report(e, a1, tokenB1, passed);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    const sibling = await report(e, a2, tokenA1, passed);
    expect(sibling.status).toBe(401);
    expect((await report(e, "0f8fad5b-d9cb-469f-a165-70867728950e", tokenA1, passed)).status).toBe(404);
    expect((await report(e, "not-a-uuid", tokenA1, passed)).status).toBe(404);
    // The token is checked first: a bad one is a 401 whatever the path names.
    expect((await report(e, "not-a-uuid", `rota_agent_${"A".repeat(43)}`, passed)).status).toBe(401);

    for (const id of [a1, a2, b1]) expect((await agentRow(e, id)).status, id).toBe("running");
    // A path id in capitals names the same agent.
    expect((await report(e, a1.toUpperCase(), tokenA1, passed)).status).toBe(200);
    expect((await report(e, b1, tokenB1, failedWithScreenshot)).status).toBe(200);
    expect((await a.client.get(`/api/v1/agents/${a2}`)).body.status).toBe("running");
  });

  it("takes two concurrent reports with one token once: one 200, one 401, findings written once", async () => {
    const e = env();
    const { client, agentIds } = await queuedAgents(e, 1);
    await dispatchQueued(e);
    const id = agentIds[0]!;
    const token = deliveryOf(id).body.result.token;
    const results = await Promise.all([report(e, id, token, failedWithScreenshot), report(e, id, token, failedWithScreenshot)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect((await client.get(`/api/v1/agents/${id}`)).body.findings).toHaveLength(1);
  });

  it("accepts a report the fleet sends before it has answered the delivery (the token is valid before it leaves)", async () => {
    const e = env();
    const { client, agentIds, runId } = await queuedAgents(e, 1);
    reportBeforeAnswering = async (d) => (await report(e, d.agent.id, d.result.token, passed)).status;
    await dispatchQueued(e);
    expect(earlyReports).toEqual([200]);
    expect((await client.get(`/api/v1/agents/${agentIds[0]}`)).body).toMatchObject({ status: "passed" });
    const runs = await client.get(`/api/v1/schedules/${(await agentRow(e, agentIds[0]!)).scheduleId}/runs`);
    expect(runs.body.data.find((r: { id: string }) => r.id === runId)).toMatchObject({ status: "completed" });
  });

  it("refuses a report after the report window ended, even before the agent is reaped", async () => {
    const e = env();
    const { agentIds } = await queuedAgents(e, 1);
    await dispatchQueued(e);
    const id = agentIds[0]!;
    const token = deliveryOf(id).body.result.token;
    const sent = clock;
    try {
      clock = new Date(sent.getTime() + REPORT_TIMEOUT_MS + 1);
      expect((await report(e, id, token, passed)).status).toBe(401);
      expect(await agentRow(e, id)).toMatchObject({ status: "running", leaseOwner: "webhook" });
    } finally {
      clock = sent;
    }
    // Within the window the same token still works: the refusal above changed nothing.
    expect((await report(e, id, token, passed)).status).toBe(200);
  });

  it("a stopping worker lets a delivery in flight finish: the agent stays with the fleet, its token valid", async () => {
    const e = env();
    const { agentIds } = await queuedAgents(e, 1);
    const id = agentIds[0]!;
    answerDelayMs = 300;
    const worker = startWorker({ db: e.db.db, executor: executorFor(e), owner: "stopping-worker", concurrency: 1, leaseMs: LEASE_MS, now, elapsedMs: () => performance.now(), pollMs: 20, graceMs: 0 });
    for (let i = 0; i < 500 && !deliveries.some((d) => d.body.agent.id === id); i++) await new Promise((r) => setTimeout(r, 10));
    await worker.stop(); // while the receiver has not answered yet
    expect(await agentRow(e, id)).toMatchObject({ status: "running", leaseOwner: "webhook", attempt: 1 });
    expect((await report(e, id, deliveryOf(id).body.result.token, passed)).status).toBe(200);
  });

  it("refuses a report after the report window ended and the agent was reaped", async () => {
    const e = env();
    clock = new Date("2026-11-26T10:00:00.000Z");
    const { agentIds } = await queuedAgents(e, 1);
    await dispatchQueued(e);
    const id = agentIds[0]!;
    const token = deliveryOf(id).body.result.token;
    clock = new Date(clock.getTime() + REPORT_TIMEOUT_MS + 1);
    await reapExpiredLeases(e.db.db, now());
    expect(await agentRow(e, id)).toMatchObject({ status: "queued", attempt: 2, resultTokenHash: null });
    expect((await report(e, id, token, passed)).status).toBe(401);
    // The retry is delivered with a fresh token; the old one stays dead.
    await dispatchQueued(e);
    const retry = deliveries.filter((d) => d.body.agent.id === id);
    expect(retry.map((d) => d.headers["x-rota-delivery"])).toEqual([`${id}:1`, `${id}:2`]);
    expect(retry[1]!.body.result.token).not.toBe(token);
    expect((await report(e, id, token, passed)).status).toBe(401);
    expect((await report(e, id, retry[1]!.body.result.token, passed)).body.attempt).toBe(2);
  });

  it("ends the agent `error` with a clear message when a worker's delivery is answered 500", async () => {
    const e = env();
    const { client, schedule, runId, agentIds } = await queuedAgents(e, 1);
    const id = agentIds[0]!;
    answer = 500;
    const worker = startWorker({ db: e.db.db, executor: executorFor(e), owner: "webhook-test-worker", concurrency: 1, leaseMs: LEASE_MS, now, elapsedMs: () => performance.now(), pollMs: 20 });
    try {
      for (let i = 0; i < 500 && (await agentRow(e, id)).status !== "error"; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await worker.stop();
    }
    const host = new URL(receiverUrl).host;
    const agent = await client.get(`/api/v1/agents/${id}`);
    expect(agent.body).toMatchObject({ status: "error", error: `Webhook ${host} answered 500`, steps: [], findings: [] });
    expect(deliveryOf(id).verified).toEqual({ ok: true });
    expect(await agentRow(e, id)).toMatchObject({ leaseOwner: null, resultTokenHash: null });
    expect((await runOf(client, schedule.id, runId)).status).toBe("completed");
    // Its token never became valid.
    expect((await report(e, id, deliveryOf(id).body.result.token, passed)).status).toBe(401);
  });

  it("ends the agent `error` when the receiver cannot be reached, does not answer in time, or redirects", async () => {
    const e = env();
    // A port nobody listens on: bind one, note it, close it.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const cases: { url?: string; answer?: number | "hang"; requestTimeoutMs?: number; error: string }[] = [
      { url: `http://127.0.0.1:${port}/hook?key=${SECRET}`, error: `Could not reach webhook 127.0.0.1:${port}: ECONNREFUSED` },
      { answer: "hang", requestTimeoutMs: 200, error: `Webhook ${new URL(receiverUrl).host} did not answer within 200 ms` },
      { answer: 302, error: `Webhook ${new URL(receiverUrl).host} answered 302 (redirects are not followed)` },
    ];
    for (const c of cases) {
      const { client, agentIds } = await queuedAgents(e, 1);
      answer = c.answer ?? 202;
      await dispatchQueued(e, executorFor(e, { url: c.url, requestTimeoutMs: c.requestTimeoutMs }));
      const agent = await client.get(`/api/v1/agents/${agentIds[0]}`);
      expect(agent.body).toMatchObject({ status: "error", error: c.error });
      expect(agent.body.error).not.toContain(SECRET);
      expect(agent.body.error).not.toContain("rota_agent_");
    }
    receiver.closeAllConnections(); // the hanging delivery
  });

  it("takes a report with a screenshot of up to 1 MiB; one over 2 MB is a 413 that leaves the agent running and the token usable", async () => {
    const e = env();
    const { client, agentIds } = await queuedAgents(e, 2);
    await dispatchQueued(e);
    const [id, other] = agentIds as [string, string];
    const token = deliveryOf(id).body.result.token;
    const big = PNG_BASE64.slice(0, 12) + "A".repeat(2_200_000);
    const res = await report(e, id, token, { ...passed, screenshot_png_base64: big });
    expect(res.status).toBe(413);
    expect((await client.get(`/api/v1/agents/${id}`)).body).toMatchObject({ status: "running", findings: [] });
    expect((await report(e, id, token, passed)).status).toBe(200);
    // A PNG just under the 1 MiB cap (the signature, then padding bytes) fits in the report's 2 MB.
    const png = Buffer.concat([Buffer.from(PNG_BASE64, "base64"), Buffer.alloc(1024 * 1024 - 200)]);
    const ok = await report(e, other, deliveryOf(other).body.result.token, { ...failedWithScreenshot, screenshot_png_base64: png.toString("base64") });
    expect(ok.status).toBe(200);
    const shot = await client.get(ok.body.screenshot_url);
    expect(shot.bytes).toHaveLength(png.length);
  });

  it("refuses to be configured with a URL it could not use, or one carrying credentials", () => {
    const e = env();
    expect(() => executorFor(e, { url: "not a url" })).toThrow(/AGENT_WEBHOOK_URL/);
    expect(() => executorFor(e, { url: "ftp://hooks.test/x" })).toThrow(/http/);
    expect(() => executorFor(e, { url: "https://user:pw@hooks.test/x" })).toThrow(/user name or password/);
    expect(() => executorFor(e, { url: "https://user:pw@hooks.test/x" })).not.toThrow(/pw/);
  });
});

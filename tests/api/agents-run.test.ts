// End to end through the API (docs/agents.md): a trigger queues agents, a worker runs them in real
// Chromium against a real site, and the run completes with its counts; the failing agent's findings
// and screenshot are there, the screenshot for its own tenant only.
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { createPlaywrightExecutor } from "@/lib/agents/playwright";
import { startWorker } from "@/lib/agents/worker";
import { setRequestClock } from "@/lib/http/clock";
import { ApiClient } from "../helpers/client";
import { startDemoShopServer, type DemoShopServer } from "../helpers/demo-shop-server";
import { describeApi } from "./setup";

let shop: DemoShopServer;
beforeAll(async () => {
  shop = await startDemoShopServer();
});
afterAll(async () => shop?.close());

// The requests read this clock, never the real one (the tenant's budget day must not depend on when
// the suite runs).
const NOW = new Date("2026-03-02T10:00:00Z");
beforeEach(() => setRequestClock(() => NOW));
afterEach(() => setRequestClock(null));

describeApi("agents run end to end", (env) => {
  it("trigger → agents run in Chromium → run completed with the right counts, findings and screenshot", async () => {
    const { client } = await env().api.tenant();
    const project = await client.project({ base_url: shop.url });
    const passes = await client.journey(project.id, { name: "Home page", steps: [{ action: "expect_text", text: "Rota demo shop" }] });
    const broken = await client.journey(project.id, { name: "Broken page", start_path: "/broken" });
    const fails = await client.journey(project.id, {
      name: "Discount code",
      start_path: "/checkout",
      steps: [
        { action: "fill", selector: "#email", value: "qa@example.com" },
        { action: "expect_text", text: "Discount applied" },
      ],
    });
    const schedule = await client.schedule(project.id, { daily_budget: 3 });
    for (const j of [passes, broken, fails]) await client.item(schedule.id, { journey_id: j.id });

    const trigger = await client.post(`/api/v1/schedules/${schedule.id}/trigger`);
    expect(trigger.status).toBe(200);
    expect(trigger.body).toMatchObject({ status: "dispatched", agents: { queued: 3 } });
    const runId: string = trigger.body.id;

    const worker = startWorker({
      db: env().db.db,
      executor: createPlaywrightExecutor({
        chromiumPath: "/usr/bin/chromium",
        stepBudgetMs: 10_000,
        stepTimeoutMs: 3_000,
        journeyTimeoutMs: 30_000,
        blockPrivate: false,
        elapsedMs: () => performance.now(),
      }),
      owner: "e2e",
      concurrency: 2,
      leaseMs: 30_000,
      now: () => NOW,
      elapsedMs: () => performance.now(),
      pollMs: 50,
    });
    let run;
    try {
      for (let i = 0; i < 600; i++) {
        const runs = await client.get(`/api/v1/schedules/${schedule.id}/runs`);
        run = runs.body.data.find((r: { id: string }) => r.id === runId);
        if (run.status === "completed") break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await worker.stop();
    }
    expect(run).toMatchObject({ status: "completed", agents: { queued: 0, running: 0, passed: 2, failed: 1, error: 0 } });

    const list = await client.get(`/api/v1/agents?run_id=${runId}`);
    const byJourney = new Map(list.body.data.map((a: { journey_id: string; id: string }) => [a.journey_id, a.id]));
    const failed = await client.get(`/api/v1/agents/${byJourney.get(fails.id)}`);
    expect(failed.body).toMatchObject({ status: "failed", attempt: 1 });
    expect(failed.body.steps.map((s: { action: string; status: string }) => [s.action, s.status])).toEqual([
      ["open", "passed"],
      ["fill", "passed"],
      ["expect_text", "failed"],
    ]);
    expect(failed.body.findings).toContainEqual(expect.objectContaining({ severity: "high", step: 2 }));
    expect(failed.body.screenshot_url).toBe(`/api/v1/agents/${failed.body.id}/screenshot`);

    const png = await client.get(failed.body.screenshot_url);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(png.bytes!.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");

    const brokenAgent = await client.get(`/api/v1/agents/${byJourney.get(broken.id)}`);
    expect(brokenAgent.body).toMatchObject({ status: "passed", screenshot_url: null });
    expect(brokenAgent.body.findings).toContainEqual(expect.objectContaining({ severity: "medium" }));
    expect((await client.get(`/api/v1/agents/${byJourney.get(passes.id)}`)).body).toMatchObject({ status: "passed", findings: [] });

    // The screenshot is its tenant's: another tenant's key gets 404, no key 401; none taken is 404.
    const other = (await env().api.tenant()).client;
    expect((await other.get(failed.body.screenshot_url)).status).toBe(404);
    expect((await new ApiClient(env().api.baseUrl).get(failed.body.screenshot_url)).status).toBe(401);
    expect((await client.get(`/api/v1/agents/${byJourney.get(passes.id)}/screenshot`)).status).toBe(404);
  });
});

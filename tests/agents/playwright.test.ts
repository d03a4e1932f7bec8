// The Playwright executor against the demo shop on a local server, in the real Chromium. Tests
// share executors (one browser each) where their options allow: starting Chromium costs ~1 s.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentExecutor, AgentJob, AgentResult, RunHooks } from "@/lib/agents/executor";
import { createPlaywrightExecutor, joinUrl, type PlaywrightExecutorOptions } from "@/lib/agents/playwright";
import type { JourneyStep } from "@/lib/journeys/schemas";
import { DEMO_JOURNEYS } from "@/lib/seed/demo";
import { GET as demoShopRoute } from "@/app/demo-shop/[[...path]]/route";
import { METADATA_URL, startDemoShopServer, type DemoShopServer } from "../helpers/demo-shop-server";
import { PNG_SIGNATURE } from "@/lib/png";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let shop: DemoShopServer;
const executors: AgentExecutor[] = [];
/** The executor of every test that does not probe a limit. */
let main: AgentExecutor;
/**
 * For steps that must fail by timing out: 5 s is long enough for the steps before them to pass on
 * a loaded machine (a local page loads in well under a second) and short enough to wait for.
 */
let short: AgentExecutor;
/** For a page that never answers: its opening visit fails whatever the machine's load. */
let tight: AgentExecutor;

function executor(overrides: Partial<PlaywrightExecutorOptions> = {}): AgentExecutor {
  const e = createPlaywrightExecutor({
    chromiumPath: CHROMIUM,
    // Generous where a test does not probe a limit: a busy CI machine must not turn a pass into a failure.
    stepBudgetMs: 10_000,
    stepTimeoutMs: 10_000,
    journeyTimeoutMs: 60_000,
    blockPrivate: false,
    elapsedMs: () => performance.now(),
    ...overrides,
  });
  executors.push(e);
  return e;
}

let seq = 0;
function job(startPath: string, steps: JourneyStep[], baseUrl = shop.url): AgentJob {
  seq++;
  return {
    agentId: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    tenantId: "00000000-0000-4000-8000-000000000000",
    runId: null,
    attempt: 1,
    baseUrl,
    journey: { id: `00000000-0000-4000-9000-${String(seq).padStart(12, "0")}`, name: `journey ${seq}`, startPath, steps },
  };
}

// The Playwright executor runs every job itself; it has no reason to hand one off.
const hooks: RunHooks = {
  handOff: async () => {
    throw new Error("the Playwright executor handed a job off");
  },
};

async function run(e: AgentExecutor, j: AgentJob, signal = new AbortController().signal): Promise<AgentResult> {
  const outcome = await e.run(j, signal, hooks);
  if (outcome.kind !== "finished") throw new Error(`expected a finished outcome, got ${outcome.kind}`);
  return outcome.result;
}

function expectPng(shot: Uint8Array | null) {
  expect(shot).toBeInstanceOf(Uint8Array);
  expect([...shot!.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
}

beforeAll(async () => {
  shop = await startDemoShopServer();
  main = executor();
  short = executor({ stepTimeoutMs: 5_000 });
  tight = executor({ stepTimeoutMs: 1_000 });
});

afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
  await shop?.close();
});

describe("joinUrl", () => {
  it("appends a journey path to a base URL, keeping the base's own path", () => {
    expect(joinUrl("http://localhost:3000/demo-shop", "/cart")).toBe("http://localhost:3000/demo-shop/cart");
    expect(joinUrl("http://localhost:3000/demo-shop/", "/cart?add=tent")).toBe("http://localhost:3000/demo-shop/cart?add=tent");
    expect(joinUrl("https://shop.example", "/")).toBe("https://shop.example/");
    expect(joinUrl("https://shop.example/", "/")).toBe("https://shop.example/");
  });
});

describe("Playwright executor: journeys on the demo shop", () => {

  it("passes a journey whose steps all pass, reporting each with its duration and nothing found", async () => {
    const r = await run(
      main,
      job("/", [
        { action: "click", text: "Trail boots" },
        { action: "expect_text", text: "Waterproof leather boots" },
        { action: "click", selector: "#add" },
        { action: "expect_url", pattern: "/cart?add=boots" },
        { action: "expect_text", text: "1 item in your cart" },
        { action: "click", selector: "#checkout" },
        { action: "fill", selector: "#email", value: "guest@example.com" },
        { action: "click", selector: "#place-order" },
        { action: "expect_text", text: "Thank you for your order" },
        { action: "goto", path: "/search?q=tent" },
        { action: "expect_text", text: '1 result for "tent"' },
        { action: "wait", ms: 50 },
      ]),
    );
    expect(r.error).toBeNull();
    expect(r.status).toBe("passed");
    expect(r.findings).toEqual([]);
    expect(r.screenshot).toBeNull();
    expect(r.steps.map((s) => [s.index, s.action, s.status, s.error])).toEqual(
      ["open", "click", "expect_text", "click", "expect_url", "expect_text", "click", "fill", "click", "expect_text", "goto", "expect_text", "wait"].map(
        (action, index) => [index, action, "passed", null],
      ),
    );
    for (const s of r.steps) expect(s.duration_ms).toBeGreaterThanOrEqual(0);
    expect(r.steps[12]!.duration_ms).toBeGreaterThanOrEqual(50);
    expect(r.durationMs).toBeGreaterThanOrEqual(r.steps.reduce((sum, s) => sum + s.duration_ms, 0) - r.steps.length);
  });

  it("submits a search with the Enter key", async () => {
    const r = await run(
      main,
      job("/", [
        { action: "fill", selector: "#q", value: "lantern" },
        { action: "press", key: "Enter" },
        { action: "expect_url", pattern: "/search?q=lantern" },
        { action: "expect_text", text: '1 result for "lantern"' },
      ]),
    );
    expect(r.status).toBe("passed");
    expect(r.findings).toEqual([]);
  });

  it("visits the start path of a journey without steps", async () => {
    const r = await run(main, job("/products/tent", []));
    expect(r).toMatchObject({ status: "passed", error: null, findings: [], screenshot: null });
    expect(r.steps).toEqual([{ index: 0, action: "open", status: "passed", duration_ms: expect.any(Number), error: null }]);
  });

  it("fails at text that never appears: a high finding at its step, a screenshot, the rest skipped", async () => {
    const r = await run(
      short,
      job("/checkout", [
        { action: "fill", selector: "#email", value: "a@b.co" },
        { action: "expect_text", text: "Discount code" },
        { action: "click", selector: "#place-order" },
        { action: "expect_text", text: "Thank you" },
      ]),
    );
    expect(r.status).toBe("failed");
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "passed", "failed", "skipped", "skipped"]);
    expect(r.steps[2]!.error).toBe('Text "Discount code" did not appear within 5 s');
    expect(r.steps[3]).toEqual({ index: 3, action: "click", status: "skipped", duration_ms: 0, error: null });
    expect(r.findings).toEqual([
      {
        severity: "high",
        title: 'Step 2 failed: expect_text "Discount code"',
        detail: 'Text "Discount code" did not appear within 5 s',
        step: 2,
      },
    ]);
    expect(r.error).toBe('Step 2 failed: Text "Discount code" did not appear within 5 s');
    expectPng(r.screenshot);
  });

  it("passes a page whose script throws, with a medium finding at the step that loaded it", async () => {
    // goto, not a click on the link: goto returns once the page has loaded (its script has thrown by
    // then), a click as soon as the navigation has begun, so the error could land on the next step.
    const r = await run(main, job("/", [{ action: "goto", path: "/broken" }, { action: "expect_text", text: "No deals today" }]));
    expect(r.status).toBe("passed");
    expect(r.error).toBeNull();
    expect(r.findings).toEqual([
      {
        severity: "medium",
        title: "Page error: Recommendations widget is not configured",
        detail: expect.stringContaining("Recommendations widget is not configured"),
        step: 1,
      },
    ]);
    expect(r.screenshot).toBeNull();
  });

  it("fails when a page answers 500, with a high finding and a screenshot at the end", async () => {
    const r = await run(main, job("/", [{ action: "goto", path: "/error" }, { action: "expect_text", text: "Something went wrong" }]));
    expect(r.status).toBe("failed");
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "passed", "passed"]);
    // Once: the browser's console line about the same answer is not a second finding.
    expect(r.findings).toEqual([
      {
        severity: "high",
        title: `Page answered HTTP 500: ${shop.url}/error`,
        detail: `GET ${shop.url}/error answered 500 Internal Server Error`,
        step: 1,
      },
    ]);
    expect(r.error).toBe(`Page answered HTTP 500: ${shop.url}/error`);
    expectPng(r.screenshot);
  });

  it("does not share cookies between runs", async () => {
    const first = await run(main, job("/set-cookie", [{ action: "goto", path: "/show-cookie" }, { action: "expect_text", text: "Cookie: visited=yes" }]));
    expect(first.status).toBe("passed");
    const second = await run(main, job("/show-cookie", [{ action: "expect_text", text: "No cookie" }]));
    expect(second.status).toBe("passed");
  });

  it("runs agents at once on the one browser, each in its own context", async () => {
    const results = await Promise.all([
      run(main, job("/set-cookie", [{ action: "goto", path: "/show-cookie" }, { action: "expect_text", text: "Cookie: visited=yes" }])),
      run(main, job("/show-cookie", [{ action: "expect_text", text: "No cookie" }])),
      run(main, job("/products/lantern", [{ action: "click", selector: "#add" }, { action: "expect_text", text: "1 item in your cart" }])),
    ]);
    expect(results.map((r) => r.status)).toEqual(["passed", "passed", "passed"]);
  });
});

describe("Playwright executor: the seeded demo journeys", () => {
  // The shop as Rota serves it: the real route handler of app/demo-shop, mounted at /demo-shop, on a
  // bare server (the project's base_url is <Rota>/demo-shop), so the links under the mount are tested too.
  let rota: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    const server = http.createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const [, mount, ...path] = url.pathname.split("/");
      if (mount !== "demo-shop") return void res.writeHead(404).end();
      const segments = path.filter(Boolean);
      const answer = await demoShopRoute(new Request(url), { params: Promise.resolve(segments.length ? { path: segments } : {}) });
      res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    rota = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => {
        server.closeAllConnections();
        return new Promise((resolve) => server.close(() => resolve()));
      },
    };
  });
  afterAll(() => rota?.close());

  it("do what the demo promises: all pass but the discount code (fails) and today's deals (a page error)", async () => {
    const outcomes: Record<string, [string, string[]]> = {};
    // One after another: several pages at once on a loaded machine could push a step past 5 s.
    for (const j of DEMO_JOURNEYS) {
      const r = await run(short, job(j.start_path, j.steps, `${rota.url}/demo-shop`));
      outcomes[j.name] = [r.status, r.findings.map((f) => `${f.severity} ${f.title}`)];
      if (j.name === "Apply a discount code") expectPng(r.screenshot);
    }
    expect(outcomes).toEqual({
      "Home page loads": ["passed", []],
      "Browse the catalogue": ["passed", []],
      "Search for a product": ["passed", []],
      "Add to cart": ["passed", []],
      "Checkout as guest": ["passed", []],
      "Apply a discount code": ["failed", ['high Step 3 failed: expect_text "Discount code"']],
      "Today's deals": ["passed", ["medium Page error: Recommendations widget is not configured"]],
    });
  });
});

describe("Playwright executor: limits", () => {
  it("reports a step over its budget as slow (low), not counting what a wait step waits", async () => {
    const e = executor({ stepBudgetMs: 1_000 });
    const r = await run(e, job("/", [{ action: "goto", path: "/slow?ms=1500" }, { action: "wait", ms: 1_000 }]));
    expect(r.status).toBe("passed");
    const slow = r.findings.filter((f) => f.step === 1);
    expect(slow).toEqual([
      {
        severity: "low",
        title: expect.stringMatching(/^Step 1 was slow: \d+(\.\d)? s \(budget 1 s\)$/),
        detail: expect.stringMatching(/^goto \/slow\?ms=1500 took \d+(\.\d)? s; the budget per step is 1 s$/),
        step: 1,
      },
    ]);
    expect(r.findings.filter((f) => f.step === 2)).toEqual([]);
    expect(r.steps[1]!.duration_ms).toBeGreaterThanOrEqual(1_500);
    expect(r.steps[2]!.duration_ms).toBeGreaterThanOrEqual(1_000);
  });

  it("fails a navigation that does not load within the step timeout, with a screenshot all the same", async () => {
    const r = await run(tight, job("/hang", [{ action: "expect_text", text: "never" }]));
    expect(r.status).toBe("failed");
    expect(r.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
    expect(r.steps[0]!.error).toBe(`Page ${shop.url}/hang did not load within 1 s`);
    expect(r.findings).toEqual([
      { severity: "high", title: "Step 0 failed: open /hang", detail: `Page ${shop.url}/hang did not load within 1 s`, step: 0 },
    ]);
    expectPng(r.screenshot);
  });

  it("says in words why a click failed, without Playwright's call log", async () => {
    const missing = await run(short, job("/", [{ action: "click", selector: "#does-not-exist" }]));
    expect(missing.status).toBe("failed");
    expect(missing.steps[1]!.error).toBe("Element #does-not-exist could not be clicked within 5 s (missing, hidden or disabled)");
    const hanging = await run(short, job("/hang-link", [{ action: "click", text: "Never answers" }]));
    expect(hanging.steps[1]!.error).toBe('Text "Never answers" was clicked, but the page it leads to did not load within 5 s');
  });

  it("fails the running step when the journey runs out of time, and skips the rest", async () => {
    const e = executor({ journeyTimeoutMs: 6_000 });
    // Chromium starts on the first run, on the journey's clock: start it before the run that counts.
    expect((await run(e, job("/", []))).status).toBe("passed");
    const r = await run(e, job("/", [{ action: "wait", ms: 10_000 }, { action: "expect_text", text: "Rota demo shop" }]));
    expect(r.status).toBe("failed");
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    expect(r.steps[1]!.error).toBe("Journey timed out after 6 s");
    expect(r.findings).toEqual([
      { severity: "high", title: "Step 1 failed: wait 10000 ms", detail: "Journey timed out after 6 s", step: 1 },
    ]);
    expectPng(r.screenshot);
    expect(r.durationMs).toBeLessThan(10_000);
  });

  it("ends a run when the worker's signal aborts", async () => {
    const controller = new AbortController();
    const running = run(main, job("/", [{ action: "wait", ms: 10_000 }, { action: "expect_text", text: "Rota demo shop" }]), controller.signal);
    // Most likely during the wait step; what is asserted holds whichever step is running.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    controller.abort();
    const r = await running;
    expect(r.status).toBe("error");
    expect(r.error).toBe("Cancelled: the worker is shutting down");
    expect(r.screenshot).toBeNull();
    expect(r.durationMs).toBeLessThan(10_000);

    const already = new AbortController();
    already.abort();
    expect(await run(main, job("/", []), already.signal)).toMatchObject({ status: "error", error: "Cancelled: the worker is shutting down", steps: [] });
  });

  it("answers an error for every run when Chromium is missing, naming the path", async () => {
    const e = executor({ chromiumPath: "/nonexistent/chromium" });
    for (let i = 0; i < 2; i++) {
      const r = await run(e, job("/", []));
      expect(r).toEqual({
        status: "error",
        steps: [],
        findings: [],
        error: "Chromium not found at /nonexistent/chromium; set CHROMIUM_PATH",
        screenshot: null,
        durationMs: expect.any(Number),
      });
    }
  });

  it("refuses runs once closed", async () => {
    const e = executor();
    await e.close();
    expect(await run(e, job("/", []))).toMatchObject({ status: "error", error: "The Playwright executor is closed" });
  });
});

describe("Playwright executor: the request guard", () => {

  it("blocks an image from the metadata address: a high finding, the step itself passes", async () => {
    const r = await run(main, job("/metadata-image", [{ action: "expect_text", text: "Image page" }]));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "passed"]);
    expect(r.status).toBe("failed");
    expect(r.findings).toEqual([
      {
        severity: "high",
        title: `Blocked request to ${METADATA_URL}`,
        detail: `Blocked request to ${METADATA_URL}: 169.254.169.254 is a link-local address (cloud metadata); the runner never reaches it`,
        step: 0,
      },
    ]);
    expect(r.error).toBe(`Blocked request to ${METADATA_URL}`);
  });

  it("blocks a script's navigation to the metadata address", async () => {
    const r = await run(main, job("/metadata-navigate", [{ action: "wait", ms: 500 }]));
    expect(r.status).toBe("failed");
    // The navigation starts while the page loads; whichever step is running then fails with the reason.
    const high = r.findings.filter((f) => f.severity === "high");
    expect(high).toHaveLength(1);
    expect(high[0]!.detail).toBe(
      `Blocked request to ${METADATA_URL}: 169.254.169.254 is a link-local address (cloud metadata); the runner never reaches it`,
    );
    expect(r.error).toContain("169.254.169.254 is a link-local address (cloud metadata)");
  });

  it("stops at a redirect to the metadata address, without a screenshot", async () => {
    const r = await run(main, job("/metadata-redirect", [{ action: "expect_text", text: "ami-id" }]));
    expect(r.status).toBe("failed");
    expect(r.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
    expect(r.steps[0]!.error).toBe(
      `Stopped at a redirect to ${METADATA_URL}: 169.254.169.254 is a link-local address (cloud metadata). Chromium follows redirects without asking the guard, so the run ended there and kept no screenshot`,
    );
    expect(r.findings).toEqual([{ severity: "high", title: "Step 0 failed: open /metadata-redirect", detail: r.steps[0]!.error, step: 0 }]);
    expect(r.screenshot).toBeNull();
  });

  let strict: AgentExecutor;
  beforeAll(() => {
    // Resolves shop.test to a private address, without DNS.
    strict = executor({ blockPrivate: true, lookup: async (host) => (host === "shop.test" ? ["10.0.0.7"] : []) });
  });

  it("with blockPrivate, refuses the local shop itself at the opening visit", async () => {
    const r = await run(strict, job("/", [{ action: "expect_text", text: "Rota demo shop" }]));
    expect(r.status).toBe("failed");
    expect(r.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
    const reason = `Blocked request to ${shop.url}/: 127.0.0.1 is a loopback address; this runner does not reach private networks`;
    expect(r.steps[0]!.error).toBe(reason);
    expect(r.findings).toEqual([{ severity: "high", title: "Step 0 failed: open /", detail: reason, step: 0 }]);
  });

  it("refuses host names by what they resolve to", async () => {
    const r = await run(strict, job("/", [], "http://shop.test"));
    expect(r.steps[0]!.error).toBe(
      "Blocked request to http://shop.test/: shop.test resolves to 10.0.0.7, a private address; this runner does not reach private networks",
    );
  });
});

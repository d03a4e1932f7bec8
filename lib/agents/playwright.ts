// The built-in executor: runs a journey in headless Chromium (Debian's, through playwright-core)
// and reports each step, what it found, and a screenshot of a failure.
//
// One browser serves every run of the executor (starting one costs about a second); each run gets
// its own context, so no cookie or storage crosses from one agent to the next.
import fs from "node:fs";
import {
  chromium,
  errors,
  type Browser,
  type BrowserContext,
  type Page,
  type Request,
  type Response,
  type Route,
} from "playwright-core";
import type { AgentStep } from "@/lib/db/schema";
import type { JourneyStep } from "@/lib/journeys/schemas";
import { errorResult, type AgentExecutor, type AgentJob, type AgentResult, type NewFinding } from "./executor";
import { clipText as clip } from "@/lib/text";
import { checkUrl, systemLookup, type CheckResult } from "./ssrf";

export type PlaywrightExecutorOptions = {
  chromiumPath: string;
  /** A step that passes but takes longer than this is reported as slow (`low`). */
  stepBudgetMs?: number;
  /** Hard limit for one step: an element, text or page that does not come within it fails the step. */
  stepTimeoutMs?: number;
  /** Hard limit for the whole run, from its start (waiting for Chromium and opening its context included) to the last step. */
  journeyTimeoutMs?: number;
  /** Refuse loopback and private addresses too (link-local and metadata ones are always refused). */
  blockPrivate: boolean;
  /** Monotonic milliseconds (e.g. `performance.now`); every duration is measured with it. */
  elapsedMs: () => number;
  viewport?: { width: number; height: number };
  /** Host name resolution for the request guard; the system resolver by default. */
  lookup?: (host: string) => Promise<string[]>;
};

const LAUNCH_ARGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-gpu",
  "--disable-quic",
];
const DEFAULTS = { stepBudgetMs: 10_000, stepTimeoutMs: 30_000, journeyTimeoutMs: 120_000 };
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
const MAX_FINDINGS = 50;
const MAX_ERROR_CHARS = 300;
// A failure screenshot and the closing of a context are best effort: neither may hold a run up.
const SCREENSHOT_TIMEOUT_MS = 5_000;
const CLOSE_TIMEOUT_MS = 5_000;
const CANCELLED = "Cancelled: the worker is shutting down";

/** `baseUrl` may carry a path (`http://host/shop`); a journey path is appended to it, not resolved against it. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`);
}

export function createPlaywrightExecutor(options: PlaywrightExecutorOptions): AgentExecutor {
  const opts: Opts = {
    ...options,
    stepBudgetMs: options.stepBudgetMs ?? DEFAULTS.stepBudgetMs,
    stepTimeoutMs: options.stepTimeoutMs ?? DEFAULTS.stepTimeoutMs,
    journeyTimeoutMs: options.journeyTimeoutMs ?? DEFAULTS.journeyTimeoutMs,
  };
  let browser: Promise<Browser> | null = null;
  let closed = false;

  function getBrowser(): Promise<Browser> {
    if (browser) return browser;
    const launching = launchBrowser(opts.chromiumPath);
    browser = launching;
    // A crashed browser is replaced on the next run; a failed launch is retried on the next run.
    launching.then(
      (b) => b.on("disconnected", () => (browser === launching ? (browser = null) : undefined)),
      () => (browser === launching ? (browser = null) : undefined),
    );
    return launching;
  }

  return {
    name: "playwright",
    async run(job, signal) {
      const startedAt = opts.elapsedMs();
      if (closed) return { kind: "finished", result: errorResult("The Playwright executor is closed") };
      try {
        return { kind: "finished", result: await runJourney(job, signal, opts, getBrowser) };
      } catch (err) {
        // runJourney handles everything a site can do; this is for our own bugs, which must not
        // take the worker down either.
        const message = `The Playwright executor failed: ${firstLine(err)}`;
        return { kind: "finished", result: errorResult(message, Math.round(opts.elapsedMs() - startedAt)) };
      }
    },
    async close() {
      closed = true;
      const current = browser;
      browser = null;
      if (!current) return;
      const b = await current.catch(() => null);
      await b?.close().catch(() => undefined);
    },
  };
}

class LaunchError extends Error {}

async function launchBrowser(executablePath: string): Promise<Browser> {
  if (!fs.existsSync(executablePath)) throw new LaunchError(`Chromium not found at ${executablePath}; set CHROMIUM_PATH`);
  try {
    // The worker owns shutdown (finish or give back, then close): Playwright's own signal handlers
    // would kill the browser under running agents the moment SIGTERM arrives.
    return await chromium.launch({
      executablePath,
      headless: true,
      args: LAUNCH_ARGS,
      handleSIGTERM: false,
      handleSIGINT: false,
      handleSIGHUP: false,
    });
  } catch (err) {
    throw new LaunchError(`Could not start Chromium at ${executablePath}: ${firstLine(err)}`);
  }
}

type Opts = PlaywrightExecutorOptions & typeof DEFAULTS;

/** Why a run stopped before its steps were done, other than a step failing. */
type Stop = { kind: "timeout" } | { kind: "cancelled" } | { kind: "breach"; reason: string };

class Stopped extends Error {
  constructor(readonly stop: Stop) {
    super(stop.kind);
  }
}

/** Ends a run at the journey deadline, on the worker's signal, or when the guard sees a breach. */
function createStopper(journeyTimeoutMs: number, signal: AbortSignal) {
  let reason: Stop | null = null;
  let fire!: (s: Stop) => void;
  const stopped = new Promise<Stop>((resolve) => (fire = resolve));
  const stop = (s: Stop) => {
    if (reason) return;
    reason = s;
    fire(s);
  };
  const timer = setTimeout(() => stop({ kind: "timeout" }), journeyTimeoutMs);
  let onCancel!: () => void;
  const cancelled = new Promise<null>((resolve) => (onCancel = () => resolve(null)));
  const onAbort = () => {
    stop({ kind: "cancelled" });
    onCancel();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) onAbort();
  return {
    /** A method, not a getter: it changes under the caller's feet, which narrowing must not assume away. */
    reason(): Stop | null {
      return reason;
    },
    stop,
    /** `p`, unless the run stops first; an abandoned `p` may still reject later, unheard. */
    race<T>(p: Promise<T>): Promise<T> {
      p.catch(() => undefined);
      return Promise.race([
        p,
        stopped.then((s) => {
          throw new Stopped(s);
        }),
      ]);
    },
    /** `p`, or null as soon as the worker cancels (a timed-out run still takes its screenshot). */
    unlessCancelled<T>(p: Promise<T | null>): Promise<T | null> {
      return Promise.race([p, cancelled]);
    },
    dispose() {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    },
  };
}
type Stopper = ReturnType<typeof createStopper>;

/** One step as the run executes it: the journey's steps, after the opening visit (index 0). */
type Planned = {
  action: string;
  /** How the step reads in a finding title, e.g. `expect_text "Thank you"`. */
  label: string;
  /** Milliseconds the step waits on purpose (not counted against the slow-step budget). */
  waitsMs: number;
  act: (page: Page) => Promise<void>;
  /** What a timeout of this step means, in words; `log` is Playwright's message with its call log. */
  timedOut: (page: Page, log: string) => string;
};

function planSteps(job: AgentJob, timeout: number): Planned[] {
  const within = seconds(timeout);
  const open = joinUrl(job.baseUrl, job.journey.startPath);
  const plan: Planned[] = [
    {
      action: "open",
      label: `open ${clip(job.journey.startPath, 100)}`,
      waitsMs: 0,
      act: async (page) => void (await page.goto(open, { waitUntil: "load", timeout })),
      timedOut: () => `Page ${clip(open, 200)} did not load within ${within}`,
    },
  ];
  for (const step of job.journey.steps) plan.push(planStep(job.baseUrl, step, timeout, within));
  return plan;
}

function planStep(baseUrl: string, step: JourneyStep, timeout: number, within: string): Planned {
  const base = { action: step.action, waitsMs: 0 };
  switch (step.action) {
    case "goto": {
      const url = joinUrl(baseUrl, step.path);
      return {
        ...base,
        label: `goto ${clip(step.path, 100)}`,
        act: async (page) => void (await page.goto(url, { waitUntil: "load", timeout })),
        timedOut: () => `Page ${clip(url, 200)} did not load within ${within}`,
      };
    }
    case "click":
      if ("selector" in step) {
        return {
          ...base,
          label: `click ${clip(step.selector, 100)}`,
          act: (page) => page.locator(step.selector).first().click({ timeout }),
          timedOut: (_page, log) => clickTimedOut(`Element ${clip(step.selector, 100)}`, within, log),
        };
      }
      return {
        ...base,
        label: `click "${clip(step.text, 100)}"`,
        act: (page) => page.getByText(step.text).first().click({ timeout }),
        timedOut: (_page, log) => clickTimedOut(`Text "${clip(step.text, 100)}"`, within, log),
      };
    case "fill":
      return {
        ...base,
        // Not the value: it may be a password.
        label: `fill ${clip(step.selector, 100)}`,
        act: (page) => page.locator(step.selector).first().fill(step.value, { timeout }),
        timedOut: () => `Field ${clip(step.selector, 100)} could not be filled within ${within} (missing, hidden or read-only)`,
      };
    case "press":
      return {
        ...base,
        label: `press ${clip(step.key, 50)}`,
        act: async (page) => {
          await page.keyboard.press(step.key);
          await page.waitForLoadState("load", { timeout });
        },
        timedOut: () => `The page did not finish loading within ${within} after pressing ${clip(step.key, 50)}`,
      };
    case "expect_text":
      return {
        ...base,
        label: `expect_text "${clip(step.text, 100)}"`,
        act: (page) => page.getByText(step.text).first().waitFor({ state: "visible", timeout }),
        timedOut: () => `Text "${clip(step.text, 100)}" did not appear within ${within}`,
      };
    case "expect_url":
      return {
        ...base,
        label: `expect_url "${clip(step.pattern, 100)}"`,
        act: (page) => page.waitForURL((u) => u.href.includes(step.pattern), { timeout }),
        timedOut: (page) => `The URL did not contain "${clip(step.pattern, 100)}" within ${within} (it is ${clip(page.url(), 150)})`,
      };
    case "wait":
      return {
        ...base,
        label: `wait ${step.ms} ms`,
        waitsMs: step.ms,
        act: (page) => page.waitForTimeout(step.ms),
        timedOut: () => `Waiting ${step.ms} ms timed out`,
      };
  }
}

// A click waits for the navigation it starts to begin loading; its call log tells which part timed out.
function clickTimedOut(target: string, within: string, log: string): string {
  return log.includes("waiting for scheduled navigations to finish")
    ? `${target} was clicked, but the page it leads to did not load within ${within}`
    : `${target} could not be clicked within ${within} (missing, hidden or disabled)`;
}

/** What one run collects while its steps execute: steps, findings, and whose step is running. */
class Journal {
  readonly steps: AgentStep[] = [];
  readonly findings: NewFinding[] = [];
  /** The step running now, or the last one that ran: events are attributed to it. */
  current = 0;
  running = false;
  /** Why a document request of the running step was refused: the step fails with it. */
  blockedDocument: string | null = null;
  /** After a breach nothing more is recorded: the page may hold what it must not pass on. */
  frozen = false;
  /** Documents that answered 5xx: the browser's console line about each adds nothing. */
  readonly serverErrors = new Set<string>();
  private readonly seen = new Set<string>();
  /** Guard checks in flight; a step is judged once those begun during it are done. */
  readonly pending = new Set<Promise<unknown>>();

  /** `force`: a step's own failure, reported even after a breach. */
  add(f: NewFinding, force = false) {
    if ((this.frozen && !force) || this.findings.length >= MAX_FINDINGS) return;
    this.findings.push(f);
  }

  /** Adds the finding `make` builds unless one with the same key was added before. */
  once(key: string, make: () => NewFinding) {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.add(make());
  }

  track(p: Promise<unknown>) {
    const tracked = p.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** A request the guard refused: fails the running step if it was a document, else a finding. */
  blocked(url: string, reason: string, isDocument: boolean) {
    if (this.frozen) return;
    if (isDocument && this.running && this.blockedDocument === null) {
      this.blockedDocument = reason;
      return;
    }
    this.once(`blocked:${url}`, () => ({
      severity: "high",
      title: `Blocked request to ${clip(url, 150)}`,
      detail: reason,
      step: this.current,
    }));
  }
}

async function runJourney(
  job: AgentJob,
  signal: AbortSignal,
  opts: Opts,
  getBrowser: () => Promise<Browser>,
): Promise<AgentResult> {
  const startedAt = opts.elapsedMs();
  const since = () => Math.max(0, Math.round(opts.elapsedMs() - startedAt));
  const stopper = createStopper(opts.journeyTimeoutMs, signal);
  let context: Promise<BrowserContext> | null = null;
  try {
    if (stopper.reason()?.kind === "cancelled") return errorResult(CANCELLED);
    let browser: Browser;
    try {
      browser = await stopper.race(getBrowser());
    } catch (err) {
      if (err instanceof Stopped) {
        return errorResult(
          err.stop.kind === "cancelled" ? CANCELLED : `Journey timed out after ${seconds(opts.journeyTimeoutMs)} while Chromium was starting`,
          since(),
        );
      }
      return errorResult(err instanceof LaunchError ? err.message : `Could not start Chromium: ${firstLine(err)}`, since());
    }

    const journal = new Journal();
    const plan = planSteps(job, opts.stepTimeoutMs);
    let page: Page | null = null;
    let failed: { index: number; error: string } | null = null;
    let screenshot: Uint8Array | null = null;

    // The context is opened as part of the first step, whose clock (and the journey's) it counts on.
    const openPage = async (): Promise<Page> => {
      context = browser.newContext({
        viewport: opts.viewport ?? DEFAULT_VIEWPORT,
        // A service worker could answer requests without the guard's route seeing them.
        serviceWorkers: "block",
        acceptDownloads: false,
      });
      const ctx = await context;
      await installGuard(ctx, journal, stopper, opts, () => page);
      ctx.on("response", (res) => onResponse(res, journal));
      const p = await ctx.newPage();
      p.on("pageerror", (err) =>
        journal.once(`error:${err.message}`, () => ({
          severity: "medium",
          title: `Page error: ${clip(firstLine(err.message), 150)}`,
          detail: clip(`${err.name}: ${firstLine(err.message)} (on ${p.url()})`, MAX_ERROR_CHARS),
          step: journal.current,
        })),
      );
      p.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = msg.text();
        // The browser's own note about a request the guard refused: already a finding of its own.
        if (text.includes("net::ERR_BLOCKED_BY_CLIENT")) return;
        const where = msg.location().url;
        if (text.startsWith("Failed to load resource") && journal.serverErrors.has(where)) return;
        journal.once(`error:${text}`, () => ({
          severity: "medium",
          title: `Console error: ${clip(firstLine(text), 150)}`,
          detail: clip(where ? `${firstLine(text)} (${where})` : firstLine(text), MAX_ERROR_CHARS),
          step: journal.current,
        }));
      });
      return p;
    };

    for (const [index, step] of plan.entries()) {
      if (failed || stopper.reason()) {
        journal.steps.push({ index, action: step.action, status: "skipped", duration_ms: 0, error: null });
        continue;
      }
      journal.current = index;
      journal.running = true;
      journal.blockedDocument = null;
      const stepStart = opts.elapsedMs();
      let caught: unknown = null;
      try {
        if (!page) page = await stopper.race(openPage());
        await stopper.race(step.act(page));
      } catch (err) {
        caught = err;
      }
      // The guard's verdicts on what the step loaded come first: a refused navigation or redirect
      // is the step's failure, whatever the browser said about it (often only "net::ERR_...").
      await stopper.race(settle(journal)).catch(() => undefined);
      const stop = stopper.reason();
      let error: string | null = null;
      if (stop?.kind === "breach") error = stop.reason;
      else if (journal.blockedDocument) error = journal.blockedDocument;
      else if (caught) error = caught instanceof Stopped ? stopMessage(caught.stop, opts) : describeError(caught, step, page);
      else if (stop) error = stopMessage(stop, opts);
      journal.running = false;
      const duration = Math.max(0, Math.round(opts.elapsedMs() - stepStart));
      journal.steps.push({ index, action: step.action, status: error ? "failed" : "passed", duration_ms: duration, error });
      if (error) {
        failed = { index, error };
        if (stopper.reason()?.kind === "cancelled") continue;
        journal.add({ severity: "high", title: `Step ${index} failed: ${step.label}`, detail: error, step: index }, true);
        if (page && !journal.frozen) screenshot = await stopper.unlessCancelled(takeScreenshot(page));
        continue;
      }
      const counted = duration - step.waitsMs;
      if (counted > opts.stepBudgetMs) {
        journal.add({
          severity: "low",
          title: `Step ${index} was slow: ${seconds(counted)} (budget ${seconds(opts.stepBudgetMs)})`,
          detail: `${step.label} took ${seconds(counted)}${step.waitsMs ? ` besides the ${step.waitsMs} ms it waits` : ""}; the budget per step is ${seconds(opts.stepBudgetMs)}`,
          step: index,
        });
      }
    }

    if (stopper.reason()?.kind === "cancelled") {
      return { ...errorResult(CANCELLED, since()), steps: journal.steps, findings: journal.findings };
    }
    // Guard checks still in flight may yet refuse a request of the last step.
    await Promise.race([settle(journal), delay(CLOSE_TIMEOUT_MS)]);
    if (!screenshot && !failed && !journal.frozen && journal.serverErrors.size > 0 && page) {
      screenshot = await stopper.unlessCancelled(takeScreenshot(page));
    }

    const high = journal.findings.find((f) => f.severity === "high" || f.severity === "critical");
    const status = failed || high ? "failed" : "passed";
    let error = failed ? `Step ${failed.index} failed: ${failed.error}` : high ? high.title : null;
    if (status === "failed" && !browser.isConnected()) {
      // Not the site's doing: the agent could not run, and a retry may well pass.
      return { ...errorResult(`Chromium exited during the run (${error})`, since()), steps: journal.steps, findings: journal.findings };
    }
    if (error) error = clip(error, 500);
    return { status, steps: journal.steps, findings: journal.findings, error, screenshot, durationMs: since() };
  } finally {
    stopper.dispose();
    if (context) await closeContext(context);
  }
}

function stopMessage(stop: Stop, opts: Opts): string {
  switch (stop.kind) {
    case "timeout":
      return `Journey timed out after ${seconds(opts.journeyTimeoutMs)}`;
    case "cancelled":
      return CANCELLED;
    case "breach":
      return stop.reason;
  }
}

/**
 * The request guard (lib/agents/ssrf.ts) on everything the pages of the context load: a refused
 * request is aborted as if the browser had blocked it, and reported.
 *
 * Playwright's routes see only the first request of a redirect chain; Chromium follows redirects
 * itself. So every redirect hop is checked as the browser announces it, and a refused one ends the
 * run on the spot, with nothing recorded from the page afterwards and no screenshot: the browser may
 * already have sent that request, but what came back never leaves the run.
 *
 * Known gaps. DNS rebinding: Chromium resolves a host again after our check and may get another
 * answer; a proxy that connects to the very address we checked would close it. WebSocket, WebRTC and
 * preconnect connections are not routed: they cannot fetch an HTTP answer (the metadata service's
 * included), but with private networks allowed a page can talk to an internal WebSocket server.
 */
async function installGuard(
  ctx: BrowserContext,
  journal: Journal,
  stopper: Stopper,
  opts: Opts,
  page: () => Page | null,
): Promise<void> {
  // One lookup per host per run: pages load dozens of resources from the same few hosts.
  const resolved = new Map<string, Promise<string[]>>();
  const lookup = (host: string) => {
    let p = resolved.get(host);
    if (!p) {
      p = (opts.lookup ?? systemLookup)(host);
      resolved.set(host, p);
    }
    return p;
  };
  const check = (url: string): Promise<CheckResult> => checkUrl(url, { blockPrivate: opts.blockPrivate, lookup });

  await ctx.route("**/*", (route: Route) => {
    const guarded = guardRoute(route, check, journal);
    journal.track(guarded);
    return guarded;
  });
  ctx.on("request", (req: Request) => {
    if (!req.redirectedFrom()) return;
    journal.track(
      check(req.url()).then((verdict) => {
        // Fail closed: the browser has already resolved this hop its own way, so a name our resolver
        // cannot resolve (a DNS server that answers only the browser) is a breach, not a typo.
        if (verdict.ok) return;
        const reason = `Stopped at a redirect to ${clip(req.url(), 200)}: ${verdict.cause}. Chromium follows redirects without asking the guard, so the run ended there and kept no screenshot`;
        // The running step fails with the reason; between or after steps it is a finding of its own.
        if (!journal.running) {
          journal.add({ severity: "high", title: `Blocked redirect to ${clip(req.url(), 150)}`, detail: reason, step: journal.current });
        }
        journal.frozen = true;
        stopper.stop({ kind: "breach", reason });
        void page()?.close().catch(() => undefined);
      }),
    );
  });
}

async function guardRoute(route: Route, check: (url: string) => Promise<CheckResult>, journal: Journal): Promise<void> {
  const req = route.request();
  const verdict = await check(req.url());
  if (verdict.ok) return route.continue().catch(() => undefined);
  if (verdict.unresolved) return route.abort("namenotresolved").catch(() => undefined);
  // Recorded before the abort, which is what makes a navigation fail: the failing step must find it.
  journal.blocked(req.url(), verdict.reason, req.resourceType() === "document");
  await route.abort("blockedbyclient").catch(() => undefined);
}


function onResponse(res: Response, journal: Journal) {
  if (res.status() < 500 || res.request().resourceType() !== "document") return;
  const url = res.url();
  journal.serverErrors.add(url);
  journal.once(`5xx:${url}`, () => ({
    severity: "high",
    title: `Page answered HTTP ${res.status()}: ${clip(url, 200)}`,
    detail: `${res.request().method()} ${clip(url, 200)} answered ${res.status()} ${res.statusText()}`.trim(),
    step: journal.current,
  }));
}

/** Waits for the guard checks in flight now (not for later ones: a polling page never stops making them). */
async function settle(journal: Journal): Promise<void> {
  await Promise.all([...journal.pending]);
}

async function takeScreenshot(page: Page): Promise<Uint8Array | null> {
  const attempt = async () => {
    // Chromium captures nothing while a navigation is pending (a page that never answers): stop
    // loading first. The run is over, so nothing else depends on what was still loading.
    try {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Page.stopLoading");
      void cdp.detach().catch(() => undefined);
    } catch {
      // The capture may still work; if not, it fails below.
    }
    const png = await page.screenshot({ type: "png", timeout: SCREENSHOT_TIMEOUT_MS });
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  };
  // A crashed or closed page has nothing to show; the outer bound covers the CDP calls too.
  return Promise.race([attempt().catch(() => null), delay(SCREENSHOT_TIMEOUT_MS + 1_000).then(() => null)]);
}

async function closeContext(context: Promise<BrowserContext>): Promise<void> {
  const closing = context.then((c) => c.close()).catch(() => undefined);
  await Promise.race([closing, delay(CLOSE_TIMEOUT_MS)]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A Playwright error in one line a person can act on: no call log, no API name, no stack. */
function describeError(err: unknown, step: Planned, page: Page | null): string {
  if (err instanceof errors.TimeoutError && page) return step.timedOut(page, err.message);
  const line = firstLine(err).replace(/^[a-zA-Z]+(\.[a-zA-Z]+)+: /, "");
  const net = /^(net::[A-Z_]+) at (\S+)/.exec(line);
  if (net) return clip(`Could not load ${net[2]} (${net[1]})`, MAX_ERROR_CHARS);
  if (/Target (page, context or browser )?(has been )?closed|Target crashed/i.test(line)) return "The page crashed or was closed";
  return clip(line, MAX_ERROR_CHARS);
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split("\n").find((l) => l.trim() !== "") ?? text).trim();
}


/** 12345 → "12.3 s", 120000 → "120 s". */
function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

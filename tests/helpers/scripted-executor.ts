// An executor for queue and worker tests: it stands in for the browser (the outer edge) and answers
// from a script keyed by journey name, recording every job it is given. The real runner has its own
// suite (tests/agents/playwright.test.ts).
import type { AgentExecutor, AgentJob, AgentResult, ExecutorOutcome, RunHooks } from "@/lib/agents/executor";

export const PNG_1x1 = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

export function passed(): AgentResult {
  return {
    status: "passed",
    steps: [{ index: 0, action: "open", status: "passed", duration_ms: 12, error: null }],
    findings: [],
    error: null,
    screenshot: null,
    durationMs: 15,
  };
}

export function failed(): AgentResult {
  return {
    status: "failed",
    steps: [
      { index: 0, action: "open", status: "passed", duration_ms: 10, error: null },
      { index: 1, action: "expect_text", status: "failed", duration_ms: 30, error: 'Text "Thank you" did not appear' },
    ],
    findings: [{ severity: "high", title: "Step 1 failed: expect_text", detail: 'Text "Thank you" did not appear', step: 1 }],
    error: 'Step 1 failed: Text "Thank you" did not appear',
    screenshot: PNG_1x1,
    durationMs: 45,
  };
}

/** `hooks` lets a script hand the agent off, as the webhook executor does. */
export type Script = (job: AgentJob, signal: AbortSignal, hooks: RunHooks) => Promise<ExecutorOutcome> | ExecutorOutcome;

export class ScriptedExecutor implements AgentExecutor {
  readonly name = "playwright" as const;
  readonly jobs: AgentJob[] = [];
  closed = false;
  constructor(private readonly script: Script = () => ({ kind: "finished", result: passed() })) {}
  async run(job: AgentJob, signal: AbortSignal, hooks: RunHooks): Promise<ExecutorOutcome> {
    this.jobs.push(job);
    return this.script(job, signal, hooks);
  }
  async close() {
    this.closed = true;
  }
}

/** Resolves when `signal` aborts: a job that runs until its worker gives it up. */
export function untilAborted(signal: AbortSignal): Promise<ExecutorOutcome> {
  return new Promise((resolve) =>
    signal.addEventListener("abort", () =>
      resolve({ kind: "finished", result: { ...passed(), status: "error", error: "Cancelled" } }),
    ),
  );
}

// The executor interface (docs/agents.md): what a worker hands an executor for one claimed agent, and
// what it gets back. The queue (lib/agents/queue.ts) knows nothing of browsers or webhooks; an
// executor knows nothing of leases or runs.
import type { AgentStep, Severity } from "@/lib/db/schema";
import type { JourneyStep } from "@/lib/journeys/schemas";

/** One claimed agent, with what it needs to run: the journey as it is now and its project's base URL. */
export type AgentJob = {
  agentId: string;
  tenantId: string;
  runId: string | null;
  attempt: number;
  baseUrl: string;
  journey: { id: string; name: string; startPath: string; steps: JourneyStep[] };
};

export type NewFinding = { severity: Severity; title: string; detail: string; step: number | null };

/** What an executor found when it ran the journey to the end (or could not run it at all). */
export type AgentResult = {
  /** `passed`: every step passed and nothing `high` or worse was found; `error`: it could not run. */
  status: "passed" | "failed" | "error";
  steps: AgentStep[];
  findings: NewFinding[];
  /** Why it failed or could not run, in one line a person can act on. */
  error: string | null;
  /** PNG of the page at the failing step. */
  screenshot: Uint8Array | null;
  durationMs: number;
};

/**
 * `finished`: the executor ran it (or could not). `handed_off`: someone else runs it and reports
 * through `POST /api/v1/agents/{id}/result` (the webhook executor, after `RunHooks.handOff`).
 */
export type ExecutorOutcome = { kind: "finished"; result: AgentResult } | { kind: "handed_off" };

/** What an executor may ask of the worker while it runs a job. */
export type RunHooks = {
  /**
   * Records that the agent now waits for an external report with the token whose hash is given,
   * under a lease of `leaseMs` that no heartbeat renews. Called *before* the job leaves, so a fleet
   * that reports at once finds its token valid. False: this worker no longer holds the agent.
   */
  handOff(resultTokenHash: string, leaseMs: number): Promise<boolean>;
};

export interface AgentExecutor {
  readonly name: "playwright" | "webhook";
  /** Must not throw for anything the journey or the site does; an aborted signal ends the run early. */
  run(job: AgentJob, signal: AbortSignal, hooks: RunHooks): Promise<ExecutorOutcome>;
  /** Frees what the executor holds (the browser). */
  close(): Promise<void>;
}

/** A result for an agent that could not run at all. */
export function errorResult(message: string, durationMs = 0): AgentResult {
  return { status: "error", steps: [], findings: [], error: message, screenshot: null, durationMs };
}

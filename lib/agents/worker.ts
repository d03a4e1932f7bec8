// A worker (docs/agents.md "Running workers"): claims queued agents up to its concurrency, runs each
// with the executor, renews its leases while they run, and records each result once. Any number of
// workers, in any number of processes, share the queue through the database. `stop()` stops
// claiming, lets running agents finish within a grace period, and gives back (re-queues) what is left.
import type { Db } from "@/lib/db";
import { errorMessage, logEvent } from "@/lib/log";
import { errorResult, type AgentExecutor, type AgentJob, type AgentResult, type ExecutorOutcome, type RunHooks } from "./executor";
import { recordWorkerHeartbeat, removeWorkerHeartbeat } from "@/lib/health/heartbeats";
import { claimAgents, finishAgent, handOffAgent, reapExpiredLeases, releaseAgents, renewLeases, type FinishGuard } from "./queue";

export type WorkerOptions = {
  db: Db;
  executor: AgentExecutor;
  /** Unique per worker: leases are held in its name. */
  owner: string;
  concurrency: number;
  leaseMs: number;
  /** The clock, injected (lib/ never reads it itself). */
  now: () => Date;
  /** Monotonic milliseconds, for durations the executor does not measure. */
  elapsedMs: () => number;
  /** How long an idle worker waits before looking at the queue again. */
  pollMs?: number;
  /** How long `stop()` lets running agents finish before giving them back. */
  graceMs?: number;
  /** How often the worker records that it is alive (service_heartbeats, read by GET /api/health). */
  heartbeatEveryMs?: number;
  /** Called when this worker completed a run (its last agent): the digest goes from here. */
  onRunCompleted?: (runId: string) => Promise<unknown>;
};

export type Worker = {
  readonly owner: string;
  /** Agents this worker has finished (recorded or handed off) since it started. */
  readonly finished: number;
  /** Looks at the queue now instead of at the next poll (after a trigger, say). */
  wake(): void;
  stop(): Promise<void>;
};

type Running = {
  job: AgentJob;
  controller: AbortController;
  /** Given back on stop, or lost to expiry: a later attempt records the result. */
  released: boolean;
  /** Being or been handed to the external fleet: its lease is no longer this worker's. */
  handingOff: boolean;
  done: Promise<void>;
};

export type ClaimedContext = Pick<WorkerOptions, "db" | "executor" | "owner" | "now" | "elapsedMs" | "onRunCompleted">;

/** Writes of a result are retried this often before the worker gives up on them (a database blip). */
const WRITE_TRIES = 3;

/**
 * Runs one claimed agent with the executor and records what came of it: the result, under this
 * worker's lease for this attempt (or under the token once it was handed off), or nothing when the
 * agent was given back meanwhile. Returns whether the agent left this worker's hands.
 */
export async function executeClaimed(
  ctx: ClaimedContext,
  job: AgentJob,
  signal: AbortSignal,
  state: { isReleased?: () => boolean; onHandingOff?: () => void } = {},
): Promise<boolean> {
  const { db, owner, now } = ctx;
  let tokenHash: string | null = null;
  const hooks: RunHooks = {
    async handOff(resultTokenHash, leaseMs) {
      // Before the write: from here on the heartbeat must neither renew nor abort this agent.
      state.onHandingOff?.();
      const ok = await handOffAgent(db, { agentId: job.agentId, owner, resultTokenHash, now: now(), leaseMs });
      if (ok) tokenHash = resultTokenHash;
      return ok;
    },
  };
  const started = ctx.elapsedMs();
  let outcome: ExecutorOutcome;
  try {
    outcome = await ctx.executor.run(job, signal, hooks);
  } catch (err) {
    // Executors are not meant to throw; if one does, the agent still ends with the reason.
    outcome = { kind: "finished", result: errorResult(`Runner crashed: ${errorMessage(err)}`, ctx.elapsedMs() - started) };
  }
  if (outcome.kind === "handed_off") return true;
  if (state.isReleased?.() && tokenHash === null) return false;
  const guard: FinishGuard = tokenHash ? { resultTokenHash: tokenHash } : { owner, attempt: job.attempt };
  return record(ctx, job, guard, outcome.result);
}

/** Records a result, retrying a failed write; if it still cannot be written, at least the failure. */
async function record(ctx: ClaimedContext, job: AgentJob, guard: FinishGuard, result: AgentResult): Promise<boolean> {
  let lastError: unknown;
  for (let i = 0; i < WRITE_TRIES; i++) {
    try {
      const done = await finishAgent(ctx.db, { agentId: job.agentId, guard, result, now: ctx.now() });
      if (!done.applied) logEvent("warn", "agent_result_discarded", { agent_id: job.agentId, owner: ctx.owner, reason: "no_longer_held" });
      if (done.runCompleted && done.runId) await runCompleted(ctx, done.runId);
      return done.applied;
    } catch (err) {
      lastError = err;
    }
  }
  logEvent("error", "agent_record_failed", { agent_id: job.agentId, owner: ctx.owner, message: errorMessage(lastError) });
  // The result itself could not be stored: record why, so the agent does not wait out its lease and
  // end as if its worker had died.
  const fallback = errorResult(`The runner's result could not be stored: ${errorMessage(lastError)}`, result.durationMs);
  const done = await finishAgent(ctx.db, { agentId: job.agentId, guard, result: fallback, now: ctx.now() });
  if (done.runCompleted && done.runId) await runCompleted(ctx, done.runId);
  return done.applied;
}

/** The completed run's follow-up (its digest); a failure there is the cron pass's to retry, not the agent's. */
async function runCompleted(ctx: ClaimedContext, runId: string) {
  try {
    await ctx.onRunCompleted?.(runId);
  } catch (err) {
    logEvent("error", "run_completed_hook_failed", { run_id: runId, owner: ctx.owner, message: errorMessage(err) });
  }
}

export function startWorker(opts: WorkerOptions): Worker {
  const { db, executor, owner, concurrency, leaseMs, now } = opts;
  const pollMs = opts.pollMs ?? 1_000;
  const graceMs = opts.graceMs ?? 20_000;
  // Expired leases are looked for at most this often (every worker and cron pass does it).
  const reapEveryMs = Math.max(pollMs, Math.floor(leaseMs / 2));
  const heartbeatEveryMs = opts.heartbeatEveryMs ?? 15_000;
  const context: ClaimedContext = { db, executor, owner, now, elapsedMs: opts.elapsedMs, onRunCompleted: opts.onRunCompleted };
  const running = new Map<string, Running>();
  let stopping = false;
  let stopped: Promise<void> | null = null;
  let finished = 0;
  let failures = 0;
  let lastReap = -Infinity;
  let lastAlive = -Infinity;
  let beating = false;
  let wakeUp: (() => void) | null = null;
  const wake = () => wakeUp?.();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  function start(job: AgentJob) {
    // The same agent again (reaped from under this worker and claimed back): the first run is stale.
    const stale = running.get(job.agentId);
    if (stale) {
      stale.released = true;
      stale.controller.abort();
    }
    const entry: Running = { job, controller: new AbortController(), released: false, handingOff: false, done: Promise.resolve() };
    entry.done = executeClaimed(context, job, entry.controller.signal, {
      isReleased: () => entry.released,
      onHandingOff: () => (entry.handingOff = true),
    })
      .then((left) => {
        if (left) finished++;
      })
      .catch((err) => logEvent("error", "agent_record_failed", { agent_id: job.agentId, owner, message: errorMessage(err) }))
      .finally(() => {
        if (running.get(job.agentId) === entry) running.delete(job.agentId);
        wake();
      });
    running.set(job.agentId, entry);
  }

  const held = () => [...running.values()].filter((r) => !r.handingOff && !r.released);

  const heartbeat = setInterval(async () => {
    if (beating) return; // a slow renewal is still out: do not pile them up
    const entries = held();
    if (entries.length === 0) return;
    beating = true;
    try {
      const lost = await renewLeases(db, { owner, ids: entries.map((r) => r.job.agentId), now: now(), leaseMs });
      for (const id of lost) {
        // Reaped from under this worker (it stalled past its lease): stop, a retry owns it now.
        const entry = running.get(id);
        if (entry && !entry.handingOff) {
          entry.released = true;
          entry.controller.abort();
        }
      }
    } catch (err) {
      logEvent("warn", "agent_heartbeat_failed", { owner, message: errorMessage(err) });
    } finally {
      beating = false;
    }
  }, Math.max(250, Math.floor(leaseMs / 3)));
  heartbeat.unref?.();

  const loop = (async () => {
    while (!stopping) {
      let claimed = 0;
      if (opts.elapsedMs() - lastAlive >= heartbeatEveryMs) {
        lastAlive = opts.elapsedMs();
        // The loop turning is what "alive" means; a failed write is retried at the next beat.
        await recordWorkerHeartbeat(db, owner, now()).catch((err) =>
          logEvent("warn", "worker_heartbeat_failed", { owner, message: errorMessage(err) }),
        );
      }
      if (opts.elapsedMs() - lastReap >= reapEveryMs) {
        lastReap = opts.elapsedMs();
        // Apart from the claim: a failed reap must not stop this worker from taking work.
        const reaped = await reapExpiredLeases(db, now()).catch((err) => {
          logEvent("warn", "agent_reap_failed", { owner, message: errorMessage(err) });
          return null;
        });
        // A lost agent that was its run's last completed the run here: its digest goes from here too.
        for (const runId of reaped?.completedRuns ?? []) await runCompleted(context, runId);
      }
      try {
        const free = concurrency - running.size;
        if (free > 0) {
          const jobs = await claimAgents(db, { owner, limit: free, now: now(), leaseMs });
          jobs.forEach(start);
          claimed = jobs.length;
        }
        failures = 0;
      } catch (err) {
        failures++;
        logEvent("error", "agent_claim_failed", { owner, message: errorMessage(err), consecutive: failures });
      }
      if (stopping) break;
      // Full: wait for a slot. Claimed some with room left: look again at once. Idle: poll.
      if (running.size >= concurrency) await sleep(pollMs * 10);
      else if (claimed === 0) await sleep(failures > 0 ? Math.min(30_000, pollMs * 2 ** failures) : pollMs);
    }
  })();

  async function shutdown() {
    stopping = true;
    wake();
    await loop;
    const all = () => Promise.all([...running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    // Still running after the grace period: given back at the same attempt. Deliveries to the fleet
    // are not cut off (they are bounded by their own request timeout) and are awaited below.
    const left = held();
    if (left.length > 0) {
      left.forEach((r) => (r.released = true));
      const released = await releaseAgents(db, { owner, ids: left.map((r) => r.job.agentId) }).catch(() => 0);
      logEvent("info", "agent_worker_released", { owner, agents: left.length, released });
      left.forEach((r) => r.controller.abort());
    }
    await all();
    clearInterval(heartbeat);
    // Stopped, not dead: GET /api/health no longer counts it, nor calls it stale.
    await removeWorkerHeartbeat(db, owner).catch((err) => logEvent("warn", "worker_heartbeat_failed", { owner, message: errorMessage(err) }));
    await executor.close();
  }

  return {
    owner,
    get finished() {
      return finished;
    },
    wake,
    stop() {
      stopped ??= shutdown();
      return stopped;
    },
  };
}

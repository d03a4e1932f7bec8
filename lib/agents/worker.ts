// A worker (docs/agents.md "Workers"): claims queued agents up to its concurrency, runs each with the
// executor, renews its leases while they run, and records each result once. Any number of workers,
// in any number of processes, share the queue through the database. `stop()` stops claiming, lets
// running agents finish within a grace period, and gives back (re-queues) what is left.
import type { Db } from "@/lib/db";
import { logEvent, redact } from "@/lib/log";
import { errorResult, type AgentExecutor, type AgentJob, type ExecutorOutcome, type RunHooks } from "./executor";
import { claimAgents, finishAgent, handOffAgent, reapExpiredLeases, releaseAgents, renewLeases } from "./queue";

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
  /** Waiting for the external fleet: its lease is not this worker's to renew or give back. */
  handedOff: boolean;
  done: Promise<void>;
};

export type ClaimedContext = Pick<WorkerOptions, "db" | "executor" | "owner" | "now" | "elapsedMs">;

/**
 * Runs one claimed agent with the executor and records what came of it: the result, under this
 * worker's lease (or under the token once it was handed off), or nothing when the agent was given
 * back meanwhile. Returns whether the agent left this worker's hands (recorded or handed off).
 */
export async function executeClaimed(
  ctx: ClaimedContext,
  job: AgentJob,
  signal: AbortSignal,
  state: { isReleased?: () => boolean; onHandOff?: () => void } = {},
): Promise<boolean> {
  const { db, owner, now } = ctx;
  let tokenHash: string | null = null;
  const hooks: RunHooks = {
    async handOff(resultTokenHash, leaseMs) {
      const ok = await handOffAgent(db, { agentId: job.agentId, owner, resultTokenHash, now: now(), leaseMs });
      if (ok) {
        tokenHash = resultTokenHash;
        state.onHandOff?.();
      }
      return ok;
    },
  };
  const started = ctx.elapsedMs();
  let outcome: ExecutorOutcome;
  try {
    outcome = await ctx.executor.run(job, signal, hooks);
  } catch (err) {
    // Executors are not meant to throw; if one does, the agent still ends with the reason.
    outcome = { kind: "finished", result: errorResult(`Runner crashed: ${message(err)}`, ctx.elapsedMs() - started) };
  }
  if (state.isReleased?.()) return false;
  if (outcome.kind === "handed_off") return true;
  const guard = tokenHash ? { resultTokenHash: tokenHash } : { owner };
  const { applied } = await finishAgent(db, { agentId: job.agentId, guard, result: outcome.result, now: now() });
  if (!applied) logEvent("warn", "agent_result_discarded", { agent_id: job.agentId, owner, reason: "no_longer_held" });
  return applied;
}

export function startWorker(opts: WorkerOptions): Worker {
  const { db, executor, owner, concurrency, leaseMs, now } = opts;
  const pollMs = opts.pollMs ?? 1_000;
  const graceMs = opts.graceMs ?? 20_000;
  const running = new Map<string, Running>();
  let stopping = false;
  let finished = 0;
  let failures = 0;
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

  async function runOne(job: AgentJob, entry: Running) {
    const recorded = await executeClaimed(
      { db, executor, owner, now, elapsedMs: opts.elapsedMs },
      job,
      entry.controller.signal,
      { isReleased: () => entry.released, onHandOff: () => (entry.handedOff = true) },
    );
    if (recorded) finished++;
  }

  function start(job: AgentJob) {
    const entry: Running = { job, controller: new AbortController(), released: false, handedOff: false, done: Promise.resolve() };
    entry.done = runOne(job, entry)
      .catch((err) => logEvent("error", "agent_record_failed", { agent_id: job.agentId, owner, message: message(err) }))
      .finally(() => {
        running.delete(job.agentId);
        wake();
      });
    running.set(job.agentId, entry);
  }

  const heartbeat = setInterval(async () => {
    const ids = [...running.values()].filter((r) => !r.handedOff).map((r) => r.job.agentId);
    if (ids.length === 0) return;
    try {
      const lost = await renewLeases(db, { owner, ids, now: now(), leaseMs });
      for (const id of lost) {
        // Someone reaped it (this worker stalled past its lease): stop, a retry owns it now.
        const entry = running.get(id);
        if (entry) {
          entry.released = true;
          entry.controller.abort();
        }
      }
    } catch (err) {
      logEvent("warn", "agent_heartbeat_failed", { owner, message: message(err) });
    }
  }, Math.max(250, Math.floor(leaseMs / 3)));
  heartbeat.unref?.();

  const loop = (async () => {
    while (!stopping) {
      let claimed = 0;
      try {
        await reapExpiredLeases(db, now());
        const free = concurrency - running.size;
        if (free > 0) {
          const jobs = await claimAgents(db, { owner, limit: free, now: now(), leaseMs });
          jobs.forEach(start);
          claimed = jobs.length;
        }
        failures = 0;
      } catch (err) {
        failures++;
        logEvent("error", "agent_claim_failed", { owner, message: message(err), consecutive: failures });
      }
      if (stopping) break;
      // Full: wait for a slot. Claimed some with room left: look again at once. Idle: poll.
      if (running.size >= concurrency) await sleep(pollMs * 10);
      else if (claimed === 0) await sleep(failures > 0 ? Math.min(30_000, pollMs * 2 ** failures) : pollMs);
    }
  })();

  return {
    owner,
    get finished() {
      return finished;
    },
    wake,
    async stop() {
      if (stopping) return loop;
      stopping = true;
      wake();
      await loop;
      const all = () => Promise.all([...running.values()].map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      const left = [...running.values()].filter((r) => !r.handedOff);
      if (left.length > 0) {
        left.forEach((r) => (r.released = true));
        const released = await releaseAgents(db, { owner, ids: left.map((r) => r.job.agentId) }).catch(() => 0);
        logEvent("info", "agent_worker_released", { owner, agents: left.length, released });
        left.forEach((r) => r.controller.abort());
        await all();
      }
      clearInterval(heartbeat);
      await executor.close();
    },
  };
}

function message(err: unknown): string {
  return redact(err instanceof Error ? err.message : String(err));
}

// Request limits, kept in this process's memory (rate-limiter-flexible's fixed windows): each server
// instance counts on its own, so N instances allow up to N times a limit. That bounds abuse of one
// key or one sign-in target without a database write per request; docs/adr/0007 says why and what it
// does not promise.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

export type Limit = { points: number; windowSeconds: number };

const limiters = new Map<string, RateLimiterMemory>();

// One limiter per (name, limit): a changed configuration (tests, `next dev` reloads) starts counting afresh.
function limiterFor(name: string, limit: Limit): RateLimiterMemory {
  const id = `${name}:${limit.points}/${limit.windowSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.windowSeconds });
    limiters.set(id, limiter);
  }
  return limiter;
}

/**
 * Counts one request of `key` against `limit` (0 points: no limit) and throws 429 `rate_limited`,
 * with the seconds until the window resets, once the key has used up its window.
 */
export async function consume(name: string, limit: Limit, key: string, message: string): Promise<void> {
  if (limit.points <= 0) return;
  try {
    await limiterFor(name, limit).consume(key);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new AppError("rate_limited", `${message}; try again in ${retryAfterSeconds} s`, undefined, retryAfterSeconds);
  }
}

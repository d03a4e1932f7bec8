// Limits on password guessing: sign-in and sign-up attempts per client IP, and sign-in attempts per
// email address whatever the IP, so that spreading guesses over many addresses (or forging the
// forwarded-for header on a server exposed without a proxy) still meets the per-account limit.
// better-auth's own limiter is off (lib/auth/people.ts): it trusts any x-forwarded-for.
import type { Env } from "@/lib/env";
import { consume } from "@/lib/rate-limit";

const WINDOW_SECONDS = 15 * 60;

export type SignInAttempt = { kind: "sign-in" | "sign-up"; ip: string; email: string | null };

/** Counts one attempt; throws 429 `rate_limited` with Retry-After once its IP or email is over the limit. */
export async function limitSignInAttempt(attempt: SignInAttempt, config: Env): Promise<void> {
  const perIp = { points: config.RATE_LIMIT_SIGN_IN_PER_IP, windowSeconds: WINDOW_SECONDS };
  await consume("sign-in-ip", perIp, attempt.ip, "Too many sign-in attempts from this address");
  if (attempt.kind !== "sign-in" || attempt.email === null) return;
  const perEmail = { points: config.RATE_LIMIT_SIGN_IN_PER_EMAIL, windowSeconds: WINDOW_SECONDS };
  await consume("sign-in-email", perEmail, attempt.email.trim().toLowerCase(), "Too many sign-in attempts for this account");
}

/**
 * The client's address: the last entry of X-Forwarded-For, the one the nearest proxy (Vercel, a load
 * balancer) wrote, or the socket address `next start` puts there when no proxy did. A client talking
 * to `next start` directly can forge it — the per-email limit still holds (docs/adr/0007).
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").pop()?.trim();
  return last || headers.get("x-real-ip")?.trim() || "unknown";
}

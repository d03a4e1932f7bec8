// Limits on password guessing: sign-in and sign-up attempts per client IP, and sign-in attempts per
// email address whatever the IP, so that spreading guesses over many addresses (or forging the
// forwarded-for header on a server exposed without a proxy) still meets the per-account limit.
// better-auth's own limiter is off (lib/auth/people.ts): it trusts any x-forwarded-for.
import type { Env } from "@/lib/env";
import { consume } from "@/lib/rate-limit";

const WINDOW_SECONDS = 15 * 60;

/** Counts one sign-in or sign-up attempt from `ip`; throws 429 `rate_limited` with Retry-After past the limit. */
export async function limitAttemptsFromIp(ip: string, config: Env): Promise<void> {
  const limit = { points: config.RATE_LIMIT_SIGN_IN_PER_IP, windowSeconds: WINDOW_SECONDS };
  await consume("sign-in-ip", limit, ip, "Too many sign-in attempts from this address");
}

/** Counts one sign-in attempt for `email` (any case); throws 429 `rate_limited` past the limit. */
export async function limitAttemptsForEmail(email: string, config: Env): Promise<void> {
  const limit = { points: config.RATE_LIMIT_SIGN_IN_PER_EMAIL, windowSeconds: WINDOW_SECONDS };
  await consume("sign-in-email", limit, email.trim().toLowerCase(), "Too many sign-in attempts for this account");
}

// Webhook delivery signatures (the webhook executor, lib/agents/webhook.ts): every delivery carries
// an HMAC-SHA256 of `${timestamp}.${body}` under the shared secret, so a receiver can check that
// Rota sent it and that nobody changed it, and the timestamp inside the MAC lets it refuse a
// delivery replayed later. `X-Rota-Delivery` (`<agent id>:<attempt>`) is the same for a delivery
// and its replays, so a receiver can also drop duplicates it already accepted.
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIMESTAMP_HEADER = "X-Rota-Timestamp";
export const SIGNATURE_HEADER = "X-Rota-Signature";
export const DELIVERY_HEADER = "X-Rota-Delivery";

/** How far a delivery's timestamp may be from the receiver's clock, either way, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SCHEME = "v1";
const HEX_SHA256 = /^[0-9a-f]{64}$/;

// Over the timestamp exactly as it travels in its header, so sender and receiver MAC the same bytes.
function mac(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();
}

/** The `X-Rota-Signature` value of `body` sent at `timestampSeconds`: `v1=<hex HMAC-SHA256>`. */
export function signDelivery(secret: string, timestampSeconds: number, body: string): string {
  // Past 11 digits it is milliseconds (seconds reach 12 digits in the year 5138): a receiver would
  // refuse every delivery as from the future, so the mistake is refused here, where it is made.
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0 || timestampSeconds > 99_999_999_999) {
    throw new RangeError("timestampSeconds must be a whole number of seconds (not milliseconds) since the epoch");
  }
  return `${SCHEME}=${mac(secret, String(timestampSeconds), body).toString("hex")}`;
}

export type VerifyFailure =
  | "missing_timestamp"
  | "malformed_timestamp"
  | "stale_timestamp"
  | "future_timestamp"
  | "missing_signature"
  | "malformed_signature"
  | "signature_mismatch";

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

/**
 * Checks a delivery as a receiver gets it: the two headers as sent (null when absent) and the raw
 * body, byte for byte as received (re-serialized JSON would not match). `signature` may list several
 * comma-separated `v1=` values (a sender rotating its secret signs with both); one match suffices.
 * Unknown schemes are ignored, so a later scheme can be added beside v1 without breaking receivers.
 */
export function verifyDelivery(opts: {
  secret: string;
  timestamp: string | number | null | undefined;
  signature: string | null | undefined;
  body: string | Uint8Array;
  nowSeconds: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (opts.timestamp === null || opts.timestamp === undefined || opts.timestamp === "") {
    return fail("missing_timestamp");
  }
  const raw = String(opts.timestamp).trim();
  if (!/^\d{1,15}$/.test(raw)) return fail("malformed_timestamp");
  const timestamp = Number(raw);
  // Checked before the MAC: an old delivery is refused whatever it carries (a replay).
  if (timestamp < opts.nowSeconds - tolerance) return fail("stale_timestamp");
  if (timestamp > opts.nowSeconds + tolerance) return fail("future_timestamp");

  if (!opts.signature) return fail("missing_signature");
  const candidates = opts.signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SCHEME}=`))
    .map((part) => part.slice(SCHEME.length + 1).toLowerCase());
  const wellFormed = candidates.filter((hex) => HEX_SHA256.test(hex));
  if (wellFormed.length === 0) return fail("malformed_signature");

  const expected = mac(opts.secret, raw, opts.body);
  // Every candidate is compared (no early exit), each in constant time, so the timing says nothing
  // about which one matched or how much of it did.
  let matched = false;
  for (const hex of wellFormed) {
    if (timingSafeEqual(Buffer.from(hex, "hex"), expected)) matched = true;
  }
  return matched ? { ok: true } : fail("signature_mismatch");
}

function fail(reason: VerifyFailure): VerifyResult {
  return { ok: false, reason };
}

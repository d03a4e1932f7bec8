import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signDelivery, verifyDelivery } from "./signature";

const SECRET = "a-webhook-secret-of-some-length";
const BODY = JSON.stringify({ agent: { id: "a", attempt: 1 }, text: "grüße ✓" });
const T = 1_790_000_000;

describe("signDelivery", () => {
  it("is v1= and the hex HMAC-SHA256 of `${timestamp}.${body}` under the secret", () => {
    const expected = createHmac("sha256", SECRET).update(`${T}.${BODY}`, "utf8").digest("hex");
    expect(signDelivery(SECRET, T, BODY)).toBe(`v1=${expected}`);
  });

  it("changes with the secret, the timestamp and every byte of the body", () => {
    const sig = signDelivery(SECRET, T, BODY);
    expect(signDelivery(`${SECRET}x`, T, BODY)).not.toBe(sig);
    expect(signDelivery(SECRET, T + 1, BODY)).not.toBe(sig);
    expect(signDelivery(SECRET, T, BODY.replace("1", "2"))).not.toBe(sig);
  });

  it("refuses a timestamp that is not whole seconds (milliseconds by mistake included)", () => {
    expect(() => signDelivery(SECRET, 1.5, BODY)).toThrow(RangeError);
    expect(() => signDelivery(SECRET, -1, BODY)).toThrow(RangeError);
    expect(() => signDelivery(SECRET, Date.UTC(2026, 0, 1), BODY)).toThrow(RangeError);
  });
});

describe("verifyDelivery", () => {
  const signature = signDelivery(SECRET, T, BODY);
  const good = { secret: SECRET, timestamp: String(T), signature, body: BODY, nowSeconds: T };

  it("accepts the delivery as signed, with the timestamp as header text or a number, and the body as bytes", () => {
    expect(verifyDelivery(good)).toEqual({ ok: true });
    expect(verifyDelivery({ ...good, timestamp: T })).toEqual({ ok: true });
    expect(verifyDelivery({ ...good, body: new TextEncoder().encode(BODY) })).toEqual({ ok: true });
    expect(verifyDelivery({ ...good, signature: signature.toUpperCase().replace("V1=", "v1=") })).toEqual({ ok: true });
  });

  it("rejects a tampered body, another secret, or a signature moved to another timestamp", () => {
    expect(verifyDelivery({ ...good, body: BODY.replace('"attempt":1', '"attempt":2') })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(verifyDelivery({ ...good, body: `${BODY} ` })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(verifyDelivery({ ...good, secret: "another-secret-entirely" })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(verifyDelivery({ ...good, timestamp: String(T + 1) })).toEqual({ ok: false, reason: "signature_mismatch" });
    // The same digits with a leading zero are other bytes under the MAC.
    expect(verifyDelivery({ ...good, timestamp: `0${T}` })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("accepts timestamps within the tolerance either way and refuses stale and future ones (replays)", () => {
    expect(verifyDelivery({ ...good, nowSeconds: T + 300 })).toEqual({ ok: true });
    expect(verifyDelivery({ ...good, nowSeconds: T - 300 })).toEqual({ ok: true });
    expect(verifyDelivery({ ...good, nowSeconds: T + 301 })).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(verifyDelivery({ ...good, nowSeconds: T - 301 })).toEqual({ ok: false, reason: "future_timestamp" });
    expect(verifyDelivery({ ...good, nowSeconds: T + 60, toleranceSeconds: 30 })).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(verifyDelivery({ ...good, nowSeconds: T + 3600, toleranceSeconds: 3600 })).toEqual({ ok: true });
    // Stale is refused before the MAC is looked at: an old capture is worthless whatever it carries.
    expect(verifyDelivery({ ...good, signature: "v1=00", nowSeconds: T + 10_000 })).toEqual({ ok: false, reason: "stale_timestamp" });
  });

  it("names a missing or malformed header", () => {
    expect(verifyDelivery({ ...good, timestamp: null })).toEqual({ ok: false, reason: "missing_timestamp" });
    expect(verifyDelivery({ ...good, timestamp: "" })).toEqual({ ok: false, reason: "missing_timestamp" });
    for (const ts of ["soon", "1.5", "-5", "1e9", "0x10", "9".repeat(20)]) {
      expect(verifyDelivery({ ...good, timestamp: ts }), ts).toEqual({ ok: false, reason: "malformed_timestamp" });
    }
    expect(verifyDelivery({ ...good, signature: null })).toEqual({ ok: false, reason: "missing_signature" });
    expect(verifyDelivery({ ...good, signature: undefined })).toEqual({ ok: false, reason: "missing_signature" });
    for (const sig of ["garbage", "v1=", "v1=abc", `v2=${signature.slice(3)}`, signature.slice(3), `v1=${"g".repeat(64)}`]) {
      expect(verifyDelivery({ ...good, signature: sig }), sig).toEqual({ ok: false, reason: "malformed_signature" });
    }
    expect(verifyDelivery({ ...good, signature: `v1=${"0".repeat(64)}` })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("accepts any one of several signatures (secret rotation) and ignores unknown schemes", () => {
    const old = signDelivery("the-previous-secret-value", T, BODY);
    expect(verifyDelivery({ ...good, signature: `${old}, ${signature}` })).toEqual({ ok: true });
    expect(verifyDelivery({ ...good, signature: `v9=whatever,${signature}` })).toEqual({ ok: true });
    expect(verifyDelivery({ ...good, signature: old })).toEqual({ ok: false, reason: "signature_mismatch" });
  });
});

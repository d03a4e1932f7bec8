// Where digests go (docs/digest.md): Resend when RESEND_API_KEY is set, otherwise only the local
// outbox. Every message is a row of `emails` first, whichever transport then sends it, so the outbox
// shows everything; the outbox "transport" is that row alone.
import { Resend } from "resend";
import type { Env } from "@/lib/env";
import { logEvent, redact } from "@/lib/log";

export type OutgoingEmail = {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** The digest's unique key: Resend drops a second send with the same key (a retry after a lost answer). */
  idempotencyKey: string;
};

export interface EmailTransport {
  readonly name: "resend" | "outbox";
  /** Resolves with the provider's message id; throws with a one-line reason when it was not accepted. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** Nothing leaves the machine: the message is the outbox row, and its id is the row's key. */
export const outboxTransport: EmailTransport = {
  name: "outbox",
  async send(email) {
    return { messageId: `outbox:${email.idempotencyKey}` };
  },
};

export class SendError extends Error {
  override name = "SendError";
}

/** A send holds its message's row lock (ADR 0005): it must not wait on the provider for long. */
export const SEND_TIMEOUT_MS = 10_000;

export function resendTransport(opts: { apiKey: string; baseUrl?: string; timeoutMs?: number }): EmailTransport {
  const client = new Resend(opts.apiKey, opts.baseUrl ? { baseUrl: opts.baseUrl } : undefined);
  return {
    name: "resend",
    async send(email) {
      let answer;
      try {
        answer = await client.emails.send(
          { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
          // The SDK passes these options on to fetch.
          { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(opts.timeoutMs ?? SEND_TIMEOUT_MS) } as {
            idempotencyKey: string;
          },
        );
      } catch (err) {
        throw new SendError(`Resend could not be reached: ${err instanceof Error ? err.name : "error"}`);
      }
      const e = answer.error as { name?: string; message?: string; statusCode?: number | null } | null;
      if (e && (e.statusCode === null || e.statusCode === undefined)) {
        // The SDK answers a failed fetch (refused, reset, timed out) with an error of no status: the
        // provider never saw the message, which is not a refusal.
        logEvent("warn", "digest_send_unreachable", { message: redact(e.message ?? "") });
        throw new SendError("Resend could not be reached: no answer");
      }
      if (answer.error || !answer.data) {
        // Status and error name only: Resend's message can name the operator's account or domains,
        // and this text is shown to the tenant (the run's digest, the outbox). The log keeps it all.
        logEvent("warn", "digest_send_refused", { status: e?.statusCode ?? null, name: e?.name ?? null, message: redact(e?.message ?? "") });
        throw new SendError(`Resend refused the message: ${e?.statusCode ?? "no status"} ${e?.name ?? "no id returned"}`);
      }
      return { messageId: answer.data.id };
    },
  };
}

export function transportFromConfig(config: Env): EmailTransport {
  return config.RESEND_API_KEY
    ? resendTransport({ apiKey: config.RESEND_API_KEY, baseUrl: config.RESEND_BASE_URL })
    : outboxTransport;
}

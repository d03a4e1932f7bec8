// Where digests go (docs/digest.md): Resend when RESEND_API_KEY is set, otherwise only the local
// outbox. Every message is a row of `emails` first, whichever transport then sends it, so the outbox
// shows everything; the outbox "transport" is that row alone.
import { Resend } from "resend";
import type { Env } from "@/lib/env";

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

export function resendTransport(opts: { apiKey: string; baseUrl?: string }): EmailTransport {
  const client = new Resend(opts.apiKey, opts.baseUrl ? { baseUrl: opts.baseUrl } : undefined);
  return {
    name: "resend",
    async send(email) {
      let answer;
      try {
        answer = await client.emails.send(
          { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
          { idempotencyKey: email.idempotencyKey },
        );
      } catch (err) {
        throw new SendError(`Resend could not be reached: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (answer.error || !answer.data) {
        const e = answer.error as { name?: string; message?: string; statusCode?: number } | null;
        throw new SendError(`Resend refused the message: ${e?.statusCode ?? ""} ${e?.name ?? ""} ${e?.message ?? "no id returned"}`.replace(/\s+/g, " ").trim());
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

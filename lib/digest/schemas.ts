// The digest's API shapes (docs/digest.md): outbox messages and the answer of a forced send.
import { z } from "zod";
import { Timestamp, Uuid } from "@/lib/validation";

export const OutboxQuery = z.object({ schedule_id: Uuid.optional() });

export const OutboxMessage = z
  .object({
    id: Uuid,
    schedule_id: Uuid.nullable(),
    run_ids: z.array(Uuid),
    to: z.array(z.string()),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    status: z.enum(["pending", "sent", "failed"]).meta({
      description: "pending: not sent yet, or retried later after a failed try (see error); failed: gave up after 5 tries",
    }),
    transport: z.enum(["outbox", "resend"]),
    provider_message_id: z.string().nullable(),
    error: z.string().nullable(),
    attempts: z.int(),
    created_at: Timestamp,
    sent_at: Timestamp.nullable(),
  })
  .meta({ id: "OutboxMessage" });

export const ForcedDigest = z
  .object({
    sent: z.boolean().meta({ description: "false: the send failed and is retried by later cron passes (see the outbox)" }),
    recipients: z.array(z.string()),
    run_ids: z.array(Uuid),
    message_id: z.string().nullable(),
  })
  .meta({ id: "ForcedDigest" });

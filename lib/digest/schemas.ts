// The digest's API shapes (docs/digest.md): outbox messages and the answer of a forced send.
import { z } from "zod";
import { DigestConfig } from "@/lib/schedules/schemas";
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

export const DigestPreviewRequest = z
  .strictObject({
    digest_config: DigestConfig.optional().meta({
      description: "Settings to preview with (e.g. unsaved ones from a form); default: the schedule's saved digest_config, or the defaults when it has none",
    }),
  })
  .meta({ id: "DigestPreviewRequest" });
export type DigestPreviewRequest = z.output<typeof DigestPreviewRequest>;

export const DigestPreview = z
  .object({
    subject: z.string(),
    html: z.string().meta({ description: "The whole HTML document, as the email would carry it" }),
    text: z.string().meta({ description: "The plain-text alternative" }),
    sample: z.boolean().meta({ description: "true: the schedule has no run yet, so the email shows sample journeys and findings, not real results" }),
    run_id: Uuid.nullable().meta({ description: "The run shown (the latest completed one, else the latest); null for sample data" }),
  })
  .meta({ id: "DigestPreview", description: "The digest email rendered with the given settings; nothing is written or sent" });

"use client";
import { useState } from "react";
import type { OutboxMessage } from "@/components/data/types";
import { EmailFrame } from "@/components/digest/email-frame";
import { Dialog } from "@/components/ui/dialog";
import { StatusPill } from "@/components/ui/pill";
import { Switch } from "@/components/ui/switch";
import { formatInZone } from "@/components/ui/time";

/** One message as its recipients see it: the HTML in a sandboxed frame, or its plain-text part. */
export function MessageDialog({
  message,
  scheduleName,
  timeZone,
  onClose,
}: {
  message: OutboxMessage | null;
  scheduleName?: string;
  timeZone: string;
  onClose: () => void;
}) {
  const [plain, setPlain] = useState(false);
  return (
    <Dialog
      open={message !== null}
      onOpenChange={(open) => {
        if (!open) {
          onClose();
          setPlain(false);
        }
      }}
      title={message?.subject ?? "Message"}
      description={
        message
          ? `To ${message.to.join(", ")}${scheduleName ? ` · ${scheduleName}` : ""}`
          : undefined
      }
      wide
    >
      {message && (
        <div className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <dl className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
              <div className="flex items-center gap-2">
                <dt className="text-muted">Status</dt>
                <dd>
                  <StatusPill status={message.status} />
                </dd>
              </div>
              <div className="flex items-center gap-2">
                <dt className="text-muted">Created</dt>
                <dd>
                  {formatInZone(message.created_at, timeZone, { date: true })}
                </dd>
              </div>
              {message.sent_at && (
                <div className="flex items-center gap-2">
                  <dt className="text-muted">Sent</dt>
                  <dd>
                    {formatInZone(message.sent_at, timeZone, { date: true })}
                  </dd>
                </div>
              )}
              <div className="flex items-center gap-2">
                <dt className="text-muted">Via</dt>
                <dd>
                  {message.transport === "resend"
                    ? "Resend"
                    : "Outbox only (no mail provider configured)"}
                </dd>
              </div>
            </dl>
            <label className="flex items-center gap-2 text-sm">
              <Switch
                label="Plain text"
                checked={plain}
                onCheckedChange={setPlain}
              />
              Plain text
            </label>
          </div>
          {message.error && (
            <p
              role="status"
              className="rounded-md bg-bad-soft px-3 py-2 text-sm text-bad"
            >
              Last try failed ({message.attempts} attempt
              {message.attempts === 1 ? "" : "s"}): {message.error}
            </p>
          )}
          {plain ? (
            <pre
              tabIndex={0}
              aria-label="Plain-text version"
              className="h-[60vh] overflow-auto rounded-md border border-line bg-surface-2 p-3 text-sm whitespace-pre-wrap"
            >
              {message.text}
            </pre>
          ) : (
            <EmailFrame
              html={message.html}
              title="Email as the recipient sees it"
              className="h-[60vh]"
            />
          )}
        </div>
      )}
    </Dialog>
  );
}

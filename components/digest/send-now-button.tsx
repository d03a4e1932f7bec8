"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ApiError, post } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { ForcedDigest } from "@/components/data/types";
import { Button } from "@/components/ui/button";

/** Emails the runs since the last digest now, with the saved settings. The API's refusals (digest off,
 * no completed run, once a minute) come back as toasts in its own words. */
export function SendNowButton({ scheduleId, unsaved }: { scheduleId: string; unsaved: boolean }) {
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: () => post<ForcedDigest>(`/api/v1/schedules/${scheduleId}/digest`),
    onSuccess: (d) =>
      d.sent
        ? toast.success(`Digest sent to ${d.recipients.join(", ")}`)
        : toast.warning("Digest queued: the send failed and is retried on the next passes (see the Outbox)"),
    onError: (err) => toast.error(err instanceof ApiError ? err.message : "Could not send the digest"),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.outbox }),
  });
  return (
    <Button
      onClick={() => send.mutate()}
      busy={send.isPending}
      title={unsaved ? "Sends with the saved settings: save your changes first to use them" : "Email the runs since the last digest now"}
    >
      Send digest now
    </Button>
  );
}

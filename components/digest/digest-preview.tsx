"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { post } from "@/components/data/api";
import type { DigestConfig, DigestPreview } from "@/components/data/types";
import { Spinner } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Pill } from "@/components/ui/pill";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { EmailFrame } from "./email-frame";
import { useDebounced } from "./use-debounced";

// Recipients do not change what the email looks like, but the API only renders a valid config: a
// form with no recipient yet is previewed with a stand-in address.
const STAND_IN = "recipient@example.com";

/** The digest email as the current (unsaved) form would send it, re-rendered ~400 ms after a change. */
export function DigestPreviewPanel({ scheduleId, config }: { scheduleId: string; config: DigestConfig }) {
  const settled = useDebounced(config, 400);
  const body: DigestConfig = { ...settled, recipients: settled.recipients.length > 0 ? settled.recipients : [STAND_IN] };
  const preview = useQuery({
    queryKey: ["schedules", scheduleId, "digest-preview", body],
    queryFn: () => post<DigestPreview>(`/api/v1/schedules/${scheduleId}/digest/preview`, { digest_config: body }),
    placeholderData: keepPreviousData,
  });

  return (
    <Card className="min-w-0">
      <CardHeader
        title="Preview"
        description="The email as your recipients would get it with these settings; nothing is sent."
        action={preview.isFetching ? <Spinner className="mt-1 text-muted" /> : undefined}
      />
      <div className="space-y-3 p-4">
        {preview.error ? (
          <ErrorState error={preview.error} onRetry={() => preview.refetch()} />
        ) : !preview.data ? (
          <div role="status" aria-label="Rendering the preview" className="space-y-2">
            <Skeleton className="h-5 w-3/4" />
            <Skeleton className="h-96 w-full" />
          </div>
        ) : (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <p className="min-w-0 text-sm">
                <span className="text-muted">Subject: </span>
                <span data-testid="preview-subject" className="font-medium">
                  {preview.data.subject}
                </span>
              </p>
              {preview.data.sample && (
                <Pill tone="info" title="The schedule has not run yet: the email shows sample journeys and findings">
                  No run yet: sample data
                </Pill>
              )}
            </div>
            <EmailFrame html={preview.data.html} title="Email preview" />
          </>
        )}
      </div>
    </Card>
  );
}

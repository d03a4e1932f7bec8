"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { get } from "@/components/data/api";
import { keys, useBudget, useSchedules } from "@/components/data/queries";
import type { OutboxMessage, Page } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { StatusPill } from "@/components/ui/pill";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { RelativeTime } from "@/components/ui/time";
import { MessageDialog } from "./message-dialog";

const PAGE_SIZE = 25;

/** Every digest message, newest first, a page at a time, optionally of one schedule. */
export function OutboxList() {
  const [scheduleId, setScheduleId] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);
  const schedules = useSchedules();
  const timeZone = useBudget().data?.timezone ?? "UTC";
  const names = useMemo(() => new Map((schedules.data ?? []).map((s) => [s.id, s.name])), [schedules.data]);

  const outbox = useInfiniteQuery({
    queryKey: [...keys.outbox, scheduleId || "all"],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (scheduleId) q.set("schedule_id", scheduleId);
      if (pageParam) q.set("cursor", pageParam);
      return get<Page<OutboxMessage>>(`/api/v1/outbox?${q}`);
    },
    getNextPageParam: (last) => last.next_cursor,
  });
  const messages = outbox.data?.pages.flatMap((p) => p.data) ?? [];
  const open = messages.find((m) => m.id === openId) ?? null;

  return (
    <div className="space-y-4">
      <Field label="Schedule" className="max-w-xs">
        {(p) => (
          <Select {...p} value={scheduleId} onChange={(e) => setScheduleId(e.target.value)}>
            <option value="">All schedules</option>
            {(schedules.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Card>
        {outbox.error ? (
          <ErrorState error={outbox.error} onRetry={() => outbox.refetch()} />
        ) : outbox.isPending ? (
          <LoadingRows rows={5} label="Loading messages" />
        ) : messages.length === 0 ? (
          <EmptyState
            title={scheduleId ? "No digest from this schedule yet" : "No messages yet"}
            action={
              <Link href="/schedules" className="text-sm font-medium text-accent hover:underline">
                Go to schedules
              </Link>
            }
          >
            Digests appear here when a schedule with a digest runs; set one up in a schedule&apos;s Digest tab.
          </EmptyState>
        ) : (
          <table className="w-full table-fixed text-sm">
            <caption className="sr-only">Digest messages, newest first</caption>
            <thead className="border-b border-line text-left text-xs text-muted">
              <tr>
                <th scope="col" className="w-[36%] px-4 py-2 font-medium">Subject</th>
                <th scope="col" className="w-[22%] px-4 py-2 font-medium">Recipients</th>
                <th scope="col" className="w-[18%] px-4 py-2 font-medium">Schedule</th>
                <th scope="col" className="w-[12%] px-4 py-2 font-medium">Status</th>
                <th scope="col" className="w-[12%] px-4 py-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} className="border-b border-line last:border-0 hover:bg-surface-2">
                  <td className="px-4 py-2.5">
                    <button type="button" onClick={() => setOpenId(m.id)} className="block w-full truncate text-left font-medium hover:underline" title={m.subject}>
                      {m.subject}
                    </button>
                  </td>
                  <td className="truncate px-4 py-2.5 text-muted" title={m.to.join(", ")}>
                    {m.to.length > 2 ? `${m.to.slice(0, 2).join(", ")} +${m.to.length - 2}` : m.to.join(", ")}
                  </td>
                  <td className="truncate px-4 py-2.5">
                    {m.schedule_id ? (
                      <Link href={`/schedules/${m.schedule_id}/digest`} className="hover:underline">
                        {names.get(m.schedule_id) ?? "Schedule"}
                      </Link>
                    ) : (
                      <span className="text-muted">Deleted schedule</span>
                    )}
                  </td>
                  <td className="px-4 py-2.5">
                    <StatusPill status={m.status} />
                  </td>
                  <td className="px-4 py-2.5 text-muted">
                    <RelativeTime iso={m.created_at} timeZone={timeZone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {outbox.hasNextPage && (
        <div className="flex justify-center">
          <Button onClick={() => outbox.fetchNextPage()} busy={outbox.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      )}
      <MessageDialog
        message={open}
        scheduleName={open?.schedule_id ? names.get(open.schedule_id) : undefined}
        timeZone={timeZone}
        onClose={() => setOpenId(null)}
      />
    </div>
  );
}

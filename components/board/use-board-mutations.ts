"use client";
// The list's writes, each optimistic on the cached schedule and rolled back with a toast that says
// why. Order is the API's truth: PUT …/items/order gives the first item the highest priority.
import { useMemo } from "react";
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { del, post, put } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { Schedule, ScheduleItem } from "@/components/data/types";
import type { LibraryCard } from "./model";

const MUTATION_KEY = ["board"] as const;
export const PENDING_PREFIX = "pending-";

function withOrder(items: ScheduleItem[]): ScheduleItem[] {
  return items.map((it, i) => ({ ...it, priority: items.length - 1 - i }));
}

/** Snapshot, write the optimistic items, and hand back the snapshot for the rollback. */
async function optimistic(qc: QueryClient, id: string, next: (items: ScheduleItem[]) => ScheduleItem[]) {
  await qc.cancelQueries({ queryKey: keys.schedule(id), exact: true });
  const before = qc.getQueryData<Schedule>(keys.schedule(id));
  if (before) qc.setQueryData<Schedule>(keys.schedule(id), { ...before, items: next(before.items) });
  return { before };
}

export function useBoardMutations(scheduleId: string) {
  const qc = useQueryClient();
  const key = keys.schedule(scheduleId);

  const settle = () => {
    // The preview depends on the list; the schedule is re-read once the last write of a burst lands,
    // so an earlier answer never overwrites a later optimistic state.
    qc.invalidateQueries({ queryKey: keys.preview(scheduleId) });
    if (qc.isMutating({ mutationKey: MUTATION_KEY }) <= 1) qc.invalidateQueries({ queryKey: key, exact: true });
  };
  const rollback = (what: string) => (err: Error, _v: unknown, ctx: { before?: Schedule } | undefined) => {
    if (ctx?.before) qc.setQueryData(key, ctx.before);
    toast.error(`${what}: ${err.message}`);
  };

  const reorder = useMutation({
    mutationKey: MUTATION_KEY,
    mutationFn: (ids: string[]) => put<ScheduleItem[]>(`/api/v1/schedules/${scheduleId}/items/order`, { item_ids: ids }),
    onMutate: (ids) =>
      optimistic(qc, scheduleId, (items) => {
        const byId = new Map(items.map((it) => [it.id, it]));
        return withOrder(ids.flatMap((id) => byId.get(id) ?? []));
      }),
    onError: rollback("Could not save the new order, it is back as it was"),
    onSettled: settle,
  });

  const add = useMutation({
    mutationKey: MUTATION_KEY,
    mutationFn: async ({ card, index, tempId }: { card: LibraryCard; index: number; tempId: string }) => {
      const body = card.kind === "plan" ? { test_plan_id: card.id } : { journey_id: card.id };
      const created = await post<ScheduleItem>(`/api/v1/schedules/${scheduleId}/items`, body);
      // Its place in the order: the cached list (optimistic) holds the placeholder where it was dropped.
      const ids = (qc.getQueryData<Schedule>(key)?.items ?? []).map((it) => (it.id === tempId ? created.id : it.id));
      if (!ids.includes(created.id)) ids.splice(index, 0, created.id);
      return put<ScheduleItem[]>(`/api/v1/schedules/${scheduleId}/items/order`, { item_ids: ids.filter((id) => !id.startsWith(PENDING_PREFIX)) });
    },
    onMutate: ({ card, index, tempId }) =>
      optimistic(qc, scheduleId, (items) => {
        const placeholder: ScheduleItem = {
          id: tempId,
          ...(card.kind === "plan" ? { test_plan_id: card.id } : { journey_id: card.id }),
          priority: 0,
          last_run_at: null,
          created_at: new Date().toISOString(),
        };
        const next = [...items];
        next.splice(Math.min(index, next.length), 0, placeholder);
        return withOrder(next);
      }),
    onSuccess: (_items, { card }) => toast.success(`${card.name} added to the schedule`),
    onError: rollback("Could not add it to the schedule"),
    onSettled: settle,
  });

  const remove = useMutation({
    mutationKey: MUTATION_KEY,
    mutationFn: ({ itemId }: { itemId: string; name: string }) => del(`/api/v1/schedules/${scheduleId}/items/${itemId}`),
    onMutate: ({ itemId }) => optimistic(qc, scheduleId, (items) => items.filter((it) => it.id !== itemId)),
    onSuccess: (_v, { name }) => toast.success(`${name} removed from the schedule`),
    onError: rollback("Could not remove it, it is back in the list"),
    onSettled: settle,
  });

  // Stable callbacks for memoized rows: mutate functions of react-query are stable.
  return useMemo(
    () => ({
      reorder: (ids: string[]) => reorder.mutate(ids),
      add: (card: LibraryCard, index: number) => add.mutate({ card, index, tempId: `${PENDING_PREFIX}${card.kind}-${card.id}` }),
      remove: (itemId: string, name: string) => remove.mutate({ itemId, name }),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [reorder.mutate, add.mutate, remove.mutate],
  );
}

"use client";
// Deleting a row of a catalogue list: the row goes at once, and comes back with the API's reason
// (a toast) when the delete is refused (e.g. 409: a project still in use).
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { del } from "@/components/data/api";
import { errorMessage } from "./issues";

export function useOptimisticDelete<T extends { id: string; name: string }>(opts: {
  /** The cached list the row is shown from. */
  listKey: QueryKey;
  path: (row: T) => string;
  /** Called as the delete starts (closes the confirmation). */
  onStart?: () => void;
  /** Refetched once the delete has settled, whatever its outcome. */
  invalidate: QueryKey[];
  /** Refetched only when the row is gone (what it took with it). */
  invalidateOnSuccess?: QueryKey[];
}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (row: T) => del(opts.path(row)),
    onMutate: async (row) => {
      opts.onStart?.();
      await qc.cancelQueries({ queryKey: opts.listKey });
      const before = qc.getQueryData<T[]>(opts.listKey);
      qc.setQueryData<T[]>(opts.listKey, (rows) => rows?.filter((r) => r.id !== row.id));
      return { before };
    },
    onError: (err, row, ctx) => {
      qc.setQueryData(opts.listKey, ctx?.before);
      toast.error(`Could not delete ${row.name}: ${errorMessage(err)}`);
    },
    onSuccess: (_, row) => {
      toast.success(`Deleted ${row.name}`);
      for (const queryKey of opts.invalidateOnSuccess ?? []) qc.invalidateQueries({ queryKey });
    },
    onSettled: () => {
      for (const queryKey of opts.invalidate) qc.invalidateQueries({ queryKey });
    },
  });
}

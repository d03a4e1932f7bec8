"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { del } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { ApiKey, Page } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Confirm, then revoke at once in the list; put the key back (and say why) if the API refuses. */
export function RevokeKeyDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => del(`/api/v1/api-keys/${k.id}`),
    onMutate: async (k) => {
      await qc.cancelQueries({ queryKey: keys.apiKeys });
      const before = qc.getQueryData<Page<ApiKey>>(keys.apiKeys);
      const revokedAt = new Date().toISOString();
      qc.setQueryData<Page<ApiKey>>(keys.apiKeys, (old) =>
        old ? { ...old, data: old.data.map((x) => (x.id === k.id ? { ...x, revoked_at: revokedAt } : x)) } : old,
      );
      return { before };
    },
    onError: (err, k, ctx) => {
      if (ctx?.before) qc.setQueryData(keys.apiKeys, ctx.before);
      toast.error(`Could not revoke "${k.name}": ${(err as Error).message}. It still works.`);
    },
    onSuccess: (_v, k) => toast.success(`Revoked "${k.name}": requests with it are refused from now on`),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.apiKeys }),
  });

  return (
    <Dialog
      open={apiKey !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Revoke API key?"
      description={apiKey ? `Anything using "${apiKey.name}" (${apiKey.prefix}…) stops working at once. This cannot be undone.` : undefined}
    >
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="danger"
          onClick={() => {
            if (apiKey) revoke.mutate(apiKey);
            onClose();
          }}
        >
          Revoke key
        </Button>
      </div>
    </Dialog>
  );
}

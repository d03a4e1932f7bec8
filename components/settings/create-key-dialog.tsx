"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { ApiError, post } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { ApiKey, CreatedApiKey, Page } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";

/** Name a key, issue it, and show its secret this once (the API keeps only a hash). */
export function CreateKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useMutation({
    mutationFn: (n: string) => post<CreatedApiKey>("/api/v1/api-keys", { name: n }),
    onSuccess: (k) => {
      setCreated(k);
      const { key: _secret, ...listed } = k;
      qc.setQueryData<Page<ApiKey>>(keys.apiKeys, (old) => (old ? { ...old, data: [listed, ...old.data] } : old));
      qc.invalidateQueries({ queryKey: keys.apiKeys });
    },
  });
  const nameError = create.error instanceof ApiError ? (create.error.issues.find((i) => i.path[0] === "name")?.message ?? create.error.message) : undefined;

  function close(next: boolean) {
    if (next) return onOpenChange(true);
    onOpenChange(false);
    // Forget the secret as soon as the dialog closes: it is never shown again.
    setCreated(null);
    setName("");
    create.reset();
  }

  async function copy(key: string) {
    try {
      await navigator.clipboard.writeText(key);
      toast.success("API key copied");
    } catch {
      toast.error("Could not copy: select the key and copy it yourself");
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={created ? "Your new API key" : "Create API key"}
      description={created ? undefined : "Tools and scripts send it as Authorization: Bearer <key>."}
    >
      {created ? (
        <div className="space-y-4">
          <p role="alert" className="rounded-md bg-warn-soft px-3 py-2 text-sm text-warn">
            Copy it now: this is the only time Rota shows this key. If you lose it, revoke it and create another.
          </p>
          <Field label={`Key "${created.name}"`}>
            {(p) => (
              <div className="flex gap-2">
                <Input {...p} readOnly value={created.key} data-testid="new-api-key" className="font-mono" onFocus={(e) => e.currentTarget.select()} />
                <Button variant="primary" onClick={() => copy(created.key)}>
                  Copy
                </Button>
              </div>
            )}
          </Field>
          <div className="flex justify-end">
            <Button onClick={() => close(false)}>Done</Button>
          </div>
        </div>
      ) : (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(name.trim() || "API key");
          }}
        >
          <Field label="Name" hint="Where it is used, e.g. “CI pipeline”, so you know what breaks when you revoke it." error={nameError}>
            {(p) => <Input {...p} value={name} maxLength={200} placeholder="CI pipeline" onChange={(e) => setName(e.target.value)} autoFocus />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button onClick={() => close(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={create.isPending}>
              Create key
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { get } from "@/components/data/api";
import { keys, useBudget } from "@/components/data/queries";
import type { ApiKey, Page } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Pill } from "@/components/ui/pill";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { RelativeTime } from "@/components/ui/time";
import { CreateKeyDialog } from "./create-key-dialog";
import { RevokeKeyDialog } from "./revoke-key-dialog";

/** The workspace's API keys for tools and scripts: issue one, see when each was last used, revoke. */
export function ApiKeysCard() {
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const timeZone = useBudget().data?.timezone ?? "UTC";
  const list = useQuery({ queryKey: keys.apiKeys, queryFn: () => get<Page<ApiKey>>("/api/v1/api-keys") });
  const apiKeys = list.data?.data ?? [];

  return (
    <Card>
      <CardHeader
        title="API keys"
        description="For CI and scripts calling the REST API (Authorization: Bearer <key>). Each key acts for this whole workspace."
        action={
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create API key
          </Button>
        }
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <LoadingRows rows={3} label="Loading API keys" />
      ) : apiKeys.length === 0 ? (
        <EmptyState title="No API keys yet" action={<Button onClick={() => setCreating(true)}>Create API key</Button>}>
          Create one to let a CI pipeline or a script read and change this workspace&apos;s schedules through the API.
        </EmptyState>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">API keys, newest first</caption>
          <thead className="border-b border-line text-left text-xs text-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Name</th>
              <th scope="col" className="px-4 py-2 font-medium">Key</th>
              <th scope="col" className="px-4 py-2 font-medium">Created</th>
              <th scope="col" className="px-4 py-2 font-medium">Last used</th>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {apiKeys.map((k) => (
              <tr key={k.id} className="border-b border-line last:border-0">
                <td className="px-4 py-2.5 font-medium">{k.name}</td>
                <td className="px-4 py-2.5 font-mono text-muted">{k.prefix}…</td>
                <td className="px-4 py-2.5 text-muted"><RelativeTime iso={k.created_at} timeZone={timeZone} /></td>
                <td className="px-4 py-2.5 text-muted">{k.last_used_at ? <RelativeTime iso={k.last_used_at} timeZone={timeZone} /> : "Never"}</td>
                <td className="px-4 py-2.5">
                  {k.revoked_at ? <Pill tone="idle">Revoked</Pill> : <Pill tone="ok">Active</Pill>}
                </td>
                <td className="px-4 py-2.5 text-right">
                  {!k.revoked_at && (
                    <Button size="sm" variant="danger" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateKeyDialog open={creating} onOpenChange={setCreating} />
      <RevokeKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

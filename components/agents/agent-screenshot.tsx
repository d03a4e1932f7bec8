"use client";
// The page as the agent saw it when the step failed: full width, click to see it at full size.
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";

export function AgentScreenshot({ agentId, alt }: { agentId: string; alt: string }) {
  const [open, setOpen] = useState(false);
  const src = `/api/v1/agents/${agentId}/screenshot`;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className="block w-full cursor-zoom-in overflow-hidden rounded-md border border-line" aria-label="Enlarge the screenshot">
        {/* eslint-disable-next-line @next/next/no-img-element -- a private, session-authenticated PNG: no optimizer */}
        <img src={src} alt={alt} className="block w-full" data-testid="agent-screenshot" />
      </button>
      <Dialog open={open} onOpenChange={setOpen} title="Screenshot at the failing step" description={alt} wide>
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={src} alt={alt} className="block w-full rounded border border-line" />
      </Dialog>
    </>
  );
}

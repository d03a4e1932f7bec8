"use client";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { del } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { Schedule } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";

/** The danger zone: deleting a schedule, after a confirmation that says what goes with it. */
export function DeleteSchedule({ schedule }: { schedule: Schedule }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => del(`/api/v1/schedules/${schedule.id}`),
    onSuccess: () => {
      setOpen(false);
      qc.removeQueries({ queryKey: keys.schedule(schedule.id) });
      qc.invalidateQueries({ queryKey: keys.schedules, exact: true });
      toast.success(`Schedule "${schedule.name}" deleted`);
      router.push("/schedules");
    },
    onError: (err) => toast.error(`Could not delete the schedule: ${(err as Error).message}`),
  });

  return (
    <Card className="flex flex-wrap items-center justify-between gap-4 border-bad/40 p-4">
      <div>
        <h2 className="text-sm font-semibold">Delete this schedule</h2>
        <p className="mt-0.5 text-sm text-muted">Its items and its run history go with it. Journeys and test plans stay.</p>
      </div>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete schedule
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete "${schedule.name}"?`}
        description={`Its ${schedule.items.length} item${schedule.items.length === 1 ? "" : "s"} and every run it recorded are deleted. This can't be undone.`}
      >
        <div className="flex justify-end gap-2">
          <Button onClick={() => setOpen(false)}>Keep it</Button>
          <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
            Delete schedule
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}

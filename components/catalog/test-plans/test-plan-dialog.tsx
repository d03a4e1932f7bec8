"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { patch, post } from "@/components/data/api";
import { useJourneys } from "@/components/data/queries";
import type { Project, TestPlan } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { LoadingRows } from "@/components/ui/states";
import { CreateTestPlan, UpdateTestPlan } from "@/lib/test-plans/schemas";
import { apiFieldErrors, errorMessage, toFieldErrors, type FieldErrors } from "../issues";
import { PlanCost } from "./cost";
import { JourneyOrder } from "./journey-order";

export function TestPlanDialog({ plan, projects, open, onOpenChange }: { plan?: TestPlan; projects: Project[]; open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog
      wide
      open={open}
      onOpenChange={onOpenChange}
      title={plan ? `Edit ${plan.name}` : "New test plan"}
      description="A test plan runs several journeys of one project as one schedule item, in the order below."
    >
      {open && <TestPlanForm key={plan?.id ?? "new"} plan={plan} projects={projects} onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function TestPlanForm({ plan, projects, onDone }: { plan?: TestPlan; projects: Project[]; onDone: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(plan?.name ?? "");
  const [projectId, setProjectId] = useState(plan?.project_id ?? projects[0]?.id ?? "");
  const [journeyIds, setJourneyIds] = useState<string[]>(plan?.journey_ids ?? []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const journeys = useJourneys(projectId || undefined);

  const save = useMutation({
    mutationFn: (body: object) => (plan ? patch<TestPlan>(`/api/v1/test-plans/${plan.id}`, body) : post<TestPlan>("/api/v1/test-plans", body)),
    onSuccess: (saved) => {
      qc.invalidateQueries({ queryKey: ["test-plans"] });
      toast.success(plan ? `Saved ${saved.name}` : `Created ${saved.name}`);
      onDone();
    },
    onError: (err) => {
      const fields = apiFieldErrors(err);
      setErrors(fields);
      if (Object.keys(fields).length === 0) toast.error(`Could not save: ${errorMessage(err)}`);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = plan ? { name, journey_ids: journeyIds } : { project_id: projectId, name, journey_ids: journeyIds };
    const parsed = (plan ? UpdateTestPlan : CreateTestPlan).safeParse(body);
    if (!parsed.success) return setErrors(toFieldErrors(parsed.error.issues));
    setErrors({});
    save.mutate(parsed.data);
  }

  // Issues about one id ("journey_ids.1": not in this project) are shown with the list.
  const journeysError = errors.journey_ids ?? Object.entries(errors).find(([k]) => k.startsWith("journey_ids."))?.[1];

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div className="grid grid-cols-2 gap-4">
        <Field label="Name" error={errors.name}>
          {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="Purchase flow" autoFocus />}
        </Field>
        <Field label="Project" hint={plan ? "A plan stays in its project." : "A plan's journeys all belong to this project."} error={errors.project_id}>
          {(p) => (
            <Select
              {...p}
              value={projectId}
              disabled={!!plan}
              onChange={(e) => {
                setProjectId(e.target.value);
                setJourneyIds([]); // journeys of another project cannot be in the plan
              }}
            >
              {projects.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {journeys.isPending ? (
        <LoadingRows rows={3} label="Loading journeys" />
      ) : journeys.isError ? (
        <p role="alert" className="text-sm text-bad">
          Could not load the project&apos;s journeys: {errorMessage(journeys.error)}
        </p>
      ) : (
        <JourneyOrder journeys={journeys.data} value={journeyIds} onChange={setJourneyIds} error={journeysError} />
      )}
      <div className="flex items-center justify-between gap-2 border-t border-line pt-4">
        <p className="text-sm text-muted">
          Cost: <PlanCost count={journeyIds.length} />
        </p>
        <div className="flex gap-2">
          <Button onClick={onDone}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            {plan ? "Save test plan" : "Create test plan"}
          </Button>
        </div>
      </div>
    </form>
  );
}

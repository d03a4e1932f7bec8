"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { del, patch, post } from "@/components/data/api";
import type { Journey, Project } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { CreateJourney, UpdateJourney } from "@/lib/journeys/schemas";
import { ConfirmDialog } from "../confirm-dialog";
import { apiFieldErrors, errorMessage, toFieldErrors, type FieldErrors } from "../issues";
import { catalogKeys } from "../queries";
import { draftToStep, parseStepsJson, stepsJson, stepToDraft, type StepDraft } from "./step-model";
import { StepsEditor } from "./steps-editor";

/**
 * Create (no `journey`) or edit a journey. Errors show once a field was left or Save was pressed;
 * they come from the API's own schema, so what passes here passes there.
 */
export function JourneyEditor({ journey, projects, initialProjectId }: { journey?: Journey; projects: Project[]; initialProjectId?: string }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [name, setName] = useState(journey?.name ?? "");
  const [description, setDescription] = useState(journey?.description ?? "");
  const [projectId, setProjectId] = useState(journey?.project_id ?? (projects.find((p) => p.id === initialProjectId) ?? projects[0])?.id ?? "");
  const [startPath, setStartPath] = useState(journey?.start_path ?? "/");
  const [drafts, setDrafts] = useState<StepDraft[]>(() => (journey?.steps ?? []).map((s) => stepToDraft(s) as StepDraft));
  const [json, setJson] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string>();
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [confirmDelete, setConfirmDelete] = useState(false);

  const body = useMemo(() => {
    const common = { name, description, start_path: startPath, steps: drafts.map(draftToStep) };
    return journey ? common : { project_id: projectId, ...common };
  }, [journey, name, description, startPath, drafts, projectId]);
  const parsed = useMemo(() => (journey ? UpdateJourney : CreateJourney).safeParse(body), [journey, body]);
  const clientErrors = useMemo(() => (parsed.success ? {} : toFieldErrors(parsed.error.issues)), [parsed]);

  const touch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));
  const errorOf = (path: string, touchKey: string) => serverErrors[path] ?? (submitted || touched.has(touchKey) ? clientErrors[path] : undefined);
  const stepError = (i: number, field: string) => {
    const path = field ? `steps.${i}.${field}` : `steps.${i}`;
    return serverErrors[path] ?? (submitted || (field && touched.has(`${drafts[i]?.key}.${field}`)) ? clientErrors[path] : undefined);
  };

  const save = useMutation({
    mutationFn: (data: object) => (journey ? patch<Journey>(`/api/v1/journeys/${journey.id}`, data) : post<Journey>("/api/v1/journeys", data)),
    onSuccess: (saved) => {
      qc.setQueryData(catalogKeys.journey(saved.id), saved);
      qc.invalidateQueries({ queryKey: ["journeys"] });
      toast.success(journey ? `Saved ${saved.name}` : `Created ${saved.name}`);
      if (!journey) router.replace(`/journeys/${saved.id}`);
    },
    onError: (err) => {
      const fields = apiFieldErrors(err);
      setServerErrors(fields);
      toast.error(Object.keys(fields).length ? "The journey was not saved: check the marked fields" : `Could not save: ${errorMessage(err)}`);
    },
  });

  const remove = useMutation({
    mutationFn: () => del(`/api/v1/journeys/${journey!.id}`),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ["journeys"] });
      toast.success(`Deleted ${journey!.name}`);
      router.push("/journeys");
    },
    onError: (err) => {
      setConfirmDelete(false);
      toast.error(`Could not delete ${journey!.name}: ${errorMessage(err)}`);
    },
  });

  /** Leaves the JSON view if its text parses; returns the rows, or null with the error shown. */
  function applyJson(): StepDraft[] | null {
    if (json === null) return drafts;
    const result = parseStepsJson(json);
    if (typeof result === "string") {
      setJsonError(result);
      return null;
    }
    setDrafts(result);
    setJson(null);
    setJsonError(undefined);
    return result;
  }

  function toggleJson() {
    if (json === null) {
      setJson(stepsJson(drafts));
      setJsonError(undefined);
    } else applyJson();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    setServerErrors({});
    const rows = applyJson();
    if (!rows) return;
    const data = { ...body, steps: rows.map(draftToStep) };
    const result = (journey ? UpdateJourney : CreateJourney).safeParse(data);
    if (!result.success) {
      toast.error("The journey was not saved: check the marked fields");
      return;
    }
    save.mutate(result.data);
  }

  return (
    <form onSubmit={submit} noValidate>
      <PageHeader
        eyebrow={
          <Link href="/journeys" className="hover:underline">
            Journeys
          </Link>
        }
        title={journey ? journey.name : "New journey"}
        description="A journey is a path a user takes through the app: the agent opens the start path, then performs the steps."
        actions={
          <>
            {journey && (
              <Button variant="danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            )}
            <Button type="submit" variant="primary" busy={save.isPending}>
              {journey ? "Save journey" : "Create journey"}
            </Button>
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Details" />
          <div className="grid grid-cols-2 gap-4 p-4">
            <Field label="Name" error={errorOf("name", "name")}>
              {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} onBlur={() => touch("name")} placeholder="Checkout as guest" />}
            </Field>
            {journey ? (
              <Field label="Project" hint="A journey stays in its project.">
                {(p) => <Input {...p} value={projects.find((x) => x.id === journey.project_id)?.name ?? "—"} readOnly disabled />}
              </Field>
            ) : (
              <Field label="Project" error={errorOf("project_id", "project_id")}>
                {(p) => (
                  <Select {...p} value={projectId} onChange={(e) => setProjectId(e.target.value)}>
                    {projects.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            )}
            <Field label="Start path" hint="Opened first, relative to the project's base URL." error={errorOf("start_path", "start_path")}>
              {(p) => <Input {...p} value={startPath} onChange={(e) => setStartPath(e.target.value)} onBlur={() => touch("start_path")} placeholder="/" />}
            </Field>
            <Field label="Description" error={errorOf("description", "description")} className="col-span-2">
              {(p) => (
                <Textarea {...p} className="font-sans" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What this journey proves works" />
              )}
            </Field>
          </div>
        </Card>
        <StepsEditor
          drafts={drafts}
          onDraftsChange={setDrafts}
          json={json}
          jsonError={jsonError}
          onJsonChange={setJson}
          onToggleJson={toggleJson}
          errorFor={stepError}
          listError={serverErrors.steps ?? (submitted ? clientErrors.steps : undefined)}
          onBlurField={(key, field) => touch(`${key}.${field}`)}
        />
      </div>
      {journey && (
        <ConfirmDialog
          open={confirmDelete}
          onOpenChange={setConfirmDelete}
          title={`Delete ${journey.name}?`}
          confirmLabel="Delete journey"
          busy={remove.isPending}
          onConfirm={() => remove.mutate()}
        >
          It is also removed from every test plan and schedule that lists it. This cannot be undone.
        </ConfirmDialog>
      )}
    </form>
  );
}

"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { patch, post } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { Project } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { CreateProject, UpdateProject } from "@/lib/projects/schemas";
import { apiFieldErrors, errorMessage, toFieldErrors, type FieldErrors } from "../issues";

/** Create (no `project`) or edit a project: the same form, validated by the API's own schemas. */
export function ProjectDialog({ project, open, onOpenChange }: { project?: Project; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={project ? `Edit ${project.name}` : "New project"}
      description="A project is one web app under test: its journeys visit paths under its base URL."
    >
      {/* Keyed so that each opening starts from the project's current values. */}
      {open && <ProjectForm key={project?.id ?? "new"} project={project} onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function ProjectForm({ project, onDone }: { project?: Project; onDone: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(project?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(project?.base_url ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});

  const save = useMutation({
    mutationFn: (body: object) => (project ? patch<Project>(`/api/v1/projects/${project.id}`, body) : post<Project>("/api/v1/projects", body)),
    onSuccess: (saved) => {
      qc.invalidateQueries({ queryKey: keys.projects });
      toast.success(project ? `Saved ${saved.name}` : `Created ${saved.name}`);
      onDone();
    },
    onError: (err) => {
      const fields = apiFieldErrors(err);
      setErrors(fields);
      if (Object.keys(fields).length === 0) toast.error(errorMessage(err));
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = { name, base_url: baseUrl };
    const parsed = (project ? UpdateProject : CreateProject).safeParse(body);
    if (!parsed.success) return setErrors(toFieldErrors(parsed.error.issues));
    setErrors({});
    save.mutate(parsed.data);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field label="Name" error={errors.name}>
        {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="Web shop" autoFocus />}
      </Field>
      <Field label="Base URL" hint="Where the app runs, e.g. https://shop.example.com. Journeys' paths are relative to it." error={errors.base_url}>
        {(p) => <Input {...p} type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://shop.example.com" />}
      </Field>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          {project ? "Save project" : "Create project"}
        </Button>
      </div>
    </form>
  );
}

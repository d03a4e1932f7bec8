// Validation issues, from the zod schemas the API itself uses or from the API's 400 envelope, as a
// map "path.joined.by.dots" → message, so each form shows an error next to the field it is about.
import { ApiError } from "@/components/data/api";

type IssueLike = {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  errors?: readonly (readonly IssueLike[])[];
  minimum?: unknown;
  origin?: string;
};
export type FieldErrors = Record<string, string>;

/** Issues with their full path; a failed union of step shapes reports the shape the row meant. */
export function flattenIssues(issues: readonly IssueLike[], prefix: readonly PropertyKey[] = []): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors?.length) {
      // zod says only "Invalid input" for a union; the branches whose `action` matched tell which field is wrong.
      const matching = issue.errors
        .filter((branch) => !branch.some((i) => i.code === "invalid_value" && i.path.length === 1 && i.path[0] === "action"))
        .sort((a, b) => a.length - b.length);
      if (matching[0]) {
        out.push(...flattenIssues(matching[0], path));
        continue;
      }
    }
    out.push({ path: path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: friendly(issue) });
  }
  return out;
}

function friendly(issue: IssueLike): string {
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "Required";
  if (issue.code === "too_small" && issue.origin === "array" && issue.minimum === 1) return "Pick at least one";
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return "Required";
  return issue.message;
}

export function toFieldErrors(issues: readonly IssueLike[]): FieldErrors {
  const out: FieldErrors = {};
  for (const { path, message } of flattenIssues(issues)) {
    const key = path.join(".");
    out[key] ??= message;
  }
  return out;
}

/** A failed request's field errors (400 issues), or none when the error is not about fields. */
export function apiFieldErrors(err: unknown): FieldErrors {
  return err instanceof ApiError && err.issues.length > 0 ? toFieldErrors(err.issues) : {};
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : "Something went wrong";
}

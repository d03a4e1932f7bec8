"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { authClient } from "./client";
import { safeNextPath } from "./next-path";

const MIN_PASSWORD = 10;



/** Sign in or, with `mode="sign-up"`, create an account (and with it a workspace of one's own). */
export function SignInForm({ mode, signUpOpen = true }: { mode: "sign-in" | "sign-up"; signUpOpen?: boolean }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const signUp = mode === "sign-up";

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "").trim();
    const errors: Record<string, string> = {};
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.email = "Enter an email address like name@example.com";
    if (signUp && password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters`;
    if (!password) errors.password = "Enter your password";
    if (signUp && !name) errors.name = "Enter your name";
    setFieldErrors(errors);
    setError(null);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    const res = signUp
      ? await authClient.signUp.email({ email, password, name })
      : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (res.error) {
      setError(
        res.error.status === 429
          ? "Too many attempts: wait a minute and try again."
          : (res.error.message ?? (signUp ? "Could not create the account" : "Wrong email or password")),
      );
      return;
    }
    router.push(safeNextPath(params.get("next"), window.location.origin));
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {signUp && (
        <Field label="Name" error={fieldErrors.name}>
          {(p) => <Input {...p} name="name" autoComplete="name" />}
        </Field>
      )}
      <Field label="Email" error={fieldErrors.email}>
        {(p) => <Input {...p} name="email" type="email" autoComplete="email" autoFocus />}
      </Field>
      <Field label="Password" error={fieldErrors.password} hint={signUp ? `At least ${MIN_PASSWORD} characters` : undefined}>
        {(p) => <Input {...p} name="password" type="password" autoComplete={signUp ? "new-password" : "current-password"} />}
      </Field>
      {error && (
        <p role="alert" className="rounded-md bg-bad-soft px-3 py-2 text-sm text-bad">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" className="w-full" busy={busy}>
        {signUp ? "Create account" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-muted">
        {signUp ? (
          <>
            Already have an account? <Link className="text-accent underline" href="/sign-in">Sign in</Link>
          </>
        ) : signUpOpen ? (
          <>
            New to Rota? <Link className="text-accent underline" href="/sign-up">Create an account</Link>
          </>
        ) : null}
      </p>
    </form>
  );
}

import { Suspense, type ReactNode } from "react";

export function AuthPage({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <img src="/icon.svg" alt="" className="size-7" />
          <span className="text-lg font-semibold tracking-tight">Rota</span>
        </div>
        <div className="rounded-lg border border-line bg-surface p-6 shadow-sm">
          <h1 className="text-lg font-semibold">{title}</h1>
          <p className="mt-1 mb-5 text-sm text-muted">{description}</p>
          <Suspense>{children}</Suspense>
        </div>
      </div>
    </main>
  );
}

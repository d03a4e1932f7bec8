import type { ReactNode } from "react";
import { requirePerson } from "@/components/auth/current-person";
import { Providers } from "@/components/data/providers";
import { Sidebar } from "@/components/shell/sidebar";

// Every page behind sign-in: the session is checked on the server before anything renders.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const person = await requirePerson();
  return (
    <Providers>
      <div className="flex min-h-screen">
        <Sidebar person={{ name: person.user.name, email: person.user.email, workspace: person.tenant.name }} />
        <main id="main" className="min-w-0 flex-1 px-8 py-6">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </Providers>
  );
}

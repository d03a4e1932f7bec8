"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { authClient } from "@/components/auth/client";
import { cn } from "@/components/ui/cn";
import { BudgetMeter } from "./budget-meter";

const NAV = [
  { href: "/schedules", label: "Schedules" },
  { href: "/journeys", label: "Journeys" },
  { href: "/test-plans", label: "Test plans" },
  { href: "/projects", label: "Projects" },
  { href: "/agents", label: "Agents" },
  { href: "/outbox", label: "Outbox" },
  { href: "/settings", label: "Settings" },
];

export function Sidebar({ person }: { person: { name: string; email: string; workspace: string } }) {
  const pathname = usePathname();
  const router = useRouter();
  return (
    <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col border-r border-line bg-surface">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <div className="flex items-center gap-2 px-4 py-4">
        <img src="/icon.svg" alt="" className="size-6" />
        <span className="font-semibold tracking-tight">Rota</span>
      </div>
      <nav aria-label="Main" className="flex-1 px-2">
        <ul className="space-y-0.5">
          {NAV.map((item) => {
            const active = pathname === item.href || pathname.startsWith(item.href + "/");
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "block rounded-md px-3 py-1.5 text-sm",
                    active ? "bg-accent-soft font-medium text-accent" : "text-muted hover:bg-surface-2 hover:text-fg",
                  )}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="space-y-3 border-t border-line p-4">
        <BudgetMeter />
        <div className="text-xs">
          <div className="truncate font-medium" title={person.email}>
            {person.name}
          </div>
          <div className="truncate text-muted">{person.workspace}</div>
          <button
            type="button"
            className="mt-1 text-muted underline underline-offset-2 hover:text-fg"
            onClick={async () => {
              await authClient.signOut();
              router.push("/sign-in");
              router.refresh();
            }}
          >
            Sign out
          </button>
        </div>
      </div>
    </aside>
  );
}

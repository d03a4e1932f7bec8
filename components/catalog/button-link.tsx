import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/** A link that looks like a primary or secondary Button (a link inside a button is invalid HTML). */
export function ButtonLink({ variant = "primary", className, ...rest }: ComponentProps<typeof Link> & { variant?: "primary" | "secondary" }) {
  return (
    <Link
      className={cn(
        "inline-flex h-9 items-center justify-center gap-1.5 rounded-md px-3.5 text-sm font-medium whitespace-nowrap transition-colors",
        variant === "primary" ? "bg-accent text-accent-fg hover:opacity-90" : "border border-line bg-surface text-fg hover:bg-surface-2",
        className,
      )}
      {...rest}
    />
  );
}

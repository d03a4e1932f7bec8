import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";

const LOOKS = {
  primary: "bg-accent text-accent-fg hover:opacity-90",
  secondary: "bg-surface text-fg border border-line hover:bg-surface-2",
} as const;

/** A link that looks like a Button: navigation stays a link (no button nested in an anchor). */
export function LinkAsButton({ variant = "secondary", className, ...rest }: ComponentProps<typeof Link> & { variant?: keyof typeof LOOKS }) {
  return (
    <Link
      className={cn("inline-flex h-9 items-center justify-center gap-1.5 rounded-md px-3.5 text-sm font-medium whitespace-nowrap transition-colors", LOOKS[variant], className)}
      {...rest}
    />
  );
}

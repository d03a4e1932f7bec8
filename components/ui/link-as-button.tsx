import Link from "next/link";
import type { ComponentProps } from "react";
import { BUTTON_BASE, BUTTON_SIZES, BUTTON_VARIANTS } from "./button";
import { cn } from "./cn";

/** A link that looks like a Button: navigation stays a link (no button nested in an anchor). */
export function LinkAsButton({
  variant = "secondary",
  size = "md",
  className,
  ...rest
}: ComponentProps<typeof Link> & { variant?: "primary" | "secondary"; size?: keyof typeof BUTTON_SIZES }) {
  return <Link className={cn(BUTTON_BASE, BUTTON_VARIANTS[variant], BUTTON_SIZES[size], className)} {...rest} />;
}

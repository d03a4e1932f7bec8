import type { HTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

// The catalog's list tables: one look for projects, journeys and test plans.
export function Table({ className, ...rest }: HTMLAttributes<HTMLTableElement>) {
  return <table className={cn("w-full text-left text-sm", className)} {...rest} />;
}
export function Th({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn("border-b border-line px-4 py-2 text-xs font-medium text-muted", className)} {...rest} />;
}
export function Td({ className, ...rest }: HTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("border-b border-line px-4 py-2.5 align-middle", className)} {...rest} />;
}

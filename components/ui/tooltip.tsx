"use client";
import type { ReactNode } from "react";
import { Tooltip as RadixTooltip } from "radix-ui";

/** Explains a number or a word of jargon on hover and focus. */
export function Tooltip({ content, children }: { content: ReactNode; children: ReactNode }) {
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content
          sideOffset={4}
          className="z-50 max-w-xs rounded-md border border-line bg-surface px-2.5 py-1.5 text-xs text-fg shadow-md"
        >
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}

/** A dotted-underlined term whose tooltip explains it. */
export function Term({ children, explain }: { children: ReactNode; explain: ReactNode }) {
  return (
    <Tooltip content={explain}>
      <span tabIndex={0} className="cursor-help underline decoration-dotted underline-offset-2">
        {children}
      </span>
    </Tooltip>
  );
}

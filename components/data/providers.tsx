"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Tooltip } from "radix-ui";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import { ApiError } from "./api";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 10_000,
            // A 4xx will not get better by asking again; a network blip might.
            retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <Tooltip.Provider delayDuration={300}>
        {children}
        {/* Toasts in the design tokens: sonner's richColors fail axe's colour contrast in light mode. */}
        <Toaster
          closeButton
          position="bottom-right"
          toastOptions={{ classNames: { toast: "!bg-surface !text-fg !border-line", description: "!text-muted", success: "[&_[data-icon]]:!text-ok", error: "[&_[data-icon]]:!text-bad", warning: "[&_[data-icon]]:!text-warn" } }}
        />
      </Tooltip.Provider>
    </QueryClientProvider>
  );
}

import type { ReactNode } from "react";

export const metadata = { title: "Rota", description: "Budget-aware scheduling of user-journey tests" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: 0 }}>{children}</body>
    </html>
  );
}

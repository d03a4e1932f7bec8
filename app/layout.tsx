import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: { default: "Rota", template: "%s · Rota" }, description: "Budget-aware scheduling of user-journey tests" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}

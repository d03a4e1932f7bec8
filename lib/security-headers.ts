// Security headers for every page and API response (next.config.ts applies them). The UI's pages are
// Rota's own; the only framed content is emails in sandbox="" srcdoc frames, which inherit this
// policy. Next's App Router inlines its bootstrap scripts, hence 'unsafe-inline' for scripts (nonces
// would make every page dynamic); frame-ancestors 'none' keeps Rota out of other sites' frames
// (clickjacking). The demo shop (/demo-shop) is a stand-in for a customer's site and gets none of it:
// its pages must behave like a third party's, script errors included.
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(dev: boolean): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
  ];
}

/**
 * An email's HTML as its recipient sees it. sandbox="" runs no script and gives the document no
 * origin, so a message's HTML can never reach the app's session.
 */
export function EmailFrame({ html, title, className = "h-[560px]" }: { html: string; title: string; className?: string }) {
  return <iframe sandbox="" srcDoc={html} title={title} className={`w-full rounded-md border border-line ${className}`} />;
}

import type { Kind } from "./model";
import { kindWord } from "./model";

/** The kind as an icon and its word: a route line for a journey, stacked sheets for a test plan. */
export function KindLabel({ kind }: { kind: Kind }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs text-muted">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
        {kind === "plan" ? (
          <>
            <rect x="2.5" y="4.5" width="9" height="9" rx="1.5" />
            <path d="M5 2.5h7a1.5 1.5 0 0 1 1.5 1.5v7" />
          </>
        ) : (
          <>
            <circle cx="3.5" cy="12.5" r="1.5" />
            <circle cx="12.5" cy="3.5" r="1.5" />
            <path d="M5 12.5h4a2.5 2.5 0 0 0 0-5H7a2.5 2.5 0 0 1 0-5h4" />
          </>
        )}
      </svg>
      {kindWord(kind)}
    </span>
  );
}

export function GripIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="currentColor">
      {[4, 8, 12].flatMap((y) => [6, 10].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.2" />))}
    </svg>
  );
}

"use client";
import { memo } from "react";
import { useSortable } from "@dnd-kit/sortable";
import { Button, Spinner } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { GripIcon, KindLabel } from "./kind-icon";
import { agents, type Entry } from "./model";
import { StalenessBar } from "./staleness-bar";

type RowProps = {
  entry: Entry;
  position: number;
  windowHours: number;
  timeZone: string;
  now: number;
  onRemove: (entry: Entry) => void;
};

// The same objects and elements for every row and every render: nothing per drag-over to allocate or diff.
const noLayoutAnimation = () => false;
const noResizeObserver = { disabled: true };
const grip = <GripIcon />;
const spinner = <Spinner />;
const HANDLE =
  "flex size-7 shrink-0 cursor-grab touch-none items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg focus-visible:outline-2 focus-visible:outline-accent aria-pressed:cursor-grabbing aria-pressed:bg-accent-soft disabled:cursor-not-allowed";

/**
 * One item of the prioritized list. The sortable hook re-renders on every drag-over (its context
 * changes), so it stays thin: no layout animation (rows never move while dragging), no resize
 * observer per row, constant elements, and the row's content a memoized child that only renders
 * again when its own props change.
 */
export const ItemRow = memo(function ItemRow({ entry, position, windowHours, timeZone, now, onRemove }: RowProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useSortable({
    id: entry.id,
    disabled: entry.pending,
    animateLayoutChanges: noLayoutAnimation,
    resizeObserverConfig: noResizeObserver,
  });
  return (
    <li ref={setNodeRef} data-testid="board-item" data-item-id={entry.id} className={isDragging ? "opacity-40" : undefined}>
      <div className="flex items-center gap-3 border-b border-line px-3 py-2">
        <button ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={`Drag ${entry.name}`} className={HANDLE}>
          {entry.pending ? spinner : grip}
        </button>
        <RowBody entry={entry} position={position} windowHours={windowHours} timeZone={timeZone} now={now} onRemove={onRemove} />
      </div>
    </li>
  );
});

const RowBody = memo(function RowBody({ entry, position, windowHours, timeZone, now, onRemove }: RowProps) {
  return (
    <>
      <span className="w-8 shrink-0 text-right text-sm font-semibold tabular-nums text-muted" title={`Position ${position}: priority order`}>
        {position}
      </span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">{entry.name}</p>
        <p className="flex items-center gap-2">
          <KindLabel kind={entry.kind} />
          {entry.kind === "plan" && <span className="text-xs text-muted">· {agents(entry.cost)}</span>}
        </p>
      </div>
      <span className="w-24 shrink-0 text-xs text-muted">
        {/* Said once: the staleness bar next to it has no word for a row never run. */}
        {entry.lastRunAt ? <RelativeTime iso={entry.lastRunAt} timeZone={timeZone} /> : "Never run"}
      </span>
      <StalenessBar lastRunAt={entry.lastRunAt} windowHours={windowHours} now={now} />
      <Button size="sm" variant="ghost" disabled={entry.pending} onClick={() => onRemove(entry)} aria-label={`Remove ${entry.name}`}>
        Remove
      </Button>
    </>
  );
});

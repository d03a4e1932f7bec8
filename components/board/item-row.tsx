"use client";
import { memo, useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from "react";
import { flushSync } from "react-dom";
import { useDraggable } from "@dnd-kit/core";
import { Button, Spinner } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { useDragView, type DragStore, type HookSpec, type HookStore, type Listeners } from "./drag-store";
import { GripIcon, KindLabel } from "./kind-icon";
import { agents, type Entry } from "./model";
import { StalenessBar } from "./staleness-bar";

/** The hidden instructions the handles point at (the board's DndContext id). */
export const DESCRIBED_BY = "DndDescribedBy-board";

type RowProps = {
  entry: Entry;
  position: number;
  windowHours: number;
  timeZone: string;
  now: number;
  drag: DragStore;
  hooks: HookStore;
  onRemove: (entry: Entry) => void;
};

const grip = <GripIcon />;
const spinner = <Spinner />;
const HANDLE =
  "flex size-7 shrink-0 cursor-grab touch-none items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg focus-visible:outline-2 focus-visible:outline-accent aria-pressed:cursor-grabbing aria-pressed:bg-accent-soft disabled:cursor-not-allowed";

/**
 * One item of the prioritized list. No dnd-kit hook here: every dnd-kit hook renders again whenever
 * the drag starts, ends or changes what it is over, and 500 of them cost hundreds of milliseconds each
 * time. The list is the one drop area (the board computes the place from the rows' geometry), and a
 * row becomes draggable only while its handle is in use (focused or pressed), through `HandleHook`.
 */
export const ItemRow = memo(function ItemRow({ entry, position, windowHours, timeZone, now, drag, hooks, onRemove }: RowProps) {
  const row = useRef<HTMLLIElement>(null);
  const isDragging = useDragView(drag, (d) => d?.activeId === entry.id);
  return (
    <li ref={row} data-testid="board-item" data-item-id={entry.id} className={isDragging ? "opacity-40" : undefined}>
      <div className="flex items-center gap-3 border-b border-line px-3 py-2">
        <DragHandle id={entry.id} name={entry.name} pending={!!entry.pending} pressed={isDragging} row={row} hooks={hooks} />
        <RowBody entry={entry} position={position} windowHours={windowHours} timeZone={timeZone} now={now} onRemove={onRemove} />
      </div>
    </li>
  );
});

/** The row's drag handle: a plain button, hooked to dnd-kit while focused or pressed. */
function DragHandle({
  id,
  name,
  pending,
  pressed,
  row,
  hooks,
}: {
  id: string;
  name: string;
  pending: boolean;
  pressed: boolean;
  row: RefObject<HTMLLIElement | null>;
  hooks: HookStore;
}) {
  const focused = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const listeners = useRef<Listeners | null>(null);
  // Unhooked once its drag is over, unless the handle still has the focus.
  const spec = useMemo<HookSpec>(() => ({ id, node: row, button, listeners, onIdle: () => !focused.current && hooks.disarm(id) }), [id, row, hooks]);
  useEffect(() => () => hooks.disarm(id), [hooks, id]);
  // The hook is there before the event reaches dnd-kit (a press without a focus first, say).
  const hook = () => {
    if (!listeners.current && !pending) flushSync(() => hooks.arm(spec));
    return listeners.current;
  };
  return (
    <button
      ref={button}
      type="button"
      disabled={pending}
      aria-label={`Drag ${name}`}
      aria-roledescription="sortable"
      aria-describedby={DESCRIBED_BY}
      aria-pressed={pressed || undefined}
      className={HANDLE}
      onFocus={() => {
        focused.current = true;
        if (!pending) hooks.arm(spec);
      }}
      onBlur={() => {
        focused.current = false;
        if (!pressed) hooks.disarm(id);
      }}
      onPointerDown={(e) => {
        if (e.button === 0) hook()?.onPointerDown?.(e);
      }}
      onKeyDown={(e) => {
        if (e.code === "Space" || e.code === "Enter") hook()?.onKeyDown?.(e);
      }}
    >
      {pending ? spinner : grip}
    </button>
  );
}

/**
 * The draggable itself, for one row (or library card) at a time: renders nothing, hands its listeners
 * to the handle. Rendered by the board inside its DndContext (see `HookStore`).
 */
export function HandleHook({ id, node: row, button, listeners, onIdle }: HookSpec) {
  const { listeners: l, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({ id });
  useLayoutEffect(() => {
    setNodeRef(row.current);
    setActivatorNodeRef(button.current);
    listeners.current = (l ?? null) as Listeners | null;
    return () => {
      listeners.current = null;
    };
  }, [l, row, button, listeners, setNodeRef, setActivatorNodeRef]);
  // Unhooked once its drag is over, unless the handle still has the focus.
  const was = useRef(false);
  useLayoutEffect(() => {
    if (was.current && !isDragging) onIdle();
    was.current = isDragging;
  }, [isDragging, onIdle]);
  return null;
}

const RowBody = memo(function RowBody({ entry, position, windowHours, timeZone, now, onRemove }: Omit<RowProps, "drag" | "hooks">) {
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

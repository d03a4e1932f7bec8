"use client";
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { Button } from "@/components/ui/button";
import { CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select } from "@/components/ui/field";
import { Pill } from "@/components/ui/pill";
import { EmptyState } from "@/components/ui/states";
import { useDragView, type DragStore, type HookSpec, type HookStore, type Listeners } from "./drag-store";
import { DESCRIBED_BY } from "./item-row";
import { GripIcon, KindLabel } from "./kind-icon";
import { libraryDragId, type Kind, type LibraryCard } from "./model";

type Filter = "all" | Kind;
const LIBRARY_PAGE = 50;

/** The project's journeys and test plans, to drag into the list (or add with the button). */
/** Memoized: the board re-renders on every drag-over; the library only when its cards change. */
export const Library = memo(function Library({
  cards,
  drag,
  hooks,
  onAdd,
}: {
  cards: LibraryCard[];
  drag: DragStore;
  hooks: HookStore;
  onAdd: (card: LibraryCard) => void;
}) {
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState<Filter>("all");
  const q = useDeferredValue(query.trim().toLowerCase());
  const [showAll, setShowAll] = useState(false);
  const matching = useMemo(() => cards.filter((c) => (kind === "all" || c.kind === kind) && (!q || c.name.toLowerCase().includes(q))), [cards, kind, q]);
  // A big library shows its first cards, and search narrows it, unless asked for all.
  const shown = showAll ? matching : matching.slice(0, LIBRARY_PAGE);
  return (
    <section aria-labelledby="library-heading" className="flex max-h-[calc(100vh-2rem)] flex-col rounded-lg border border-line bg-surface lg:sticky lg:top-4">
      <CardHeader title={<span id="library-heading">Library</span>} description="This project's journeys and test plans" />
      <div className="grid grid-cols-[1fr_8rem] gap-2 border-b border-line p-3">
        <Field label="Search the library">{(p) => <Input {...p} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name…" />}</Field>
        <Field label="Kind">
          {(p) => (
            <Select {...p} value={kind} onChange={(e) => setKind(e.target.value as Filter)}>
              <option value="all">All</option>
              <option value="journey">Journeys</option>
              <option value="plan">Test plans</option>
            </Select>
          )}
        </Field>
      </div>
      {shown.length === 0 ? (
        <EmptyState title={cards.length === 0 ? "Nothing in this project yet" : "Nothing matches"}>
          {cards.length === 0 ? "Create journeys or test plans in this project first; they appear here to drag into the schedule." : "Try another name or kind."}
        </EmptyState>
      ) : (
        <ul aria-label="Library" className="min-h-0 flex-1 space-y-2 overflow-auto p-3">
          {shown.map((c) => (
            <LibraryItem key={libraryDragId(c.kind, c.id)} card={c} drag={drag} hooks={hooks} onAdd={onAdd} />
          ))}
          {shown.length < matching.length && (
            <li className="flex items-center justify-between gap-2 px-1 pt-1 text-xs text-muted">
              Showing {shown.length} of {matching.length}: search to narrow.
              <Button size="sm" variant="ghost" onClick={() => setShowAll(true)}>
                Show all
              </Button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
});

/**
 * A card. Like the list's rows, no dnd-kit hook of its own (each would render again when a drag starts,
 * ends or changes what it is over): pressing its grip hooks it to dnd-kit for that drag.
 */
const LibraryItem = memo(function LibraryItem({ card, drag, hooks, onAdd }: { card: LibraryCard; drag: DragStore; hooks: HookStore; onAdd: (card: LibraryCard) => void }) {
  const dragId = libraryDragId(card.kind, card.id);
  const isDragging = useDragView(drag, (d) => d?.activeId === dragId);
  const item = useRef<HTMLLIElement>(null);
  const handle = useRef<HTMLButtonElement>(null);
  const listeners = useRef<Listeners | null>(null);
  const spec = useMemo<HookSpec>(() => ({ id: dragId, node: item, button: handle, listeners, onIdle: () => hooks.disarm(dragId) }), [dragId, hooks]);
  useEffect(() => () => hooks.disarm(dragId), [hooks, dragId]);
  // A card already in the schedule cannot go in again (the API refuses duplicates).
  return (
    <li
      ref={item}
      data-testid="library-card"
      className={cn("flex items-center gap-2 rounded-md border border-line bg-surface p-2", isDragging && "opacity-40", card.inSchedule && "bg-surface-2")}
    >
      {/* Pointer only: from the keyboard, the Add button next to it does the same in one key press. */}
      <button
        ref={handle}
        type="button"
        tabIndex={-1}
        aria-label={`Drag ${card.name} into the schedule`}
        aria-roledescription="draggable"
        aria-describedby={DESCRIBED_BY}
        aria-pressed={isDragging || undefined}
        disabled={card.inSchedule}
        onPointerDown={(e) => {
          if (e.button !== 0 || card.inSchedule) return;
          if (!listeners.current) flushSync(() => hooks.arm(spec));
          listeners.current?.onPointerDown?.(e);
        }}
        className="flex size-7 shrink-0 cursor-grab touch-none items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg disabled:cursor-not-allowed disabled:opacity-40"
      >
        <GripIcon />
      </button>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">{card.name}</p>
        <p className="flex items-center gap-2 text-xs text-muted">
          <KindLabel kind={card.kind} />· {card.detail}
        </p>
      </div>
      {card.inSchedule ? (
        <Pill tone="accent">In schedule</Pill>
      ) : (
        <Button size="sm" onClick={() => onAdd(card)} aria-label={`Add ${card.name}`}>
          Add
        </Button>
      )}
    </li>
  );
});

"use client";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from "react";
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type ClientRect,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragOverEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, type SortingStrategy } from "@dnd-kit/sortable";
import type { Journey, Schedule, TestPlan } from "@/components/data/types";
import { CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/states";
import { announcementsFor, screenReaderInstructions } from "./announcements";
import { createDragStore, useDragView, type DragStore, type DragView } from "./drag-store";
import { ItemRow } from "./item-row";
import { GripIcon, KindLabel } from "./kind-icon";
import { Library } from "./library";
import { agents, parseLibraryDragId, toEntry, type Entry, type LibraryCard } from "./model";
import { NextTick } from "./next-tick";
import { useBoardMutations } from "./use-board-mutations";

const LIST_ID = "board-list";

/** Rows never move while dragging (the overlay follows the pointer, one line marks the drop): no per-row transforms to compute. */
const noTransforms: SortingStrategy = () => null;

type Latest = { entries: Entry[]; ids: string[]; entryById: Map<string, Entry>; cardByDragId: Map<string, LibraryCard>; line: number | null };

const centerY = (r: ClientRect) => r.top + r.height / 2;

export function Board({ schedule, journeys, plans }: { schedule: Schedule; journeys: Journey[]; plans: TestPlan[] }) {
  const mutations = useBoardMutations(schedule.id);
  const lib = useMemo(() => ({ journeys: new Map(journeys.map((j) => [j.id, j])), plans: new Map(plans.map((p) => [p.id, p])) }), [journeys, plans]);
  // Entries keep their identity while their content is the same (a reorder rewrites every item's
  // priority, not its row): memoized rows whose entry did not change skip rendering.
  const entryCache = useRef(new Map<string, Entry>());
  const entries = useMemo(() => {
    const next = new Map<string, Entry>();
    const list = schedule.items.map((it) => {
      const fresh = toEntry(it, lib, it.id.startsWith("pending-"));
      const old = entryCache.current.get(it.id);
      const same = old && old.name === fresh.name && old.cost === fresh.cost && old.lastRunAt === fresh.lastRunAt && old.pending === fresh.pending;
      const entry = same ? old : fresh;
      next.set(it.id, entry);
      return entry;
    });
    entryCache.current = next;
    return list;
  }, [schedule.items, lib]);
  const entryById = useMemo(() => new Map(entries.map((e) => [e.id, e])), [entries]);
  // Same ids, same array: a refetch that changes nothing does not hand SortableContext new items (which
  // would render all 500 sortable rows again).
  const idsCache = useRef<string[]>([]);
  const ids = useMemo(() => {
    const next = entries.map((e) => e.id);
    const prev = idsCache.current;
    if (prev.length === next.length && prev.every((id, i) => id === next[i])) return prev;
    idsCache.current = next;
    return next;
  }, [entries]);
  const cardCache = useRef(new Map<string, LibraryCard>());
  const cards = useMemo<LibraryCard[]>(() => {
    const used = new Set(entries.map((e) => `${e.kind}:${e.targetId}`));
    const all: LibraryCard[] = [
      ...journeys.map((j) => ({ kind: "journey" as const, id: j.id, name: j.name, cost: 1, detail: `${j.steps.length} step${j.steps.length === 1 ? "" : "s"}`, inSchedule: used.has(`journey:${j.id}`) })),
      ...plans.map((p) => ({ kind: "plan" as const, id: p.id, name: p.name, cost: p.journey_ids.length, detail: agents(p.journey_ids.length), inSchedule: used.has(`plan:${p.id}`) })),
    ];
    // Same identity for unchanged cards, so a change to the list re-renders only the cards it touched.
    const next = new Map<string, LibraryCard>();
    const out = all.map((c) => {
      const key = `${c.kind}:${c.id}`;
      const old = cardCache.current.get(key);
      const card = old && old.name === c.name && old.detail === c.detail && old.inSchedule === c.inSchedule ? old : c;
      next.set(key, card);
      return card;
    });
    cardCache.current = next;
    return out;
  }, [journeys, plans, entries]);
  const cardByDragId = useMemo(() => new Map(cards.map((c) => [`lib:${c.kind}:${c.id}`, c])), [cards]);

  // Staleness moves with the clock: one "now" for every row, refreshed each minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);

  // The drag's state lives outside React state: the board does not render again on a drag-over.
  const [drag] = useState(createDragStore);
  // The list's box at drag start, in dnd-kit's coordinates: a library card only targets the list
  // when its centre is over it.
  const listRef = useRef<HTMLDivElement>(null);
  const listRect = useRef<DOMRect | null>(null);
  const latest = useRef<Latest>({ entries, ids, entryById, cardByDragId, line: null });
  latest.current = { ...latest.current, entries, ids, entryById, cardByDragId };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const collision = useCallback<CollisionDetection>((args) => {
    const items = args.droppableContainers.filter((c) => c.id !== LIST_ID);
    if (String(args.active.id).startsWith("lib:")) {
      const box = listRect.current;
      // Where the pointer is (the card follows it), or the card's centre on a keyboard move.
      const rect = args.collisionRect;
      const x = args.pointerCoordinates?.x ?? rect.left + rect.width / 2;
      const y = args.pointerCoordinates?.y ?? centerY(rect);
      if (!box || x < box.left || x > box.right || y < box.top || y > box.bottom) return [];
      if (items.length === 0) return [{ id: LIST_ID }];
    }
    return closestCenter({ ...args, droppableContainers: items });
  }, []);

  const announcements = useMemo(
    () =>
      announcementsFor({
        nameOf: (id) => latest.current.entryById.get(id)?.name ?? latest.current.cardByDragId.get(id)?.name ?? "The item",
        indexOf: (id) => latest.current.ids.indexOf(id),
        total: () => latest.current.ids.length,
        libraryLine: () => latest.current.line,
        isLibrary: (id) => id.startsWith("lib:"),
      }),
    [],
  );

  /** Where a library card would be inserted: before the row it is over, or after it when below its middle. */
  const lineFor = (e: DragOverEvent | DragMoveEvent | DragEndEvent): number | null => {
    const { over, active } = e;
    if (!over) return null;
    if (over.id === LIST_ID) return latest.current.ids.length;
    const o = latest.current.ids.indexOf(String(over.id));
    if (o < 0) return null;
    const r = active.rect.current.translated;
    return r && centerY(r) > centerY(over.rect) ? o + 1 : o;
  };

  const track = (e: DragOverEvent | DragMoveEvent) => {
    const activeId = String(e.active.id);
    const fromLibrary = activeId.startsWith("lib:");
    const line = fromLibrary ? lineFor(e) : null;
    latest.current.line = line;
    const overIndex = e.over && e.over.id !== LIST_ID ? latest.current.ids.indexOf(String(e.over.id)) : null;
    drag.set({ activeId, line, overIndex });
  };

  const onDragStart = (e: DragStartEvent) => {
    listRect.current = listRef.current?.getBoundingClientRect() ?? null;
    latest.current.line = null;
    drag.set({ activeId: String(e.active.id), overIndex: null, line: null });
  };

  const onDragEnd = (e: DragEndEvent) => {
    const activeId = String(e.active.id);
    const line = activeId.startsWith("lib:") ? lineFor(e) : null;
    drag.set(null);
    if (!e.over) return;
    const fromLibrary = parseLibraryDragId(activeId);
    if (fromLibrary) {
      const card = latest.current.cardByDragId.get(activeId);
      if (card && !card.inSchedule && line !== null) mutations.add(card, line);
      return;
    }
    const current = latest.current.ids;
    const from = current.indexOf(activeId);
    const to = current.indexOf(String(e.over.id));
    if (from >= 0 && to >= 0 && from !== to) mutations.reorder(arrayMove(current, from, to));
  };
  const onDragCancel = () => drag.set(null);
  const onDragMove = (e: DragMoveEvent) => {
    if (String(e.active.id).startsWith("lib:")) track(e);
  };

  const onAdd = useCallback((card: LibraryCard) => mutations.add(card, latest.current.ids.length), [mutations]);
  const onRemove = useCallback((entry: Entry) => mutations.remove(entry.id, entry.name), [mutations]);

  const totalCost = entries.reduce((n, e) => n + e.cost, 0);
  const listOl = useRef<HTMLOListElement>(null);

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={onDragStart}
      onDragOver={track}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
      accessibility={{ announcements, screenReaderInstructions }}
    >
      <div className="grid items-start gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <Library cards={cards} onAdd={onAdd} />
        <div className="min-w-0">
          <NextTick scheduleId={schedule.id} entries={entryById} timeZone={schedule.timezone} />
          <section aria-labelledby="list-heading" className="rounded-lg border border-line bg-surface">
            <CardHeader
              title={<span id="list-heading">Prioritized list</span>}
              description={`${entries.length} item${entries.length === 1 ? "" : "s"} · ${agents(totalCost)} for a full pass · the top of the list has the highest priority`}
            />
            <div ref={listRef} className="relative">
              {entries.length === 0 ? (
                <EmptyList drag={drag} />
              ) : (
                <SortableContext items={ids} strategy={noTransforms}>
                  <ol ref={listOl} aria-label="Prioritized list" data-testid="board-list">
                    {entries.map((entry, i) => (
                      <ItemRow
                        key={entry.id}
                        entry={entry}
                        position={i + 1}
                        windowHours={schedule.coverage_window_hours}
                        timeZone={schedule.timezone}
                        now={now}
                        onRemove={onRemove}
                      />
                    ))}
                  </ol>
                </SortableContext>
              )}
              <InsertionLine drag={drag} latest={latest} list={listOl} />
            </div>
          </section>
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        <DragPreview drag={drag} latest={latest} />
      </DragOverlay>
    </DndContext>
  );
}

function EmptyList({ drag }: { drag: DragStore }) {
  const { setNodeRef } = useDroppable({ id: LIST_ID });
  const highlighted = useDragView(drag, (d) => d?.line != null);
  return (
    <div ref={setNodeRef} className={cn("m-3 rounded-md border-2 border-dashed border-line", highlighted && "border-accent bg-accent-soft")}>
      <EmptyState title="No items yet">Drag journeys here from the library, or press Add.</EmptyState>
    </div>
  );
}

/** Where the drop lands, as "index:edge": before the row a library card is over, or on the far edge of the row a row is over. */
function markerOf(d: DragView, ids: string[]): string | null {
  if (!d || ids.length === 0) return null;
  if (d.line != null) return d.line < ids.length ? `${d.line}:before` : `${ids.length - 1}:after`;
  if (d.overIndex == null || d.overIndex < 0) return null;
  const from = ids.indexOf(d.activeId);
  if (from < 0 || from === d.overIndex) return null;
  return `${d.overIndex}:${d.overIndex < from ? "before" : "after"}`;
}

/**
 * The one insertion line of the list, moved over the row's top or bottom edge. Always in the page
 * (hidden when there is no drop target): adding and removing nodes mid-drag makes dnd-kit measure
 * the dragged row again.
 */
function InsertionLine({ drag, latest, list }: { drag: DragStore; latest: RefObject<Latest>; list: RefObject<HTMLOListElement | null> }) {
  const marker = useDragView(drag, (d) => markerOf(d, latest.current.ids));
  const line = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = line.current;
    if (!el) return;
    const [index, at] = marker ? marker.split(":") : [];
    const row = index !== undefined ? (list.current?.children[Number(index)] as HTMLElement | undefined) : undefined;
    if (!row) {
      el.style.display = "none";
      return;
    }
    el.style.display = "";
    el.style.top = `${row.offsetTop + (at === "after" ? row.offsetHeight : 0) - 1}px`;
  }, [marker, list]);
  return (
    <div ref={line} data-testid="insertion-line" aria-hidden="true" style={{ display: "none" }} className="pointer-events-none absolute inset-x-0 z-10 h-0.5 bg-accent">
      <span className="absolute -top-[3px] -left-1 size-2 rounded-full bg-accent" />
    </div>
  );
}

function DragPreview({ drag, latest }: { drag: DragStore; latest: RefObject<Latest> }) {
  const activeId = useDragView(drag, (d) => d?.activeId ?? null);
  const what = activeId ? (latest.current.entryById.get(activeId) ?? latest.current.cardByDragId.get(activeId)) : undefined;
  if (!what) return null;
  return (
    <div className="flex cursor-grabbing items-center gap-2 rounded-md border border-accent bg-surface px-3 py-2 shadow-lg">
      <GripIcon />
      <span className="text-sm font-medium">{what.name}</span>
      <KindLabel kind={what.kind} />
    </div>
  );
}

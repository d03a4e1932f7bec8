"use client";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from "react";
import {
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
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { arrayMove } from "@dnd-kit/sortable";
import type { Journey, Schedule, TestPlan } from "@/components/data/types";
import { CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/states";
import { announcementsFor, screenReaderInstructions } from "./announcements";
import { createDragStore, createHookStore, useDragView, type DragStore, type DragView, type HookStore } from "./drag-store";
import { DESCRIBED_BY, HandleHook, ItemRow } from "./item-row";
import { GripIcon, KindLabel } from "./kind-icon";
import { Library } from "./library";
import { agents, parseLibraryDragId, toEntry, type Entry, type LibraryCard } from "./model";
import { NextTick } from "./next-tick";
import { useBoardMutations } from "./use-board-mutations";

const LIST_ID = "board-list";

type Latest = {
  entries: Entry[];
  ids: string[];
  entryById: Map<string, Entry>;
  cardByDragId: Map<string, LibraryCard>;
  /** Where the current (or last) drag would land: the row a list item is over, the line a card would go in at. */
  target: number | null;
};

/** The rows' places inside the list box, taken when a drag starts (nothing moves until it ends). */
type Geometry = { box: HTMLElement; tops: number[]; bottoms: number[]; keyboardIndex: number };

const centerY = (r: ClientRect) => r.top + r.height / 2;

/** The row at `y` (relative to the list box): the last row whose top is above it, clamped to the list. */
function rowAt(g: Geometry, y: number): number {
  let lo = 0;
  let hi = g.tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (g.tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

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
  // Same ids, same array, when a refetch changes nothing.
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
  const [hooks] = useState(createHookStore);
  const listBox = useRef<HTMLDivElement>(null);
  const listOl = useRef<HTMLOListElement>(null);
  const geometry = useRef<Geometry | null>(null);
  const latest = useRef<Latest>({ entries, ids, entryById, cardByDragId, target: null });
  latest.current = { ...latest.current, entries, ids, entryById, cardByDragId };

  /** Arrow keys move the dragged row's centre onto the next row's centre (the list is one drop area). */
  const keyboardCoordinates = useCallback<KeyboardCoordinateGetter>((event, { context, currentCoordinates }) => {
    if (event.code !== "ArrowDown" && event.code !== "ArrowUp") return undefined;
    event.preventDefault();
    const g = geometry.current;
    const rect = context.collisionRect;
    if (!g || !rect || g.tops.length === 0) return undefined;
    const next = Math.max(0, Math.min(g.tops.length - 1, g.keyboardIndex + (event.code === "ArrowDown" ? 1 : -1)));
    g.keyboardIndex = next;
    const box = g.box.getBoundingClientRect();
    const target = box.top + (g.tops[next]! + g.bottoms[next]!) / 2;
    return { x: currentCoordinates.x, y: currentCoordinates.y + (target - centerY(rect)) };
  }, []);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );

  // One drop area, the list: a row is always over it (its place comes from the rows' geometry); a
  // library card only when the pointer (or its centre, from the keyboard) is inside the list's box.
  const collision = useCallback<CollisionDetection>(({ active, collisionRect, pointerCoordinates, droppableRects }) => {
    if (!String(active.id).startsWith("lib:")) return [{ id: LIST_ID }];
    const box = droppableRects.get(LIST_ID);
    const x = pointerCoordinates?.x ?? collisionRect.left + collisionRect.width / 2;
    const y = pointerCoordinates?.y ?? centerY(collisionRect);
    if (!box || x < box.left || x > box.right || y < box.top || y > box.bottom) return [];
    return [{ id: LIST_ID }];
  }, []);

  const announcements = useMemo(
    () =>
      announcementsFor({
        nameOf: (id) => latest.current.entryById.get(id)?.name ?? latest.current.cardByDragId.get(id)?.name ?? "The item",
        indexOf: (id) => latest.current.ids.indexOf(id),
        total: () => latest.current.ids.length,
        target: () => latest.current.target,
        isLibrary: (id) => id.startsWith("lib:"),
      }),
    [],
  );

  /** Where a drag over the list would land: the row under the dragged thing's centre, or for a library card the line before that row (after it when below its middle). */
  const targetFor = (e: DragOverEvent | DragMoveEvent | DragEndEvent): number | null => {
    const { over, active } = e;
    const g = geometry.current;
    if (!over || !g) return null;
    const fromLibrary = String(active.id).startsWith("lib:");
    if (g.tops.length === 0) return fromLibrary ? 0 : null;
    const r = active.rect.current.translated;
    if (!r) return null;
    const y = centerY(r) - g.box.getBoundingClientRect().top;
    const i = rowAt(g, y);
    if (!fromLibrary) return i;
    return y > (g.tops[i]! + g.bottoms[i]!) / 2 ? i + 1 : i;
  };

  const track = (e: DragOverEvent | DragMoveEvent) => {
    const activeId = String(e.active.id);
    const target = targetFor(e);
    latest.current.target = target;
    const fromLibrary = activeId.startsWith("lib:");
    drag.set({ activeId, line: fromLibrary ? target : null, overIndex: fromLibrary ? null : target });
  };

  const onDragStart = (e: DragStartEvent) => {
    const activeId = String(e.active.id);
    const box = listBox.current;
    const rows = listOl.current ? (Array.from(listOl.current.children) as HTMLElement[]) : [];
    const from = latest.current.ids.indexOf(activeId);
    geometry.current = box
      ? { box, tops: rows.map((r) => r.offsetTop), bottoms: rows.map((r) => r.offsetTop + r.offsetHeight), keyboardIndex: Math.max(0, from) }
      : null;
    latest.current.target = from >= 0 ? from : null;
    drag.set({ activeId, overIndex: from >= 0 ? from : null, line: null });
  };

  const onDragEnd = (e: DragEndEvent) => {
    const activeId = String(e.active.id);
    const target = e.over ? targetFor(e) : null;
    latest.current.target = target;
    drag.set(null);
    geometry.current = null;
    if (target === null) return;
    if (parseLibraryDragId(activeId)) {
      const card = latest.current.cardByDragId.get(activeId);
      if (card && !card.inSchedule) mutations.add(card, target);
      return;
    }
    const current = latest.current.ids;
    const from = current.indexOf(activeId);
    if (from >= 0 && from !== target) mutations.reorder(arrayMove(current, from, target));
  };
  const onDragCancel = () => {
    drag.set(null);
    geometry.current = null;
  };

  const onAdd = useCallback((card: LibraryCard) => mutations.add(card, latest.current.ids.length), [mutations]);
  const onRemove = useCallback((entry: Entry) => mutations.remove(entry.id, entry.name), [mutations]);

  const totalCost = entries.reduce((n, e) => n + e.cost, 0);

  // The DndContext holds only what uses dnd-kit: the draggables in use, the list's drop area and the
  // overlay. Its context changes on every pointer move, and React looks for consumers through the
  // whole tree below it: the rows, the library and the next tick stay outside.
  return (
    <>
      <DndContext
        id={DESCRIBED_BY}
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragOver={track}
        onDragMove={track}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={{ announcements, screenReaderInstructions }}
      >
        <Hooks hooks={hooks} />
        <ListDropArea box={listBox} />
        <DragOverlay dropAnimation={null}>
          <DragPreview drag={drag} latest={latest} />
        </DragOverlay>
      </DndContext>
      <div className="grid items-start gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <Library cards={cards} drag={drag} hooks={hooks} onAdd={onAdd} />
        <div className="min-w-0">
          <NextTick scheduleId={schedule.id} entries={entryById} timeZone={schedule.timezone} />
          <section aria-labelledby="list-heading" className="rounded-lg border border-line bg-surface">
            <CardHeader
              title={<span id="list-heading">Prioritized list</span>}
              description={`${entries.length} item${entries.length === 1 ? "" : "s"} · ${agents(totalCost)} for a full pass · the top of the list has the highest priority`}
            />
            <div ref={listBox} className="relative">
              {entries.length === 0 ? (
                <EmptyList drag={drag} />
              ) : (
                <ol ref={listOl} aria-label="Prioritized list" data-testid="board-list">
                  {entries.map((entry, i) => (
                    <ItemRow
                      key={entry.id}
                      entry={entry}
                      position={i + 1}
                      windowHours={schedule.coverage_window_hours}
                      timeZone={schedule.timezone}
                      now={now}
                      drag={drag}
                      hooks={hooks}
                      onRemove={onRemove}
                    />
                  ))}
                </ol>
              )}
              <InsertionLine drag={drag} latest={latest} list={listOl} />
            </div>
          </section>
        </div>
      </div>
    </>
  );
}

/** The draggables in use (a focused or pressed handle): one `useDraggable` each. */
function Hooks({ hooks }: { hooks: HookStore }) {
  const specs = useSyncExternalStore(hooks.subscribe, hooks.specs, hooks.specs);
  return specs.map((s) => <HandleHook key={s.id} {...s} />);
}

/** The list's one drop area, on the list's box (rendered outside the DndContext, see above). */
function ListDropArea({ box }: { box: RefObject<HTMLDivElement | null> }) {
  const { setNodeRef } = useDroppable({ id: LIST_ID });
  // After the commit: the box, a later sibling, has its ref by then.
  useEffect(() => setNodeRef(box.current), [setNodeRef, box]);
  return null;
}

function EmptyList({ drag }: { drag: DragStore }) {
  const highlighted = useDragView(drag, (d) => d?.line != null);
  return (
    <div className={cn("m-3 rounded-md border-2 border-dashed border-line", highlighted && "border-accent bg-accent-soft")}>
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

"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
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
import { arrayMove, SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import type { Journey, Schedule, TestPlan } from "@/components/data/types";
import { CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/states";
import { announcementsFor, screenReaderInstructions } from "./announcements";
import { ItemRow, type Indicator } from "./item-row";
import { GripIcon, KindLabel } from "./kind-icon";
import { Library } from "./library";
import { agents, parseLibraryDragId, toEntry, type Entry, type LibraryCard } from "./model";
import { NextTick } from "./next-tick";
import { useBoardMutations } from "./use-board-mutations";

const LIST_ID = "board-list";

type DragState = { activeId: string; overIndex: number | null; line: number | null } | null;

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
  const ids = useMemo(() => entries.map((e) => e.id), [entries]);
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

  const [drag, setDrag] = useState<DragState>(null);
  // The list's box at drag start, in dnd-kit's coordinates: a library card only targets the list
  // when its centre is over it.
  const listRef = useRef<HTMLDivElement>(null);
  const listRect = useRef<DOMRect | null>(null);
  const latest = useRef({ entries, ids, entryById, cardByDragId, line: null as number | null });
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
    setDrag((d) => (d && d.activeId === activeId && d.line === line && d.overIndex === overIndex ? d : { activeId, line, overIndex }));
  };

  const onDragStart = (e: DragStartEvent) => {
    listRect.current = listRef.current?.getBoundingClientRect() ?? null;
    latest.current.line = null;
    setDrag({ activeId: String(e.active.id), overIndex: null, line: null });
  };

  const onDragEnd = (e: DragEndEvent) => {
    const activeId = String(e.active.id);
    const line = activeId.startsWith("lib:") ? lineFor(e) : null;
    setDrag(null);
    if (!e.over) return;
    const fromLibrary = parseLibraryDragId(activeId);
    if (fromLibrary) {
      const card = latest.current.cardByDragId.get(activeId);
      if (card && !card.inSchedule && line !== null) mutations.add(card, line);
      return;
    }
    const from = ids.indexOf(activeId);
    const to = ids.indexOf(String(e.over.id));
    if (from >= 0 && to >= 0 && from !== to) mutations.reorder(arrayMove(ids, from, to));
  };

  const onAdd = useCallback((card: LibraryCard) => mutations.add(card, latest.current.ids.length), [mutations]);
  const onRemove = useCallback((entry: Entry) => mutations.remove(entry.id, entry.name), [mutations]);

  // The insertion line: which row shows it, and on which edge.
  let marker: { index: number; at: "before" | "after" } | null = null;
  if (drag?.line != null && entries.length > 0) {
    marker = drag.line < entries.length ? { index: drag.line, at: "before" } : { index: entries.length - 1, at: "after" };
  } else if (drag && drag.overIndex != null && drag.overIndex >= 0) {
    const from = ids.indexOf(drag.activeId);
    if (from >= 0 && from !== drag.overIndex) marker = { index: drag.overIndex, at: drag.overIndex < from ? "before" : "after" };
  }
  const totalCost = entries.reduce((n, e) => n + e.cost, 0);
  const activeEntry = drag ? entryById.get(drag.activeId) : undefined;
  const activeCard = drag ? cardByDragId.get(drag.activeId) : undefined;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={onDragStart}
      onDragOver={track}
      onDragMove={(e) => e.active.id.toString().startsWith("lib:") && track(e)}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDrag(null)}
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
            <div ref={listRef}>
              {entries.length === 0 ? (
                <EmptyList highlighted={drag?.line != null} />
              ) : (
                <SortableContext items={ids} strategy={verticalListSortingStrategy}>
                  <ol aria-label="Prioritized list" data-testid="board-list">
                    {entries.map((entry, i) => (
                      <ItemRow
                        key={entry.id}
                        entry={entry}
                        position={i + 1}
                        windowHours={schedule.coverage_window_hours}
                        timeZone={schedule.timezone}
                        now={now}
                        indicator={(marker?.index === i ? marker.at : undefined) as Indicator}
                        onRemove={onRemove}
                      />
                    ))}
                  </ol>
                </SortableContext>
              )}
            </div>
          </section>
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        {activeEntry || activeCard ? <DragPreview name={(activeEntry ?? activeCard)!.name} kind={(activeEntry ?? activeCard)!.kind} /> : null}
      </DragOverlay>
    </DndContext>
  );
}

function EmptyList({ highlighted }: { highlighted: boolean }) {
  const { setNodeRef } = useDroppable({ id: LIST_ID });
  return (
    <div ref={setNodeRef} className={cn("m-3 rounded-md border-2 border-dashed border-line", highlighted && "border-accent bg-accent-soft")}>
      <EmptyState title="No items yet">Drag journeys here from the library, or press Add.</EmptyState>
    </div>
  );
}

function DragPreview({ name, kind }: { name: string; kind: "journey" | "plan" }) {
  return (
    <div className="flex cursor-grabbing items-center gap-2 rounded-md border border-accent bg-surface px-3 py-2 shadow-lg">
      <GripIcon />
      <span className="text-sm font-medium">{name}</span>
      <KindLabel kind={kind} />
    </div>
  );
}

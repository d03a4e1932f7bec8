// The board's drag state (what is dragged, which row it is over, where a library card would land),
// outside React state: it changes on every drag-over, and only the few components that show it (the
// insertion line, the drag preview, the empty list's highlight) subscribe — the board and its 500 rows
// do not render again.
import type React from "react";
import { useCallback, useSyncExternalStore } from "react";

export type DragView = { activeId: string; overIndex: number | null; line: number | null } | null;

export type DragStore = {
  get: () => DragView;
  set: (next: DragView) => void;
  subscribe: (listener: () => void) => () => void;
};

export function createDragStore(): DragStore {
  let state: DragView = null;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      const same = next === state || (next && state && next.activeId === state.activeId && next.overIndex === state.overIndex && next.line === state.line);
      if (same) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A value derived from the drag state; `select` returns primitives so unchanged values skip rendering. */
export function useDragView<T extends string | number | boolean | null>(store: DragStore, select: (d: DragView) => T): T {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const get = useCallback(() => select(store.get()), [store]);
  return useSyncExternalStore(store.subscribe, get, () => select(null));
}

/** What dnd-kit's draggable hands a handle: its activators' listeners. */
export type Listeners = { onPointerDown?: (e: React.PointerEvent) => void; onKeyDown?: (e: React.KeyboardEvent) => void };

/** A row or card hooked to dnd-kit for now: its node, its handle, where its listeners go, and what to do once its drag is over. */
export type HookSpec = {
  id: string;
  node: React.RefObject<HTMLElement | null>;
  button: React.RefObject<HTMLButtonElement | null>;
  listeners: React.RefObject<Listeners | null>;
  onIdle: () => void;
};

/**
 * The draggables in use (one or two): their hooks are rendered by the board inside its DndContext,
 * away from the rows and cards, so dnd-kit's context changes (every pointer move) never walk the
 * 500 rows' React tree.
 */
export type HookStore = { specs: () => HookSpec[]; arm: (spec: HookSpec) => void; disarm: (id: string) => void; subscribe: (listener: () => void) => () => void };

export function createHookStore(): HookStore {
  let specs: HookSpec[] = [];
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const l of listeners) l();
  };
  return {
    specs: () => specs,
    arm(spec) {
      if (specs.some((s) => s.id === spec.id)) return;
      specs = [...specs, spec];
      emit();
    },
    disarm(id) {
      if (!specs.some((s) => s.id === id)) return;
      specs = specs.filter((s) => s.id !== id);
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// The board's drag state (what is dragged, which row it is over, where a library card would land),
// outside React state: it changes on every drag-over, and only the few components that show it (the
// insertion line, the drag preview, the empty list's highlight) subscribe — the board and its 500 rows
// do not render again.
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

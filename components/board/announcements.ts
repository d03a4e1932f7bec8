// What a screen reader hears while an item moves, in words: "Picked up Checkout, position 2 of 6".
import type { Announcements, ScreenReaderInstructions } from "@dnd-kit/core";

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    "To pick up an item, press Space or Enter. Use the Up and Down arrow keys to move it through the list, " +
    "press Space or Enter again to drop it at its new position, or Escape to cancel.",
};

export type AnnounceState = {
  nameOf: (dragId: string) => string;
  /** Zero-based position in the list, or -1 when it is not an item of the list. */
  indexOf: (dragId: string) => number;
  total: () => number;
  /**
   * Where the dragged thing would land (zero-based), or null when it is not over the list: the row a
   * list item is over, or the line a library card would be inserted at.
   */
  target: () => number | null;
  isLibrary: (dragId: string) => boolean;
};

/**
 * The list is one drop area (its rows are not droppables: 500 of them would each render again on
 * every drag-over), so a move inside it is announced from the drag's moves, once per new position.
 */
export function announcementsFor(s: AnnounceState): Announcements {
  let said: number | null = null;
  const overPosition = (overId: string | null) => {
    if (overId === null) return null;
    const t = s.target();
    return t === null ? null : t + 1;
  };
  const moved = (activeId: string, overId: string | null): string | undefined => {
    const p = overPosition(overId);
    if (p === said) return undefined;
    said = p;
    if (p === null) return `${s.nameOf(activeId)} is no longer over the list.`;
    // Over its own place (right after a pick-up, or back to it): nothing moved.
    if (!s.isLibrary(activeId) && p === s.indexOf(activeId) + 1) return undefined;
    return `${s.nameOf(activeId)} was moved over position ${p}.`;
  };
  return {
    onDragStart: ({ active }) => {
      const id = String(active.id);
      said = s.isLibrary(id) ? null : s.indexOf(id) + 1;
      return s.isLibrary(id)
        ? `Picked up ${s.nameOf(id)} from the library, to add to the list of ${s.total()}.`
        : `Picked up ${s.nameOf(id)}, position ${s.indexOf(id) + 1} of ${s.total()}.`;
    },
    onDragOver: ({ active, over }) => moved(String(active.id), over ? String(over.id) : null),
    onDragMove: ({ active, over }) => moved(String(active.id), over ? String(over.id) : null),
    onDragEnd: ({ active, over }) => {
      const p = overPosition(over ? String(over.id) : null);
      return p === null ? `${s.nameOf(String(active.id))} was dropped outside the list; nothing changed.` : `${s.nameOf(String(active.id))} was dropped at position ${p}.`;
    },
    onDragCancel: ({ active }) => {
      const id = String(active.id);
      return s.isLibrary(id) ? `Adding ${s.nameOf(id)} was cancelled.` : `Moving ${s.nameOf(id)} was cancelled; it stays at position ${s.indexOf(id) + 1}.`;
    },
  };
}

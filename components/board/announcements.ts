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
  /** Where a library card would land (zero-based), while one is dragged. */
  libraryLine: () => number | null;
  isLibrary: (dragId: string) => boolean;
};

export function announcementsFor(s: AnnounceState): Announcements {
  const overPosition = (activeId: string, overId: string | null) => {
    if (overId === null) return null;
    if (s.isLibrary(activeId)) return (s.libraryLine() ?? 0) + 1;
    const i = s.indexOf(overId);
    return i < 0 ? null : i + 1;
  };
  return {
    onDragStart: ({ active }) => {
      const id = String(active.id);
      return s.isLibrary(id)
        ? `Picked up ${s.nameOf(id)} from the library, to add to the list of ${s.total()}.`
        : `Picked up ${s.nameOf(id)}, position ${s.indexOf(id) + 1} of ${s.total()}.`;
    },
    onDragOver: ({ active, over }) => {
      // Over its own place (right after a pick-up): nothing moved, keep "Picked up …" audible.
      if (over && over.id === active.id) return undefined;
      const p = overPosition(String(active.id), over ? String(over.id) : null);
      return p === null ? `${s.nameOf(String(active.id))} is no longer over the list.` : `${s.nameOf(String(active.id))} was moved over position ${p}.`;
    },
    onDragEnd: ({ active, over }) => {
      const p = overPosition(String(active.id), over ? String(over.id) : null);
      return p === null ? `${s.nameOf(String(active.id))} was dropped outside the list; nothing changed.` : `${s.nameOf(String(active.id))} was dropped at position ${p}.`;
    },
    onDragCancel: ({ active }) => {
      const id = String(active.id);
      return s.isLibrary(id) ? `Adding ${s.nameOf(id)} was cancelled.` : `Moving ${s.nameOf(id)} was cancelled; it stays at position ${s.indexOf(id) + 1}.`;
    },
  };
}

// The eight bytes every PNG file starts with.
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

export function startsWithPngSignature(bytes: ArrayLike<number>): boolean {
  return PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

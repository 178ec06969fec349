// The one FNV-1a: 32-bit, over UTF-16 code units (what `charCodeAt` yields), as the GrowthBook SDKs hash. Experiment
// assignment, trace sampling, the drift embedder's feature hashing and the lexicon fingerprint all use it.

export const FNV1A_OFFSET_BASIS = 0x811c9dc5;
const FNV1A_PRIME = 0x01000193;

/** FNV-1a of `text`; `foldAsciiCase` hashes A-Z as a-z (so hex ids hash alike in either case), `seed` replaces the offset basis. */
export function fnv1a32(text: string, { seed = FNV1A_OFFSET_BASIS, foldAsciiCase = false }: { seed?: number; foldAsciiCase?: boolean } = {}): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (foldAsciiCase && c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, FNV1A_PRIME);
  }
  return h >>> 0;
}

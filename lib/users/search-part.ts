/** A column's most common trigrams with the fraction (0-1) of rows holding each, as ANALYZE samples them. */
export type TrigramFrequencies = ReadonlyMap<string, number>;

/** A trigram held by more than this fraction of the rows is not worth reading from the trigram index. */
export const FREQUENT_TRIGRAM = 0.05;

/**
 * The part of a search to ask a trigram index for: the longest run of the search's letters and digits none of whose
 * trigrams is frequent. A text that contains the search contains this part, so the index's candidates for it hold
 * every match; the whole search is then checked on them. The index reads each trigram's posting list: for ids that
 * share a prefix ("user_…"), the prefix's trigrams list every row, and reading them was most of a search's time.
 * Null when no such part has a trigram, it is the whole search, or no statistics are known: then the whole search is
 * the index's condition.
 */
export function selectiveSearchPart(search: string, frequencies: TrigramFrequencies): string | null {
  if (frequencies.size === 0) return null;
  let best = "";
  const consider = (part: string) => {
    if (part.length >= 3 && part.length > best.length) best = part;
  };
  const lower = search.toLowerCase();
  for (const run of lower.match(/[\p{L}\p{N}]+/gu) ?? []) {
    let start = 0;
    for (let i = 0; i + 3 <= run.length; i++) {
      if ((frequencies.get(run.slice(i, i + 3)) ?? 0) > FREQUENT_TRIGRAM) {
        consider(run.slice(start, i + 2)); // the part before this trigram's last letter
        start = i + 1;
      }
    }
    consider(run.slice(start));
  }
  return best && best !== lower ? best : null;
}

// @ts-check
// "Did you mean ...?": the known word closest to a mistyped one, for commands, flags and config fields.

/**
 * The candidate the word most likely meant: the same word in another case, else the nearest by
 * edit distance (a swap of two neighbours counts as one edit) when close enough for its length,
 * else the only candidate that contains it. Undefined when nothing is a plausible match.
 * @param {string} word
 * @param {Iterable<string>} candidates
 * @returns {string | undefined}
 */
export function closest(word, candidates) {
  const list = [...candidates];
  const lower = word.toLowerCase();
  const same = list.find((c) => c.toLowerCase() === lower);
  if (same !== undefined) return same;
  let best;
  let bestDistance = Infinity;
  for (const candidate of list) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) && bestDistance < word.length) return best;
  const containing = lower.length >= 3 ? list.filter((c) => c.toLowerCase().includes(lower)) : [];
  return containing.length === 1 ? containing[0] : undefined;
}

/**
 * Edits (insert, delete, replace, swap of neighbours) from a to b: optimal string alignment.
 * @param {string} a
 * @param {string} b
 */
export function distance(a, b) {
  /** @type {number[][]} */
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}

import type { ProfileColumns } from "../../model/profile";
import { headerName, namesColumn, normaliseName, type HeaderName } from "./names";
import { SHARED_NAMES, SYNONYMS, type SingleField } from "./synonyms";

/** Which 0-based column holds what: the profile's `columns`, resolved to numbers. */
export type ColumnMap = { [F in SingleField]?: number } & { bookingDate: number; description: number[] };

type Draft = { [F in SingleField]?: number } & { description: number[] };

/**
 * More columns than any bank export has (the widest known have about 40). Each cell is compared
 * with every synonym, for up to 30 candidate lines: a broken file's line of 300,000 commas is no
 * header, and must not cost minutes to refuse.
 */
const MAX_HEADER_CELLS = 500;

/** Maps header cells to fields by the synonym table; undefined when no booking date is named. */
export function autoMap(cells: readonly string[]): ColumnMap | undefined {
  if (cells.length > MAX_HEADER_CELLS) return undefined;
  const names = cells.map(headerName);
  const draft: Draft = { description: [] };
  const claimed = new Set<number>();
  const claim = (field: SingleField, i: number) => {
    draft[field] = i;
    claimed.add(i);
  };
  for (const [field, synonyms] of SYNONYMS) {
    const wanted = synonyms.map(normaliseName);
    if (field === "description") {
      draft.description = names.flatMap((n, i) => (!claimed.has(i) && wanted.some((w) => namesColumn(n, w)) ? [i] : []));
      continue;
    }
    const found = firstMatch(names, wanted, claimed);
    if (found !== undefined) claim(field, found);
  }
  for (const { names: shared, fields } of SHARED_NAMES) {
    for (const wanted of shared.map(normaliseName)) {
      names.forEach((n, i) => {
        const field = fields.find((f) => draft[f] === undefined);
        if (field && !claimed.has(i) && namesColumn(n, wanted)) claim(field, i);
      });
    }
  }
  // A signed amount column is what the bank books; debit/credit columns beside it repeat it (KBC).
  if (draft.amount !== undefined) {
    delete draft.debit;
    delete draft.credit;
  }
  return draft.bookingDate === undefined ? undefined : { ...draft, bookingDate: draft.bookingDate };
}

function firstMatch(names: readonly HeaderName[], wanted: readonly string[], claimed: ReadonlySet<number>): number | undefined {
  for (const w of wanted) {
    const i = names.findIndex((n, i) => !claimed.has(i) && namesColumn(n, w));
    if (i >= 0) return i;
  }
  return undefined;
}

/** The columns hold transactions: an amount, or debit/credit amounts. */
export function mapsEntries(map: ColumnMap): boolean {
  return map.amount !== undefined || map.debit !== undefined || map.credit !== undefined;
}

/** The columns hold a running balance. */
export function mapsBalances(map: ColumnMap): boolean {
  return map.balance !== undefined;
}

/**
 * Resolves the profile's columns against the header (names, compared like header synonyms) or
 * takes them as numbers. Returns the names it could not find, when any.
 */
export function profileMap(columns: ProfileColumns, header: readonly string[] | undefined): ColumnMap | { missing: string[] } {
  const names = header?.map(normaliseName);
  const missing: string[] = [];
  const resolve = (c: string | number): number => {
    if (typeof c === "number") return c;
    const i = names?.indexOf(normaliseName(c)) ?? -1;
    if (i < 0) missing.push(c);
    return i;
  };
  const { description, ...single } = columns;
  // Numbers need no header: a file without one gets a complete map.
  const map: Draft = { description: description === undefined ? [] : [description].flat().map(resolve) };
  for (const [field, c] of Object.entries(single) as [SingleField, string | number][]) map[field] = resolve(c);
  return missing.length > 0 ? { missing } : { ...map, bookingDate: map.bookingDate! };
}

/** Every column the map uses. */
export function usedColumns(map: ColumnMap): number[] {
  const { description, ...single } = map;
  return [...description, ...Object.values(single).filter((v): v is number => v !== undefined)];
}

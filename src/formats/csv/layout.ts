import type { Profile } from "../../model/profile";
import { FileError } from "../../model/statement";
import { autoMap, mapsBalances, mapsEntries, profileMap, usedColumns, type ColumnMap } from "./columns";

export type Delimiter = "," | ";" | "\t" | "|";

const DELIMITERS: readonly Delimiter[] = [",", ";", "\t", "|"];

/** How far down a header row is looked for, past a bank's preamble. */
const SEARCH_LINES = 30;

/** Where the records of a file start and what their columns hold. */
export interface Layout {
  delimiter: Delimiter;
  /** 0-based index of the line after the header (or after the skipped lines). */
  dataIndex: number;
  /** 1-based line of the header; undefined for a file without one. */
  headerLine: number | undefined;
  /** The header's cells, trimmed; empty for a file without header. */
  names: string[];
  columns: ColumnMap;
}

/** A column as messages name it: by its header, or by its number in a file without one. */
export function columnLabel(layout: Layout, column: number): string {
  const name = layout.names[column];
  return name ? `column "${name}"` : `column ${column}`;
}

/** How many lines of the file `findLayout` needs to see. */
export function headLineCount(profile: Profile): number {
  return Math.max(SEARCH_LINES, (profile.skipLines ?? 0) + 1);
}

/** Finds the header (or takes the profile's word for it); undefined for a file of blank lines. */
export function findLayout(lines: readonly string[], profile: Profile, source: string): Layout | undefined {
  if (profile.noHeader) return headerless(lines, profile, source);
  if (profile.skipLines !== undefined) {
    const line = lines[profile.skipLines];
    return line === undefined || isBlank(line) ? undefined : headerAt(lines, profile.skipLines, profile, source);
  }
  return searchHeader(lines, profile, source);
}

function headerless(lines: readonly string[], profile: Profile, source: string): Layout | undefined {
  const columns = profile.columns;
  if (!columns || Object.values(columns).flat().some((c) => typeof c !== "number")) {
    throw new FileError(`a file without header needs columns given by number (0 is the first) in the profile for source ${source}`);
  }
  const dataIndex = profile.skipLines ?? 0;
  const first = lines.slice(dataIndex).find((l) => !isBlank(l));
  if (first === undefined) return undefined;
  const delimiter = profile.delimiter ?? byFrequency(first)[0] ?? ",";
  return { delimiter, dataIndex, headerLine: undefined, names: [], columns: profileMap(columns, undefined) as ColumnMap };
}

function headerAt(lines: readonly string[], index: number, profile: Profile, source: string): Layout {
  const line = lines[index]!;
  const delimiter = profile.delimiter ?? byFrequency(line)[0] ?? ",";
  const names = cellsOf(line, delimiter);
  const where = index + 1;
  if (profile.columns) {
    const map = profileMap(profile.columns, names);
    if ("missing" in map) {
      throw new FileError(
        `the header has no column ${quoted(map.missing)} named in the profile for source ${source}; it has ${quoted(names)}`,
        where,
      );
    }
    return checked({ delimiter, dataIndex: index + 1, headerLine: where, names, columns: map });
  }
  const map = autoMap(names);
  if (!map || !(mapsEntries(map) || mapsBalances(map))) {
    throw new FileError(
      `the header names no booking date and amount columns: set columns in the profile for source ${source}`,
      where,
    );
  }
  return { delimiter, dataIndex: index + 1, headerLine: where, names, columns: map };
}

/**
 * The first line, among the first 30, whose cells name the columns: the profile's, or by the
 * synonym table a booking date and an amount. Failing that, a booking date and a balance: a
 * daily balance export (ING's "Boeksaldo" history) holds no transactions, only balances.
 */
function searchHeader(lines: readonly string[], profile: Profile, source: string): Layout | undefined {
  const head = lines.slice(0, SEARCH_LINES);
  if (head.every(isBlank)) return undefined;
  const candidates = head.flatMap((line, index) => {
    const delimiters = profile.delimiter ? [profile.delimiter] : byFrequency(line);
    return delimiters.map((delimiter) => ({ index, delimiter, names: cellsOf(line, delimiter) }));
  });
  if (profile.columns) return byProfile(candidates, profile, source);
  for (const accepts of [mapsEntries, mapsBalances]) {
    for (const { index, delimiter, names } of candidates) {
      const map = autoMap(names);
      if (map && accepts(map)) return { delimiter, dataIndex: index + 1, headerLine: index + 1, names, columns: map };
    }
  }
  throw new FileError(
    `found no header row in the first ${SEARCH_LINES} lines naming a booking date and an amount (or debit and credit) column. ` +
      `If the file has no header, set noHeader and columns (by number) in the profile for source ${source}; otherwise set columns to its column names`,
    1,
  );
}

type Candidate = { index: number; delimiter: Delimiter; names: string[] };

function byProfile(candidates: readonly Candidate[], profile: Profile, source: string): Layout {
  let closest: { index: number; missing: string[] } | undefined;
  for (const { index, delimiter, names } of candidates) {
    const map = profileMap(profile.columns!, names);
    if (!("missing" in map)) return checked({ delimiter, dataIndex: index + 1, headerLine: index + 1, names, columns: map });
    if (!closest || map.missing.length < closest.missing.length) closest = { index, missing: map.missing };
  }
  throw new FileError(
    `no line among the first ${SEARCH_LINES} has every column the profile for source ${source} names; the closest, this one, lacks ${quoted(closest?.missing ?? [])}`,
    (closest?.index ?? 0) + 1,
  );
}

/** Profile columns given by number must exist in the header. */
function checked(layout: Layout): Layout {
  const beyond = usedColumns(layout.columns).find((c) => c >= layout.names.length);
  if (beyond !== undefined) {
    throw new FileError(
      `the profile names column ${beyond}, but the header has only ${layout.names.length} columns (0 is the first)`,
      layout.headerLine,
    );
  }
  return layout;
}

/** The delimiters a line uses outside quotes, most frequent first. */
function byFrequency(line: string): Delimiter[] {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return DELIMITERS.filter((d) => counts.has(d)).sort((a, b) => counts.get(b)! - counts.get(a)!);
}

/**
 * A head line's cells, trimmed. Leniently: a line of the head is only looked at to find the
 * header, so a quote that does not open a field is text, and a quoted field never closed (or
 * closed by a quote followed by text) runs to the end of the line as written.
 */
function cellsOf(line: string, delimiter: Delimiter): string[] {
  const text = line.startsWith("\uFEFF") ? line.slice(1) : line;
  if (text === "") return [];
  const cells: string[] = [];
  let cursor = 0;
  for (;;) {
    if (text[cursor] === '"') {
      const quoted = quotedField(text, cursor, delimiter);
      cells.push(quoted.cell.trim());
      if (quoted.next === undefined) return cells;
      cursor = quoted.next;
      continue;
    }
    const next = text.indexOf(delimiter, cursor);
    cells.push(text.slice(cursor, next < 0 ? undefined : next).trim());
    if (next < 0) return cells;
    cursor = next + 1;
  }
}

/** The quoted field opening at `open`, and where the next field starts (undefined: the line ends with it). */
function quotedField(text: string, open: number, delimiter: Delimiter): { cell: string; next: number | undefined } {
  const start = open + 1;
  for (let quote = text.indexOf('"', start); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    if (quote === text.length - 1) return { cell: unquoted(text.slice(start, quote)), next: undefined };
    if (text[quote + 1] === '"') {
      quote++;
      continue;
    }
    // A closing quote: padding, then the delimiter.
    const delimiterAt = text.indexOf(delimiter, quote + 1);
    if (delimiterAt >= 0 && text.slice(quote + 1, delimiterAt).trim() === "") {
      return { cell: unquoted(text.slice(start, quote)), next: delimiterAt + 1 };
    }
  }
  return { cell: text.slice(start), next: undefined };
}

function unquoted(text: string): string {
  return text.replaceAll('""', '"');
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

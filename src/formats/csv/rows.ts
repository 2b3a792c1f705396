// The full build, as in layout.ts: one copy of papaparse in the Worker bundle.
import Papa from "papaparse/papaparse.js";
import { FileError } from "../../model/statement";
import type { RecordBatch } from "./records";

/** A CSV record: its cells, and the 1-based line of the file where it starts. */
export interface Row {
  line: number;
  cells: string[];
}

/**
 * Splits a batch of whole records into cells with papaparse, in one synchronous call. Line ends
 * become LF first, so a quoted line end reads the same whatever the file uses; the batch never
 * splits a CRLF, so this is the rewrite of the whole file's text.
 */
export function rowsOf(batch: RecordBatch, delimiter: string): Row[] {
  if (batch.ends.length === 0) return [];
  const text = batch.text.includes("\r") ? batch.text.replace(/\r\n?/g, "\n") : batch.text;
  const cells = Papa.parse<string[]>(text, { delimiter, newline: "\n", quoteChar: '"', header: false }).data;
  // Text ending in a line end gives one more, empty, record.
  if (text.endsWith("\n")) cells.pop();
  if (cells.length !== batch.ends.length) {
    throw new FileError(`the rows could not be told apart (${cells.length} read where ${batch.ends.length} end)`, batch.lines[0]);
  }
  return cells.map((row, i) => ({ line: batch.lines[i]!, cells: row }));
}

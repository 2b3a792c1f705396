import { Readable, pipeline } from "node:stream";
// The full build: the "browser" build that bundlers pick for workers has no stream mode.
import Papa from "papaparse/papaparse.js";
import { QuoteCheck } from "./quotes";

/** A CSV record: its cells, and the 1-based line of the file where it starts. */
export interface Row {
  line: number;
  cells: string[];
}

/**
 * Streams LF-only CSV text through papaparse, one record at a time with backpressure. Line
 * numbers count the line ends inside quoted fields of earlier records. A quoting error stops
 * the records before the one it is in, so errors come in file order.
 */
export async function* readRows(text: AsyncIterable<string>, delimiter: string, firstLine: number): AsyncGenerator<Row> {
  const quotes = new QuoteCheck(delimiter, firstLine);
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter, newline: "\n", quoteChar: '"', header: false });
  const records: AsyncIterable<string[]> = pipeline(Readable.from(quotes.pass(text)), parser, () => {});
  let line = firstLine;
  for await (const cells of records) {
    if (quotes.problem && line >= quotes.problem.record) break;
    yield { line, cells };
    line += cells.reduce((n, cell) => n + cell.split("\n").length - 1, 1);
  }
  if (quotes.problem) throw quotes.problem.error;
}

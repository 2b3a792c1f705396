// The project's format readings, bundled for Node by bench/peers/project.mjs: the peers suite
// times them beside other parsers in one process. formats/ is pure, so it runs as it does in the Worker.
import { readXml } from "../src/formats/camt053/xml";
import { type Row, RowScanner } from "../src/formats/csv/records";
import type { Positioned } from "../src/formats/format";
import { textChunks } from "../src/formats/lines";

export { FORMATS } from "../src/ingest/detect";
export { textChunks };

/**
 * The XML layer of the CAMT.053 reading alone: the XML scanner with namespaces, and the subtree of
 * every account, balance and entry of a statement, as the reading hands them on to be mapped. Resolves
 * with the number of subtrees.
 */
export async function camtXmlLayer(text: string): Promise<number> {
  const captured = (path: readonly string[]) => path.length === 4 && ["Acct", "Bal", "Ntry"].includes(path[3]!);
  let nodes = 0;
  for await (const events of readXml(textChunks(text), captured)) nodes += events.filter((e) => e.type === "node").length;
  return nodes;
}

/** The CSV reading's scanner alone: records cut into cells, quotes checked, as the reader then maps them. Resolves with the number of records. */
export async function csvScanner(text: string): Promise<number> {
  const scanner = new RowScanner(",", 1);
  let records = 0;
  const out: Positioned<Row>[] = [];
  for await (const chunk of textChunks(text)) {
    scanner.push(chunk, out);
    records += out.length;
    out.length = 0;
  }
  scanner.end(out);
  return records + out.length;
}

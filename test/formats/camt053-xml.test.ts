import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { Elements } from "../../src/formats/camt053/elements";
import { XmlScanner } from "../../src/formats/camt053/scanner";
import { readXml } from "../../src/formats/camt053/xml";
import { FileError } from "../../src/model/statement";
import { mutate, Random, seedFiles, TOKENS } from "../fuzz/support";
import { corpusFiles, inCorpus } from "../support/corpus";
import { saxesEvents, type TreeEvent, treeEvent } from "../support/saxes-xml";

/*
 * The XML reader against saxes, a well-tried XML parser: on every document both accept it or both
 * refuse it, and where they accept it they give the same events (captured subtrees, lines, ends).
 * The reader is fed in small chunks, so tokens are cut at every place.
 */

/** As a camt document is read: the elements four levels down (Acct, Bal, Ntry) whole, events above. */
const capture = (path: readonly string[]) => path.length === 4;

async function ownEvents(text: string, chunk: number): Promise<TreeEvent[] | FileError> {
  async function* chunks() {
    for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk);
  }
  const events: TreeEvent[] = [];
  try {
    for await (const batch of readXml(chunks(), capture)) events.push(...batch.map(treeEvent));
  } catch (error) {
    if (error instanceof FileError) return error;
    throw error;
  }
  return events;
}

function referenceEvents(text: string): TreeEvent[] | Error {
  try {
    return saxesEvents(text, capture);
  } catch (error) {
    return error as Error;
  }
}

/** How the reader's reading of `text` differs from saxes's; undefined when it does not. */
async function difference(text: string, chunk: number): Promise<string | undefined> {
  const own = await ownEvents(text, chunk);
  const reference = referenceEvents(text);
  if (own instanceof FileError && reference instanceof Error) return undefined;
  if (own instanceof FileError) return `${JSON.stringify(text)}: refused (${own.message}), saxes reads it`;
  if (reference instanceof Error) return `${JSON.stringify(text)}: read, saxes refuses it (${reference.message})`;
  try {
    expect(own).toEqual(reference);
  } catch {
    return `${JSON.stringify(text)}: other events than saxes's (chunks of ${chunk})`;
  }
  return undefined;
}

/** `chunks`: the most characters a chunk has; the chunks of the texts are cut at 1 to that many. */
async function differences(texts: readonly string[], chunks = 13): Promise<string[]> {
  const found: string[] = [];
  for (const [i, text] of texts.entries()) {
    const different = await difference(text, 1 + ((i * 7) % chunks));
    if (different) found.push(different);
  }
  return found;
}

const SMALL = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  "<!-- a statement -->",
  '<a:Document xmlns:a="urn:x" xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>',
  "<Stmt x='1' a:y=\"&lt;2&#x41;&#65;\t3\">",
  '<Ntry><Amt Ccy="EUR">1.00</Amt><Nm>A &amp; B<![CDATA[<c> & ]]>Zoë 😀</Nm><?pi data?><Empty/></Ntry>',
  "<Ntry ><Amt Ccy = 'EUR' >2.00</Amt ><a:Nm>&quot;&apos;&gt;</a:Nm></Ntry>",
  "</Stmt></BkToCstmrStmt></a:Document>",
  "",
].join("\n");

/** Documents a reader must refuse, and some that are odd but well-formed. */
const HANDWRITTEN = [
  "",
  "   ",
  "text",
  "<a/>",
  "\uFEFF<a/>",
  "<a/><b/>",
  "<a/>text",
  "text<a/>",
  "<a>",
  "<a></b>",
  "<a><b></a></b>",
  "</a>",
  "<a></a></a>",
  "<a b='1' b='2'/>",
  '<a b="1"c="2"/>',
  "<a b=1/>",
  "<a b/>",
  '<a b="<"/>',
  '<a b=">"/>',
  "<a>&unknown;</a>",
  "<a>&amp</a>",
  "<a>&;</a>",
  "<a>&#0;</a>",
  "<a>&#x110000;</a>",
  "<a>&#xD800;</a>",
  "<a>&#xFFFE;</a>",
  "<a>&#9;&#x10FFFF;&#1114111;</a>",
  "<a>&#x;</a>",
  "<a>]]></a>",
  "<a>]]&gt;</a>",
  "<a><!-- -- --></a>",
  "<a><!-- - --></a>",
  "<a><!----></a>",
  "<a><!---></a>",
  "<a><!-- a ---></a>",
  "<a><![CDATA[x]]></a>",
  "<![CDATA[x]]><a/>",
  "<a/><![CDATA[x]]>",
  "<a><![CDAT[x]]></a>",
  "<a><!DOCTYPE a></a>",
  "<!DOCTYPE a><a/>",
  '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
  '<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>',
  "<?xml version='1.0'?><a/>",
  '<?xml version="1.0" standalone="yes"?><a/>',
  '<?xml version="1.0" encoding="UTF-8" standalone="no" ?><a/>',
  '<?xml encoding="UTF-8"?><a/>',
  '<?xml version="2.0"?><a/>',
  '<?xml version="1.0" standalone="maybe"?><a/>',
  '<?xml version="1.0" encoding="8"?><a/>',
  '<?xml version="1.0"encoding="UTF-8"?><a/>',
  ' <?xml version="1.0"?><a/>',
  '<a/><?xml version="1.0"?>',
  '<?XML version="1.0"?><a/>',
  "<?pi?><a/><?pi x?>",
  "<?a:pi?><a/>",
  "<??><a/>",
  "<? pi?><a/>",
  "<?pi\u00A0?><a/>",
  "<a:b/>",
  '<a:b xmlns:a="u"/>',
  '<a:b xmlns:a=""/>',
  '<a xmlns:b="u" b:c="1" c="2"/>',
  '<a xmlns:b="u" xmlns:d="u" b:c="1" d:c="2"/>',
  '<a xmlns:b="u" b:c="1" b:c="2"/>',
  "<a c:d='1'/>",
  '<a xmlns="u" xmlns="v"/>',
  '<xmlns:a xmlns:xmlns="u"/>',
  '<a xmlns:xml="http://www.w3.org/XML/1998/namespace" xml:lang="en"/>',
  '<a xmlns:xml="u"/>',
  '<a xmlns:b="http://www.w3.org/XML/1998/namespace"/>',
  '<a xmlns="http://www.w3.org/2000/xmlns/"/>',
  "<a:/>",
  "<:a/>",
  "<a:b:c xmlns:a='u'/>",
  "<1a/>",
  "<a-1.b_c/>",
  "<é/>",
  "<a\u0300/>",
  "<\u0300/>",
  "<a\u0001/>",
  "<a>\u0001</a>",
  "<a>\uD800</a>",
  "<a>\uDC00\uD800</a>",
  "<a>\uFFFF</a>",
  "<a>\r\nx\ry\r\r\n</a>",
  "<a b='x\r\ny\tz\nw'/>",
  "<a\r\n/>",
  "<a></a\r\n>",
  "<a>< b/></a>",
  "<a></ a></a>",
  "<a/ >",
  "<a></>",
  "<a><b/><c/></a>",
  "<a>&#60;b/&#62;</a>",
  "<a b='&#60;'/>",
  "<a b='&lt;&amp;'/>",
  "<a b='&x;'/>",
  "<a b=\"'\" c='\"'/>",
  "<a><!-- x",
  "<a><![CDATA[ x",
  "<a><?pi x",
  "<a b='1",
  "<a/><!--",
];

describe("the XML reader against saxes", () => {
  it("reads the fixtures and the corpus as saxes does, in one piece and in chunks", async () => {
    const folders = ["camt052", "camt053", "camt054"].map((format) => new URL(`../../fixtures/${format}/`, import.meta.url));
    const fixtures = folders.flatMap((folder) => readdirSync(folder).map((name) => readFileSync(new URL(name, folder), "utf8")));
    const corpus = corpusFiles("camt053/").map((name) => readFileSync(inCorpus(`camt053/${name}`), "utf8"));
    const texts = [...fixtures, ...corpus];
    expect(fixtures.length).toBeGreaterThan(5);
    const found: string[] = [];
    for (const text of texts) {
      for (const chunk of [text.length, 1, 61]) {
        const different = await difference(text, chunk);
        if (different) found.push(different.slice(-200));
      }
    }
    expect(found).toEqual([]);
  });

  it("accepts and refuses the hand-written documents as saxes does", async () => {
    expect(await differences(HANDWRITTEN)).toEqual([]);
  });

  it("refuses a surrogate that is not in a pair, which saxes reads as a pair with the next character", async () => {
    for (const text of ["<a>\uD83Dx</a>", "<a>x\uDE00</a>", "<a b='\uD83D'/>", "<a>\uD83D"]) {
      expect((await ownEvents(text, 2)) as FileError).toEqual(new FileError("the file is not well-formed XML: disallowed character.", 1));
    }
  });

  it("agrees with saxes on a small document cut at every position", async () => {
    for (const text of [SMALL, SMALL.replace(/\n/g, "\r\n")]) {
      const cuts = Array.from({ length: text.length }, (_, i) => text.slice(0, i));
      expect(await differences(cuts)).toEqual([]);
    }
  });

  it("agrees with saxes on a small document with a character left out or put in at every position", async () => {
    // Not a surrogate alone: saxes takes one as the start of a pair with whatever follows (see below).
    const inserted = ["<", ">", "&", "/", '"', "'", "=", ":", "!", "?", "-", "]", " ", "x", "\r", "\u0001", ";", "#"];
    for (const text of [SMALL, SMALL.replace(/\n/g, "\r\n")]) {
      const deletions = Array.from({ length: text.length }, (_, i) => text.slice(0, i) + text.slice(i + 1));
      const insertions = Array.from({ length: text.length * 2 }, (_, k) => {
        const i = k >> 1;
        return text.slice(0, i) + inserted[(k * 7) % inserted.length] + text.slice(i);
      });
      expect(await differences(deletions)).toEqual([]);
      expect(await differences(insertions)).toEqual([]);
    }
  });

  it("agrees with saxes on the fuzzer's corruptions of the fixtures and the corpus", async () => {
    const seeds = seedFiles("camt053");
    const decoder = new TextDecoder();
    const texts = Array.from({ length: 1500 }, (_, i) => {
      const random = new Random(i);
      const file = mutate(seeds[i % seeds.length]!.bytes, random, TOKENS.camt053, random.pick(seeds));
      return decoder.decode(file.bytes);
    });
    const found = await differences(texts, 4096);
    expect(found.map((text) => text.slice(-300))).toEqual([]);
  });

  it("agrees with saxes on the whitespace between elements, however often a run repeats and whatever its line ends", async () => {
    const runs = ["\n", "\n  ", "\r\n  ", "\r  ", "\n\t", " \n", "\r\r\n", " ".repeat(62), `\n${" ".repeat(62)}`, `\n${" ".repeat(63)}`, "\n x "];
    const ntry = (i: number) => {
      const run = (k: number) => runs[(i + k) % runs.length]!;
      return `<Ntry>${run(0)}<Amt Ccy="EUR">${run(1)}1.00${run(2)}</Amt>${run(3)}<Nm>${run(4)}<![CDATA[${run(5)}]]>${run(6)}</Nm>${run(7)}</Ntry>${run(8)}`;
    };
    const body = Array.from({ length: 60 }, (_, i) => ntry(i)).join("");
    const text = `<Document><BkToCstmrStmt><Stmt>\n${body}</Stmt></BkToCstmrStmt></Document>\n`;
    // In chunks of 1, 8 and 15 characters, and 1, 8 and 2.
    expect(await differences([text, text, text], 29)).toEqual([]);
    expect(await differences(Array.from({ length: 3 }, () => text.replace(/\n/g, "\r\n")), 13)).toEqual([]);
  });

  it("reads a token of almost a megabyte in chunks of 100 characters without reading it again for each chunk", async () => {
    const text = `<a><!--${"x".repeat(1000 * 1000)}--><b>1</b></a>`;
    // Scanned again from its start at each of the 10,000 chunks, the comment would cost some 5·10⁹
    // characters read; scanned each time what has come doubles, a few times its length.
    const scans = vi.spyOn(XmlScanner.prototype as unknown as { scan(): void }, "scan");
    try {
      expect(await ownEvents(text, 100)).toEqual(referenceEvents(text));
      expect(scans.mock.calls.length).toBeLessThan(50);
    } finally {
      scans.mockRestore();
    }
  });

  it("keeps the captured elements of one slice only: an element's index does not grow with the document", async () => {
    const ntry = "<Ntry><Amt Ccy='EUR'>1.00</Amt>\n  <NtryDtls><TxDtls><Refs><EndToEndId>E</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>\n";
    const entries = Array.from({ length: 5000 }, () => ntry);
    // Slices that end between two Ntry (all elements of the last slice are read), and slices that end inside one (its start is kept).
    const between = ["<Document><BkToCstmrStmt><Stmt>", ...entries, "</Stmt></BkToCstmrStmt></Document>"];
    const text = between.join("");
    const inside = Array.from({ length: Math.ceil(text.length / 100) }, (_, i) => text.slice(i * 100, i * 100 + 100));
    for (const slices of [between, inside]) {
      async function* chunks() {
        yield* slices;
      }
      let nodes = 0;
      let largest = 0;
      for await (const batch of readXml(chunks(), capture)) {
        for (const event of batch) {
          if (event.type !== "node") continue;
          nodes++;
          largest = Math.max(largest, event.element);
          expect(event.elements.name(event.element)).toBe("Ntry");
        }
      }
      expect(nodes).toBe(5000);
      // A slice holds at most two Ntry's seven elements: kept past their batch, the last Ntry's index would be 35,000.
      expect(largest).toBeLessThanOrEqual(14);
    }
  });

  it("moves a captured element that spans many slices to the start of its arrays once, not once per slice", async () => {
    const children = "<Refs><EndToEndId>E</EndToEndId></Refs>".repeat(20_000);
    const text = `<Document><BkToCstmrStmt><Stmt><Ntry>${children}</Ntry><Ntry/></Stmt></BkToCstmrStmt></Document>`;
    const moves = vi.spyOn(Elements.prototype, "keepFrom");
    try {
      const events = await ownEvents(text, 64);
      expect(events).toEqual(referenceEvents(text));
      // The first Ntry is moved once, past the slice it starts in (the Stmt's events before it are
      // forgotten), the second maybe once too: its 40,000 children are not copied again for each of its some 12,000 slices.
      expect(moves.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      moves.mockRestore();
    }
  });

  it("resolves prefixes through nested scopes, each element's declarations its own, however many the scopes around it hold", () => {
    const declarations = (tag: string) => Array.from({ length: 2000 }, (_, i) => ` xmlns:${tag}${i}="urn:${tag}:${i}"`).join("");
    let text = `<a xmlns:p="urn:outer">`;
    for (let depth = 0; depth < 30; depth++) text += `<s${depth}${declarations(`d${depth}x`)}>`;
    // Siblings deep inside: each declares one prefix, shadows another, and is named by one declared far out.
    for (let i = 0; i < 500; i++) text += `<d0x7:e xmlns:p="urn:inner" xmlns:q="urn:q${i}"><q:f p:at="1"/><p:h/></d0x7:e>`;
    text += `<p:g/>`;
    for (let depth = 29; depth >= 0; depth--) text += `</s${depth}>`;
    text += `</a>`;
    const opened: string[] = [];
    const scanner = new XmlScanner({ open: (name, _local, uri) => opened.push(`${name} ${uri}`), close() {}, text() {} });
    for (let i = 0; i < text.length; i += 4096) scanner.write(text.slice(i, i + 4096));
    scanner.end();
    const siblings = Array.from({ length: 500 }, (_, i) => [`d0x7:e urn:d0x:7`, `q:f urn:q${i}`, `p:h urn:inner`]).flat();
    expect(opened.slice(31)).toEqual([...siblings, "p:g urn:outer"]);
    expect(opened[0]).toBe("a ");
  });
});

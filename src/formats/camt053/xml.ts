import type { Positioned } from "../format";
import { Elements } from "./elements";
import { type Declaration, type MarkupSink, XmlScanner } from "./scanner";

/** Input is fed in slices this long, so the scanner's longest token is checked before it buffers much past it. */
const SLICE = 64 * 1024;

export type XmlEvent =
  | { type: "open"; path: readonly string[]; uri: string; line: number }
  | { type: "close"; path: readonly string[]; line: number }
  /**
   * A captured element, complete with its subtree; no open/close events are given inside it. Its
   * elements are kept until the next slice is read: a reader that keeps it longer takes it as a
   * node (`elements.node(element)`).
   */
  | { type: "node"; elements: Elements; element: number; end: XmlPosition };

/**
 * Just past an element's end tag: the characters read to there, its line, and the start tags of
 * the elements still open around it (namespace declarations included), which reading resumes with.
 */
export interface XmlPosition {
  chars: number;
  line: number;
  open: readonly string[];
}

/**
 * Reads XML text chunks and yields element events, holding in memory only the subtrees
 * `capture` selects (by path of local names) plus one slice of input. The scanner refuses DTDs,
 * undefined entities, and malformed or truncated documents.
 */
export async function* readXml(
  chunks: AsyncIterable<string>,
  capture: (path: readonly string[]) => boolean,
  resume?: XmlPosition,
): AsyncGenerator<XmlEvent[]> {
  const reader = new Reader(capture, resume);
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += SLICE) {
      yield reader.write(chunk.slice(i, i + SLICE));
    }
  }
  yield reader.write(null);
}

/** The document's events as records: reading can resume past a captured element, from its end. */
export async function* xmlRecords(
  chunks: AsyncIterable<string>,
  capture: (path: readonly string[]) => boolean,
  resume?: XmlPosition,
): AsyncGenerator<Positioned<XmlEvent, XmlPosition>[]> {
  for await (const events of readXml(chunks, capture, resume)) {
    yield events.map((event) => ({ record: event, end: event.type === "node" ? event.end : undefined }));
  }
}

class Reader implements MarkupSink {
  private readonly scanner: XmlScanner;
  /** The local names of the open elements down to a captured one (those inside it are the elements'). */
  private readonly path: string[] = [];
  private readonly elements = new Elements();
  /** The innermost captured element still open; 0 outside a captured subtree. */
  private current = 0;
  /** The captured element still open that is not inside another; 0 outside a captured subtree. */
  private root = 0;
  private events: XmlEvent[] = [];
  /** Start tags of the elements open outside any captured one, outermost first (a new array on each change). */
  private openTags: readonly string[] = [];

  constructor(
    private readonly capture: (path: readonly string[]) => boolean,
    resume?: XmlPosition,
  ) {
    // The enclosing start tags again, without their events: the document's text then goes on
    // from just past the element where the last step stopped.
    this.scanner = new XmlScanner(this, resume && { tags: resume.open.join(""), line: resume.line });
    this.events = [];
    if (resume) this.openTags = resume.open;
  }

  /** Feeds one slice (null: the end) and returns the events it completed. */
  write(slice: string | null): XmlEvent[] {
    this.release();
    if (slice === null) this.scanner.end();
    else this.scanner.write(slice);
    const events = this.events;
    this.events = [];
    return events;
  }

  /**
   * The events of the last slice have been read: only a captured element still open is kept. One
   * at the start already stays there, so an element spanning many slices is moved once, not once per slice.
   */
  private release(): void {
    if (!this.root) return this.elements.clear();
    if (this.root === 1) return;
    const shift = this.elements.keepFrom(this.root);
    this.root -= shift;
    this.current -= shift;
  }

  open(name: string, local: string, uri: string, attributes: Readonly<Record<string, string>>, declarations: readonly Declaration[] | undefined, line: number): void {
    if (!this.current) {
      const path = this.path;
      path.push(local);
      if (this.capture(path)) {
        this.current = this.root = this.elements.add(0, local, attributes, line);
        return;
      }
      this.openTags = [...this.openTags, startTag(name, declarations)];
      this.events.push({ type: "open", path: [...path], uri, line });
      return;
    }
    this.current = this.elements.add(this.current, local, attributes, line);
  }

  close(line: number, chars: number): void {
    const element = this.current;
    if (element) {
      this.elements.end(element);
      this.current = this.elements.parent(element);
      if (this.current) return;
      this.root = 0;
      this.events.push({ type: "node", elements: this.elements, element, end: { chars, line, open: this.openTags } });
    } else {
      this.events.push({ type: "close", path: [...this.path], line });
      this.openTags = this.openTags.slice(0, -1);
    }
    this.path.pop();
  }

  text(text: string): void {
    if (this.current) this.elements.addText(this.current, text);
  }
}

/** A start tag as the file wrote it (qualified name), with only its namespace declarations. */
function startTag(name: string, declarations: readonly Declaration[] | undefined): string {
  const attributes = (declarations ?? []).map(([attribute, value]) => ` ${attribute}="${value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}"`);
  return `<${name}${attributes.join("")}>`;
}

import { SaxesParser, type SaxesTagNS } from "saxes";
import type { XmlNode } from "../../src/formats/camt053/node";
import { MAX_DEPTH } from "../../src/formats/camt053/scanner";
import type { XmlEvent, XmlPosition } from "../../src/formats/camt053/xml";

/** An XML reader's event with a captured element as a tree of nodes, as the reference makes them. */
export type TreeEvent = Exclude<XmlEvent, { type: "node" }> | { type: "node"; node: XmlNode; end: XmlPosition };

/** The reader's event with its captured element (read before the next slice) as a tree of nodes. */
export function treeEvent(event: XmlEvent): TreeEvent {
  return event.type === "node" ? { type: "node", node: event.elements.node(event.element), end: event.end } : event;
}

/**
 * The reference for the XML reader: saxes (namespaces on) making the same events from a whole
 * text, as the reader made them before it had a scanner of its own. Throws saxes's error, or an
 * Error for a DTD or nesting deeper than MAX_DEPTH, which the reader refuses too.
 */
export function saxesEvents(text: string, capture: (path: readonly string[]) => boolean): TreeEvent[] {
  const parser = new SaxesParser({ xmlns: true });
  const events: TreeEvent[] = [];
  const path: string[] = [];
  const open: XmlNode[] = [];
  let openTags: readonly string[] = [];
  let startLine = 1;
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("doctype", () => {
    throw new Error("DTD");
  });
  parser.on("opentagstart", () => (startLine = parser.line));
  parser.on("opentag", (tag) => {
    path.push(tag.local);
    if (path.length > MAX_DEPTH) throw new Error("too deep");
    const parent = open.at(-1);
    if (!parent && !capture(path)) {
      openTags = [...openTags, startTag(tag)];
      events.push({ type: "open", path: [...path], uri: tag.uri, line: startLine });
      return;
    }
    const node: XmlNode = { name: tag.local, attributes: attributesOf(tag), text: "", children: [], line: startLine };
    parent?.children.push(node);
    open.push(node);
  });
  parser.on("closetag", () => {
    const node = open.pop();
    if (node && open.length === 0) events.push({ type: "node", node, end: { chars: parser.position, line: parser.line, open: openTags } });
    if (!node) {
      events.push({ type: "close", path: [...path], line: parser.line });
      openTags = openTags.slice(0, -1);
    }
    path.pop();
  });
  const onText = (text: string) => {
    const node = open.at(-1);
    if (node) node.text += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.write(text).close();
  return events;
}

function attributesOf(tag: SaxesTagNS): Readonly<Record<string, string>> {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.prefix !== "xmlns" && attribute.name !== "xmlns") attributes[attribute.local] = attribute.value;
  }
  return attributes;
}

function startTag(tag: SaxesTagNS): string {
  const declarations = Object.values(tag.attributes)
    .filter((a) => a.prefix === "xmlns" || a.name === "xmlns")
    .map((a) => ` ${a.name}="${a.value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}"`);
  return `<${tag.name}${declarations.join("")}>`;
}

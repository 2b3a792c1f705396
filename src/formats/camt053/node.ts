/** One element of a small captured subtree (a Bal, an Ntry): local names only, namespace prefixes dropped. */
export interface XmlNode {
  readonly name: string;
  /** By local name; namespace declarations are not attributes. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The element's own character data, concatenated (whitespace between children included). */
  text: string;
  readonly children: XmlNode[];
  /** 1-based line of the element's start tag. */
  readonly line: number;
}

/** The first element along a "/"-separated path of child names, e.g. at(ntry, "BookgDt/Dt"). */
export function at(node: XmlNode | undefined, path: string): XmlNode | undefined {
  let current = node;
  for (const name of stepsOf(path)) {
    if (!current) return undefined;
    current = childNamed(current, name);
  }
  return current;
}

/**
 * Paths split once: a record is read with many lookups, each by a path the code writes (a few
 * dozen in all), so the cache stays that small.
 */
const STEPS = new Map<string, readonly string[]>();

function stepsOf(path: string): readonly string[] {
  let steps = STEPS.get(path);
  if (!steps) {
    steps = path.split("/");
    STEPS.set(path, steps);
  }
  return steps;
}

function childNamed(node: XmlNode, name: string): XmlNode | undefined {
  for (const child of node.children) if (child.name === name) return child;
  return undefined;
}

/** Every child named `name`, in document order. */
export function all(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((child) => child.name === name) : [];
}

/** The trimmed text of the element at `path`; undefined when it is absent or empty. */
export function textAt(node: XmlNode | undefined, path: string): string | undefined {
  const found = at(node, path);
  const text = found?.text.trim();
  return text ? text : undefined;
}

/** The text of the first path that has some: the same fact where schema versions place it differently. */
export function firstText(node: XmlNode | undefined, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const text = textAt(node, path);
    if (text !== undefined) return text;
  }
  return undefined;
}

import { existsSync, readdirSync, readFileSync } from "node:fs";

/**
 * The shared corpus of real statement files kept beside the project for development; users do
 * not have it, so every test that reads it skips when it is absent.
 */
export const CORPUS = new URL("../../../shared/corpus/", import.meta.url);

export const inCorpus = (path: string): URL => new URL(path, CORPUS);

export const corpusHas = (path: string): boolean => existsSync(inCorpus(path));

/** The names in a corpus folder, sorted; none when the corpus is absent. */
export const corpusFiles = (folder: string): string[] => (corpusHas(folder) ? readdirSync(inCorpus(folder)).sort() : []);

/** A file's (or some bytes') content in chunks of `size` (whole by default), the way an R2 body streams them. */
/** A format's corpus files: its own folder's, and the known-bad ones of `invalid/` its names match. */
export const formatCorpus = (folder: string, invalid: RegExp): { name: string; url: URL }[] => [
  ...corpusFiles(folder).map((name) => ({ name, url: inCorpus(`${folder}${name}`) })),
  ...corpusFiles("invalid/")
    .filter((name) => invalid.test(name))
    .map((name) => ({ name, url: inCorpus(`invalid/${name}`) })),
];

export async function* chunksOf(source: URL | Uint8Array, size = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
  const data = source instanceof URL ? readFileSync(source) : source;
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

import { inject } from "vitest";
// Type only: the setup runs in Node; its declaration of what is provided types `inject` here.
import type {} from "./corpus-setup";

/** A corpus file as the workers tests receive it from ./corpus-setup. */
export interface CorpusFile {
  /** `folder/name`, as in the corpus. */
  path: string;
  folder: string;
  name: string;
  bytes: Uint8Array;
}

/** The files of these corpus folders, sorted by path; none when the corpus is absent. */
export function providedCorpus(...folders: string[]): CorpusFile[] {
  return Object.entries(inject("corpus") ?? {})
    .filter(([path]) => folders.includes(path.slice(0, path.indexOf("/"))))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, base64]) => {
      const slash = path.indexOf("/");
      return { path, folder: path.slice(0, slash), name: path.slice(slash + 1), bytes: fromBase64(base64) };
    });
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

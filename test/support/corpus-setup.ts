import { readFileSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { corpusFiles, inCorpus } from "./corpus";

/** The corpus folders, each file as base64 (some are not UTF-8), by `folder/name`; empty when the corpus is absent. */
export type CorpusFiles = Record<string, string>;

declare module "vitest" {
  export interface ProvidedContext {
    corpus: CorpusFiles;
  }
}

const FOLDERS = ["bai2", "camt053", "csv", "invalid", "mt940", "ofx"];

/**
 * globalSetup of the workers project: workerd has no file system, so the corpus is read here,
 * in Node, and handed to the tests through vitest's provide/inject (see ./provided-corpus).
 */
export default function setup(project: TestProject): void {
  const files: CorpusFiles = {};
  for (const folder of FOLDERS) {
    for (const name of corpusFiles(`${folder}/`)) files[`${folder}/${name}`] = readFileSync(inCorpus(`${folder}/${name}`)).toString("base64");
  }
  project.provide("corpus", files);
}

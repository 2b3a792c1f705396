import { beforeEach, describe, expect, it } from "vitest";
import { mutate, Random, seedOf, TOKENS } from "../fuzz/support";
import { ingestBeside, prepareStore, serverErrors, statementFiles } from "../support/hostile-ingest";
import { testSetting } from "../support/settings";

/*
 * Whole statement files mutated (test/fuzz/support.ts: bits flipped, bytes and lines inserted,
 * duplicated, deleted and swapped, files truncated, lines of another file spliced in) and run
 * through the whole ingestion: the parser, the mapping, the index and log writes, the commit.
 * Whatever a file turns into, it fails alone or is ingested, a good file uploaded after it is
 * ingested, every run answers 200 and nothing is served with a 500.
 *
 * FUZZ_RUNS sets the mutated files (default 20), FUZZ_SEED the run's seed (a failure names
 * it with the case number; the seed also shuffles the order the files are taken in); inside
 * workerd they are read from VITE_FUZZ_RUNS and VITE_FUZZ_SEED.
 */
const LONG_RUNS = testSetting("FUZZ_RUNS");
const RUNS = Number(LONG_RUNS ?? 20);
const RUN_SEED = Number(testSetting("FUZZ_SEED") ?? 20260701);
const CASES_PER_STORE = 50;
const ALL_TOKENS = Object.values(TOKENS).flat();

beforeEach(prepareStore);

describe("mutated statement files through the whole ingestion", () => {
  it("each fails alone or is ingested, and the good file after it is ingested by a run answering 200", async () => {
    const seeds = statementFiles(RUN_SEED);
    const findings: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (i > 0 && i % CASES_PER_STORE === 0) {
        findings.push(...(await serverErrors()));
        await prepareStore();
      }
      const random = new Random(seedOf(RUN_SEED, "ingest", i));
      // Every seed file is used once before any is used again.
      const seed = seeds[i % seeds.length]!;
      const file = mutate(seed.bytes, random, seed.format ? TOKENS[seed.format] : ALL_TOKENS, random.pick(seeds));
      const finding = await ingestBeside(i, seed.name.split(".").at(-1)!, file.bytes);
      if (finding) findings.push(`FUZZ_SEED=${RUN_SEED} case ${i}: ${seed.name} after [${file.steps.join(", ")}]: ${finding}`);
    }
    findings.push(...(await serverErrors()));
    expect(findings).toEqual([]);
  }, LONG_RUNS === undefined ? 60_000 : 24 * 3_600_000);
});

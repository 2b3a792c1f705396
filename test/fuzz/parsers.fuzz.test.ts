import { describe, expect, it } from "vitest";
import type { FormatName } from "../../src/ingest/detect";
import { testSetting } from "../support/settings";
import { mutate, PROFILES, Random, runCase, seedFiles, seedOf, TOKENS } from "./support";

/*
 * Mutation fuzzing of every parser: real statements (fixtures, and the shared corpus when it is
 * there) are corrupted the way transfers, editors and hostile uploads corrupt files, then run
 * through decodeText and the parser exactly as ingestion does. A parser may refuse a file only
 * with FileError, which becomes the file's "failed" state with a line and a reason; any other
 * exception is a bug, and so is a file that takes seconds (the cron run has 30 s of CPU for all).
 *
 * FUZZ_RUNS sets the mutated files per target (default 120: 600 files in all), FUZZ_SEED
 * the run's seed (a failure names it with the case number, so `FUZZ_SEED=s FUZZ_RUNS=n+1`
 * replays it), FUZZ_LIMIT_MS the time bound per file.
 */
const RUNS = Number(testSetting("FUZZ_RUNS") ?? 120);
const RUN_SEED = Number(testSetting("FUZZ_SEED") ?? 20260701);
const LIMIT_MS = Number(testSetting("FUZZ_LIMIT_MS") ?? 2000);
const FORMATS: readonly FormatName[] = ["csv", "camt053", "mt940", "bai2", "ofx"];

async function fuzz(target: FormatName | "detect"): Promise<string[]> {
  const formats = target === "detect" ? FORMATS : [target];
  const seeds = formats.flatMap((format) => seedFiles(format).map((seed) => ({ ...seed, tokens: TOKENS[format] })));
  expect(seeds.length).toBeGreaterThan(0);
  const findings: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const random = new Random(seedOf(RUN_SEED, target, i));
    // Every seed file is used once before any is used again, so the corpus is covered evenly.
    const seed = seeds[i % seeds.length]!;
    const file = mutate(seed.bytes, random, seed.tokens, random.pick(seeds));
    const profile = target === "detect" ? undefined : random.pick(PROFILES[target]);
    const finding = await runCase(target, file.bytes, random, LIMIT_MS, profile);
    if (finding) {
      const setup = `${seed.name} after [${file.steps.join(", ")}]${profile ? ` with profile ${JSON.stringify(profile)}` : ""}`;
      findings.push(`FUZZ_SEED=${RUN_SEED} ${target} case ${i}: ${setup}: ${finding}`);
    }
  }
  return findings;
}

// Generous per-test timeouts: the time bound that matters is the per-file one inside runCase.
const TIMEOUT = Math.max(60_000, RUNS * LIMIT_MS);

describe("fuzzed files: each parser refuses corrupt input with FileError, in bounded time", () => {
  it.each(FORMATS)("%s", async (format) => {
    expect(await fuzz(format)).toEqual([]);
  }, TIMEOUT);

  it("detectFormat", async () => {
    expect(await fuzz("detect")).toEqual([]);
  }, TIMEOUT);
});

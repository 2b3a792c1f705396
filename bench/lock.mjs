// One bench run at a time in a checkout: each run starts bench-data/ afresh (the bundle, the local
// R2 state), so a second run started beside a first one would delete the first's stores under its
// workerd. A run holds bench-data/run.lock (its process id) and waits while a live process holds it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { progress } from "./report.mjs";

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Resolves once this process holds the lock; it is let go when the process exits. */
export async function holdBenchLock(root) {
  const path = join(root, "bench-data/run.lock");
  mkdirSync(join(root, "bench-data"), { recursive: true });
  let told = false;
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSync(path, "utf8"));
    if (!alive(holder)) {
      rmSync(path, { force: true });
      continue;
    }
    if (!told) progress(`waiting for the bench run of process ${holder}, which is using bench-data/`);
    told = true;
    await sleep(2000);
  }
  process.on("exit", () => rmSync(path, { force: true }));
}

import { testSetting } from "./settings";
import { testEnv } from "./worker";

export class InjectedFault extends Error {}

type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * The test bucket with some of its calls replaced: `intercept` gets each operation's name and its
 * real call, and returns what to call instead, or undefined to leave the operation as it is.
 */
export function interceptedBucket(intercept: (operation: string, real: Call) => Call | undefined): R2Bucket {
  return new Proxy(testEnv.STATEMENTS, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const real = (value as Call).bind(target);
      return intercept(String(prop), real) ?? real;
    },
  });
}

/**
 * The test bucket, failing its `failAt`-th write (put or delete): "before" as an R2 error does
 * (nothing written), "after" as a timeout does (written, but the caller never hears so).
 */
export function faultyBucket(failAt: number, mode: "before" | "after" = "before") {
  let writes = 0;
  const bucket = interceptedBucket((operation, real) => {
    if (operation !== "put" && operation !== "delete") return undefined;
    return async (...args) => {
      const fail = ++writes === failAt;
      if (fail && mode === "before") throw new InjectedFault(`write ${failAt} failed`);
      const result = await real(...args);
      if (fail) throw new InjectedFault(`write ${failAt} timed out`);
      return result;
    };
  });
  return { bucket, writes: () => writes };
}

/**
 * Which of a run's `total` writes the fault suites fail, one ingestion each. An ordinary
 * `npm test` fails the first and last four (where a run starts and commits) and every
 * `stride`-th between them, from an offset that FAULT_SEED moves (0 by default), so that runs
 * with other seeds reach the others; FAULT_WRITES=all fails every one of them.
 */
export function faultedWrites(total: number): number[] {
  const every = Array.from({ length: total }, (_, i) => i + 1);
  if (testSetting("FAULT_WRITES") === "all" || total <= 16) return every;
  const stride = Math.ceil((total - 8) / 8);
  const offset = Number(testSetting("FAULT_SEED") ?? 0) % stride;
  return every.filter((k) => k <= 4 || k > total - 4 || (k - 5 - offset) % stride === 0);
}

/**
 * The test bucket, failing every call (get, put, head, ...) on a key that `fails` picks, as R2
 * does when it cannot be reached for them; the other calls go through.
 */
export function failingBucket(fails: (operation: string, key: string) => boolean): R2Bucket {
  return interceptedBucket((operation, real) => async (key: unknown, ...rest: unknown[]) => {
    if (typeof key === "string" && fails(operation, key)) throw new InjectedFault(`${operation} ${key}: the store cannot be reached`);
    return real(key, ...rest);
  });
}

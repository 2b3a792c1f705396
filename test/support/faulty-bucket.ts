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
 * The test bucket, failing every call (get, put, head, ...) on a key that `fails` picks, as R2
 * does when it cannot be reached for them; the other calls go through.
 */
export function failingBucket(fails: (operation: string, key: string) => boolean): R2Bucket {
  return interceptedBucket((operation, real) => async (key: unknown, ...rest: unknown[]) => {
    if (typeof key === "string" && fails(operation, key)) throw new InjectedFault(`${operation} ${key}: the store cannot be reached`);
    return real(key, ...rest);
  });
}

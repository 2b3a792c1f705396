import { testEnv } from "./worker";

export class InjectedFault extends Error {}

/**
 * The test bucket, failing its `failAt`-th write (put or delete): "before" as an R2 error does
 * (nothing written), "after" as a timeout does (written, but the caller never hears so).
 */
export function faultyBucket(failAt: number, mode: "before" | "after" = "before") {
  const real = testEnv.STATEMENTS;
  let writes = 0;
  const bucket = new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== "put" && prop !== "delete") return typeof value === "function" ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        const fail = ++writes === failAt;
        if (fail && mode === "before") throw new InjectedFault(`write ${failAt} failed`);
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (fail) throw new InjectedFault(`write ${failAt} timed out`);
        return result;
      };
    },
  });
  return { bucket, writes: () => writes };
}

/**
 * The test bucket, failing every call (get, put, head, ...) on a key that `fails` picks, as R2
 * does when it cannot be reached for them; the other calls go through.
 */
export function failingBucket(fails: (operation: string, key: string) => boolean): R2Bucket {
  const real = testEnv.STATEMENTS;
  return new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as (...a: unknown[]) => Promise<unknown>;
      if (typeof value !== "function") return value;
      return async (key: unknown, ...rest: unknown[]) => {
        if (typeof key === "string" && fails(String(prop), key)) throw new InjectedFault(`${String(prop)} ${key}: the store cannot be reached`);
        return value.call(target, key, ...rest);
      };
    },
  });
}

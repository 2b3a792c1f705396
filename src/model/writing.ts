/**
 * What is still being written once a step has done its part in memory: undefined when it started
 * no write, or none that must end before the next step. Most steps of ingesting an entry start
 * none; such a step costs its caller no wait and the isolate no promise, which, made for every
 * step of every entry, was much of what the collector had to clear.
 */
export type Writing = Promise<void> | undefined;

/** The writes of several steps as one: undefined when none of them is writing. */
export function together(...writes: Writing[]): Writing {
  let only: Writing;
  for (const write of writes) {
    if (write === undefined) continue;
    if (only !== undefined) return Promise.all(writes).then(() => undefined);
    only = write;
  }
  return only;
}

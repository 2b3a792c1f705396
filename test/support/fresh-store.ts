import { beforeAll } from "vitest";
import { resetBucket } from "./worker";

// The workers project runs its files one after another in one Worker (isolate: false, for speed):
// each file starts from an empty bucket, as it would with a runtime of its own.
beforeAll(resetBucket);

// papaparse's full build (the browser build has no stream mode), as the bench's baseline uses it:
// a Node stream that reads CSV text and gives its records. papaparse is a dev dependency of the
// bench alone; the Worker reads CSV with its own scanner.
declare module "papaparse/papaparse.js" {
  import type { Duplex } from "node:stream";

  const NODE_STREAM_INPUT: unique symbol;
  const Papa: {
    NODE_STREAM_INPUT: typeof NODE_STREAM_INPUT;
    parse(input: typeof NODE_STREAM_INPUT, config: { delimiter?: string; newline?: string; header?: boolean }): Duplex;
  };
  export default Papa;
}

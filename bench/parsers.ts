// The project's format readings, bundled for Node by bench/peers/project.mjs: the peers suite
// times them beside other parsers in one process. formats/ is pure, so it runs as it does in the Worker.
export { FORMATS } from "../src/ingest/detect";
export { textChunks } from "../src/formats/lines";

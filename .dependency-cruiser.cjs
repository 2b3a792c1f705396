// Imports follow the data's direction (docs: conventions.md, "The shape shows the architecture"):
// file in R2 -> decode, parse (formats/) -> map (map/) -> publish (store/) -> serve (http/);
// ingest/ runs the job that drives them, payments/ observes what is mapped.
// A lower layer that needs an upper one defines an interface the upper one implements.

/** Folders of src/ above the pure domain; formats/ and model/ also run in plain Node. */
const upper = "^src/(map|store|ingest|payments|http|sandbox)/|^src/[^/]+\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "pure-domain",
      severity: "error",
      comment: "formats/ and model/ are pure: bytes or values in, values out, runnable in plain Node and fuzzed there. They know nothing of the Worker or of the layers above.",
      from: { path: "^src/(formats|model)/" },
      to: { path: upper },
    },
    {
      name: "pure-domain-no-workers",
      severity: "error",
      comment: "formats/ and model/ run in plain Node: no Workers runtime modules.",
      from: { path: "^src/(formats|model)/" },
      to: { path: "^cloudflare:" },
    },
    {
      name: "map-is-pure",
      severity: "error",
      comment: "map/ turns events and the published facts (asked through its own Facts interface) into effects: it writes nothing and knows no binding, store, job or payment.",
      from: { path: "^src/map/" },
      to: { path: "^src/(store|ingest|payments|http)/|^src/[^/]+\\.ts$|^cloudflare:" },
    },
    {
      name: "sandbox-is-pure",
      severity: "error",
      comment: "sandbox/ makes the files a bank would send (test accounts, activity, statements, status reports): values in, text out, runnable in plain Node like formats/ and model/, which are all it imports. Storing them and wiring them into ingestion is src/sandbox-bank.ts's.",
      from: { path: "^src/sandbox/" },
      to: { path: "^src/(map|store|ingest|payments|http)/|^src/[^/]+\\.ts$|^cloudflare:" },
    },
    {
      name: "ingest-without-payments",
      severity: "error",
      comment: "The job knows payments only as the EntryObserver and hooks it is given (src/ingestion.ts plugs them in).",
      from: { path: "^src/ingest/" },
      to: { path: "^src/payments/" },
    },
    {
      name: "store-below-its-users",
      severity: "error",
      comment: "store/ persists the model; the job, payments and HTTP use it, never the other way round.",
      from: { path: "^src/store/" },
      to: { path: "^src/(map|ingest|payments|http)/" },
    },
    {
      name: "payments-below-http",
      severity: "error",
      comment: "payments/ raises domain errors (src/payments/request-error.ts); src/http/errors.ts maps them to HTTP in one place.",
      from: { path: "^src/payments/" },
      to: { path: "^src/http/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "A module importing itself back, at run time or by its types only: the two cannot be understood, tested or moved apart.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycle",
      severity: "error",
      comment: "Folders depend on each other one way only, even when no single module cycle shows it: one of the imports on the way back runs against the data's direction. Folders inside one top-level folder are one layer: http/admin/, the operator endpoints, is part of the HTTP layer.",
      scope: "folder",
      from: { path: "^src/([^/]+)" },
      to: { circular: true, pathNot: "^src/$1(/|$)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.(html|css|client\\.js)$" },
  },
};

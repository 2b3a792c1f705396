// papaparse's full build, typed like the package's default entry.
declare module "papaparse/papaparse.js" {
  import Papa from "papaparse";
  export default Papa;
}

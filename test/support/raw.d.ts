// Fixtures are bundled into the test worker as text (workerd has no file system).
declare module "*?raw" {
  const text: string;
  export default text;
}

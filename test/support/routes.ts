/** A path of the route table with every parameter filled in. */
export const samplePath = (path: string): string => path.replace(/\{\w+\}/g, "x");

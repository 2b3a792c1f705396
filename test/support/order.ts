/** Where a list does not strictly increase: each place as `index: previous then value`, none when it does. */
export const notIncreasing = (values: readonly number[]): string[] =>
  values.flatMap((value, i) => (i > 0 && value <= values[i - 1]! ? [`${i}: ${values[i - 1]} then ${value}`] : []));

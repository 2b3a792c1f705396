/**
 * A test setting from the environment (how many cases a long run asks for, its seed): NAME.
 * Inside workerd the host's environment does not reach the test, only variables with Vite's
 * `VITE_` prefix do (through import.meta.env), so there the same setting is read from VITE_NAME.
 */
export function testSetting(name: string): string | undefined {
  const viteEnv = (import.meta as { env?: Record<string, string | undefined> }).env;
  return (typeof process === "undefined" ? undefined : process.env[name]) ?? viteEnv?.[`VITE_${name}`];
}

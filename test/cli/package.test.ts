import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "cli");

interface PackageJson {
  name: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  engines?: Record<string, string>;
  workspaces?: string[];
}

const readJson = (path: string): PackageJson => JSON.parse(readFileSync(path, "utf8"));

/** Every module specifier a source file names: static and dynamic imports, re-exports, and JSDoc import() types. */
function specifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']/gm),
    ...source.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return [...new Set(found.map((m) => m[1]!))];
}

/** The package a bare specifier names: "zod", "@scope/name" (a path inside it left off). */
const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** Every .ts file under a folder. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

describe("the command-line tool as its own package", { timeout: 30_000 }, () => {
  it("packs its bin, every module and its README, and needs nothing from outside cli/ but its own dependencies", async () => {
    const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: CLI });
    const [pack] = JSON.parse(stdout) as { name: string; files: { path: string }[] }[];
    const manifest = readJson(join(CLI, "package.json"));
    expect(pack!.name).toBe(manifest.name);
    const files = pack!.files.map((f) => f.path).sort();
    const modules = readdirSync(CLI).filter((name) => name.endsWith(".mjs")).sort();
    expect(files).toEqual(["README.md", ...modules, "package.json"].sort());

    expect(manifest.bin).toEqual({ "statement-connector": "statement-connector.mjs" });
    expect(readFileSync(join(CLI, "statement-connector.mjs"), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(manifest.engines?.node).toBe(">=20.19");

    const dependencies = Object.keys(manifest.dependencies ?? {});
    const used = new Set<string>();
    for (const file of modules) {
      for (const specifier of specifiers(readFileSync(join(CLI, file), "utf8"))) {
        if (specifier.startsWith(".")) {
          // Relative: to a file in the package (never ../src or the root).
          expect(files, `${file} imports ${specifier}`).toContain(posix.normalize(posix.join(posix.dirname(file), specifier)));
        } else if (!specifier.startsWith("node:")) {
          expect(dependencies, `${file} imports ${specifier}`).toContain(packageOf(specifier));
          used.add(packageOf(specifier));
        }
      }
    }
    expect([...used].sort()).toEqual([...dependencies].sort());
  });

  it("leaves the Worker's dependencies to what src/ imports, the SFTP library to the tool's package", () => {
    const root = readJson(join(ROOT, "package.json"));
    expect(root.workspaces).toEqual(["cli"]);
    expect(root.bin).toBeUndefined();
    const imported = new Set(tsFiles(join(ROOT, "src")).flatMap((file) => specifiers(readFileSync(file, "utf8"))).filter((s) => !s.startsWith(".")).map(packageOf));
    expect(Object.keys(root.dependencies ?? {}).filter((name) => !imported.has(name))).toEqual([]);
    expect(root.dependencies).not.toHaveProperty("ssh2-sftp-client");
  });
});

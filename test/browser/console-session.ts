import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { ADMIN_KEY } from "./dev-worker";

// The operator console opened in headless Chromium and signed in, with every script error and
// Content-Security-Policy violation collected, and the layout check its tests share.

/** Debian's chromium package; `npx playwright install` downloads are not used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM);
export const SCREENSHOTS = "test-output/screenshots";
export const WIDTHS = [
  { name: "laptop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

/** The page answers after a request or two: polled for up to 30 s (a run on a loaded machine), not vitest's default second. */
export const poll = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 30_000 });

export interface ConsoleSession {
  browser: Browser;
  page: Page;
  /** Script errors and CSP violations seen so far. */
  problems: string[];
}

/** The console at laptop width, signed in with the admin key. */
export async function openConsole(base: string): Promise<ConsoleSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const context = await browser.newContext({ viewport: WIDTHS[0]!, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  // The refused keys and the endpoints a service does not offer (501) are logged as failed loads: expected.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  // A violation of the page's Content-Security-Policy, reported by the page itself.
  // (A string: this file is type-checked without the DOM library.)
  await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))");
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(`${base}/admin`);
  await page.getByLabel("Admin key").fill(ADMIN_KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  return { browser, page, problems };
}

/** The innermost elements reaching past the screen's right edge, named by tag, id and class (a string: no DOM library here). */
const WIDER_THAN_SCREEN = `[...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
  .filter((e) => !e.closest(".scroll, .visually-hidden"))
  .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""))`;

/**
 * A screenshot at each width, named `console-<name>-<width>.png`: nothing wider than the screen,
 * each of `lastColumns` (a table's last cells) in view, and no script error or CSP violation.
 */
export async function checkLayout({ page, problems }: ConsoleSession, name: string, lastColumns: Locator[]): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SCREENSHOTS}/console-${name}-${size.name}.png`, fullPage: true });
    expect(await page.evaluate(WIDER_THAN_SCREEN), `${name} at ${size.name} width: what sticks out`).toEqual([]);
    for (const cell of lastColumns) {
      await cell.scrollIntoViewIfNeeded();
      const box = await cell.boundingBox();
      expect(box, `${name} at ${size.name}`).not.toBeNull();
      expect(box!.x + Math.min(box!.width, 40), `${name} at ${size.name}: the column is in view`).toBeLessThanOrEqual(size.width);
      expect(await cell.isVisible()).toBe(true);
    }
  }
  await page.setViewportSize(WIDTHS[0]!);
  expect(problems).toEqual([]);
}

import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

// axe-core, the accessibility engine, run inside the page under test. Its source is handed to the
// page as a script through the DevTools protocol, which the page's CSP (no inline script) does not govern.
const axeSource: string = (createRequire(__filename)('axe-core') as { source: string }).source;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The laptop and phone widths every page is checked at. */
export const WIDTHS = [
  { name: 'laptop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Runs axe-core on the page as it is, at a laptop and a phone width, and fails the test with every
 * serious or critical violation named (rule, what it asks, where).
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const original = page.viewportSize();
  const found: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // Strings, evaluated in the page: the test's own code has no DOM types.
    if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(axeSource);
    const violations = await page.evaluate<Violation[]>(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
    );
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      found.push(`${label} @${size.name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
  }
  if (original) await page.setViewportSize(original);
  expect(found, `accessibility violations on ${label}`).toEqual([]);
}

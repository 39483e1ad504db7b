/**
 * What every page of the browser suites is held to (S21): axe-core reports no WCAG 2.1 AA violation,
 * nothing scrolls sideways, and no console error; each checked page leaves a screenshot.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { screenshot } from './harness.js';

// Evaluated through DevTools, which a page's CSP (script-src 'self') rightly does not let a tag do.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA violations on the page, one line each with the elements concerned. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(
    `axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as { id: string; help: string; nodes: { target: string[] }[] }[];
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** How many pixels the page is wider than the screen. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return (await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;
}

/** The console errors of a page as it goes, and the problems its checked pages showed. */
export interface PageAudit {
  errors: string[];
  problems: string[];
  /** Checks the loaded page (axe, overflow, then `extra`) and saves its screenshot as `shot(name)`. */
  check(name: string): Promise<void>;
}

/** Starts recording `page`'s console errors; `check` audits each page it is asked to. */
export function auditPage(
  page: Page,
  shot: (name: string) => string,
  extra?: (page: Page) => Promise<void>,
): PageAudit {
  const errors: string[] = [];
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  return {
    errors,
    problems,
    async check(name) {
      await page.waitForLoadState('load');
      if (extra) await extra(page);
      for (const v of await axeViolations(page)) problems.push(`${name}: ${v}`);
      const wide = await sidewaysOverflow(page);
      if (wide > 1) problems.push(`${name}: ${wide}px wider than the screen`);
      await screenshot(page, shot(name));
    },
  };
}

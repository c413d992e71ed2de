/** What every e2e file checks the same way: viewports, the shared password, axe, no sideways scrolling on a phone. */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { describeViolations, scrollWidth, seriousA11yViolations } from "./browser.ts";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
export const PASSWORD = "correct horse battery";

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

/**
 * The page at phone width: nothing may scroll sideways (tables scroll inside their own box). Polled, because charts
 * redraw at the new width a moment after the window changes. Puts the desktop size back afterwards.
 */
export async function expectFitsPhone(page: Page, what: string) {
  await page.setViewportSize(PHONE);
  try {
    await expect
      .poll(() => scrollWidth(page), { message: `${what} at ${PHONE.width} px`, timeout: 3000 })
      .toBeLessThanOrEqual(PHONE.width);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

/** A page already at phone width does not scroll sideways. */
export async function expectNoHorizontalScroll(page: Page) {
  expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
}

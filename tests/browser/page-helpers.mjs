// What the translator page tests do again and again.

export const waitUntilReady = (page) => page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });

export const waitForTranslation = (page) =>
  page.waitForFunction(() => document.querySelector('#timing').textContent.startsWith('Translated'), null, { timeout: 60_000 });

/** Types `text` into the source box as a person would; resolves to the translation shown. */
export async function typeAndTranslate(page, text) {
  await page.fill('#source', '');
  await page.locator('#source').pressSequentially(text, { delay: 5 });
  await waitForTranslation(page);
  return page.textContent('#target');
}

// Content script, part 1 of 5 (all parts share one isolated world; the service worker injects them
// in order on first use): the content script's two messages to the extension.
// Top-level names in these files are `var` and `function`: an injection that finds the globals of an
// earlier one (a content script orphaned by an extension update) must not fail on redeclaration.

/**
 * { results: [{ text } | { refused }] } for `texts`, or { error }; reasons are in plain words.
 * `purpose` is 'selection' or 'page': the engine searches wider for a selection than for a page.
 */
async function requestTranslations(direction, texts, purpose) {
  try {
    return await chrome.runtime.sendMessage({ type: 'translate', direction, texts, purpose });
  } catch (err) {
    return { error: `The extension could not be reached (${err.message}). Reload the page and try again.` };
  }
}

/** Tells the popup, if it is open, how the page translation goes. */
function announcePageStatus(status) {
  chrome.runtime.sendMessage({ type: 'page-progress', status }).catch(() => {});
}

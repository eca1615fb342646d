// What went wrong, in words for the person reading the page rather than for a developer.
// `error` is a TranslatorError or its wire form { code, message }.
export function explain(error) {
  const detail = error?.message ?? String(error);
  switch (error?.code) {
    case 'MODEL_FETCH':
      return `The translation model that comes with the extension could not be read. Reinstalling the extension should fix this. (${detail})`;
    case 'MODEL_INVALID':
      return `The translation model that comes with the extension is damaged or does not fit this version. Reinstalling the extension should fix this. (${detail})`;
    case 'BAD_INPUT':
      return `This text cannot be translated: ${detail}`;
    case 'ABORTED':
      return 'The translation was stopped.';
    case 'ENGINE':
      return `The translation engine stopped working (${detail}). Try again; it starts afresh.`;
    default:
      return pageAccessProblem(detail);
  }
}

// Chrome's refusals to let an extension into a page, and anything else that is not a translator error.
function pageAccessProblem(detail) {
  if (/chrome:\/\/|extensions gallery|chrome-extension:|cannot be scripted/i.test(detail)) {
    return 'Chrome does not let extensions change this page (browser pages, the Web Store and other extensions are off limits).';
  }
  if (/permission|cannot access/i.test(detail)) {
    return 'The extension may only read this page after you open it from the toolbar or the right-click menu on the page. Try again from there.';
  }
  return `Something went wrong: ${detail}`;
}

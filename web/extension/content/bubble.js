// Content script, part 4 of 5: the bubble with the translation of the selection, next to it, with
// Copy and Close. It lives in a shadow root so the page's styles cannot reach it, and is styled by a
// constructed style sheet, which a page's CSP does not block.
var BUBBLE_STYLE = `
  :host { all: initial; position: absolute; z-index: 2147483647; }
  .bubble { box-sizing: border-box; max-width: min(28rem, calc(100vw - 16px)); padding: 10px 12px; border-radius: 8px;
    background: #fff; color: #1a1a1a; box-shadow: 0 4px 18px rgb(0 0 0 / 25%); border: 1px solid #ccc;
    font: 15px/1.45 system-ui, sans-serif; }
  .label { margin: 0 0 4px; font-size: 12px; color: #555; }
  .text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .bubble[data-state="busy"] .text { color: #555; font-style: italic; }
  .bubble[data-state="error"] .text { color: #a00; }
  .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 8px; }
  button { font: inherit; font-size: 13px; padding: 3px 10px; border-radius: 5px; border: 1px solid #888; background: #f4f4f4; color: inherit; cursor: pointer; }
  button:disabled { opacity: 0.5; cursor: default; }
  @media (prefers-color-scheme: dark) {
    .bubble { background: #222; color: #eee; border-color: #555; }
    .label, .bubble[data-state="busy"] .text { color: #aaa; }
    .bubble[data-state="error"] .text { color: #f88; }
    button { background: #333; border-color: #777; }
  }`;

var openBubble = null; // { host, onKey, onPointer }

function closeBubble() {
  if (!openBubble) return;
  openBubble.host.remove();
  removeEventListener('keydown', openBubble.onKey, true);
  removeEventListener('pointerdown', openBubble.onPointer, true);
  openBubble = null;
}

function element(tag, props, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

async function copyText(text, button, textElement) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    getSelection().selectAllChildren(textElement); // no clipboard access here: select it for Ctrl+C
    button.textContent = 'Selected: press Ctrl+C';
  }
}

// Places the bubble under the selection (above it when only there it fits), inside the viewport.
// `anchor` is the selection's box in document coordinates, so scrolling meanwhile does not matter.
function placeBubble(host, anchor) {
  const margin = 8;
  const { width, height } = host.getBoundingClientRect();
  const fitsBelow = anchor.bottom - scrollY + margin + height <= innerHeight;
  const fitsAbove = anchor.top - scrollY - margin - height >= 0;
  const top = fitsBelow || !fitsAbove ? anchor.bottom + margin : anchor.top - margin - height;
  const left = Math.max(scrollX + margin, Math.min(anchor.left, scrollX + innerWidth - width - margin));
  host.style.top = `${top}px`;
  host.style.left = `${left}px`;
}

function selectionAnchor(selection) {
  const rect = selection.rangeCount ? selection.getRangeAt(0).getBoundingClientRect() : new DOMRect(16, 16, 0, 0);
  return { top: rect.top + scrollY, bottom: rect.bottom + scrollY, left: rect.left + scrollX };
}

async function showSelectionTranslation({ direction, label, targetLanguage, text: menuText }) {
  closeBubble();
  const selection = getSelection();
  const text = selection.toString().trim() || menuText.trim();
  if (!text) return;
  const anchor = selectionAnchor(selection);

  const host = document.createElement('mobilenmt-bubble');
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(BUBBLE_STYLE);
  shadow.adoptedStyleSheets = [sheet];
  const output = element('p', { className: 'text', textContent: 'Translating…' });
  output.setAttribute('aria-live', 'polite');
  const copy = element('button', { className: 'copy', type: 'button', textContent: 'Copy', disabled: true });
  const close = element('button', { className: 'close', type: 'button', textContent: 'Close' });
  const bubble = element('div', { className: 'bubble' }, element('p', { className: 'label', textContent: `MobileNMT · ${label}` }), output,
    element('div', { className: 'actions' }, copy, close));
  bubble.setAttribute('role', 'dialog');
  bubble.setAttribute('aria-label', 'Translation of the selection');
  bubble.dataset.state = 'busy';
  shadow.append(bubble);

  const onKey = (event) => event.key === 'Escape' && closeBubble();
  const onPointer = (event) => !event.composedPath().includes(host) && closeBubble();
  openBubble = { host, onKey, onPointer };
  addEventListener('keydown', onKey, true);
  addEventListener('pointerdown', onPointer, true);
  close.addEventListener('click', closeBubble);
  document.documentElement.append(host);
  placeBubble(host, anchor);

  const answer = await requestTranslations(direction, [text], 'selection');
  if (openBubble?.host !== host) return; // closed, or replaced by a newer one, meanwhile
  const translated = answer?.results?.[0]?.text;
  if (translated === undefined) {
    bubble.dataset.state = 'error';
    output.textContent = answer?.error ?? answer?.results?.[0]?.refused ?? 'The translation engine did not answer.';
  } else {
    bubble.dataset.state = 'done';
    output.lang = targetLanguage;
    output.textContent = translated;
    copy.disabled = false;
    copy.addEventListener('click', () => copyText(translated, copy, output));
  }
  placeBubble(host, anchor);
}

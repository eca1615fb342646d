// Content script, part 2 of 5: which text a page translation touches. Rendered text nodes with at
// least one letter, in the document and in open shadow roots, and the attributes people read
// (title, alt, placeholder, aria-label); nothing inside code, scripts, `translate="no"` or hidden
// parts, and no text inside form fields or editable regions (their placeholder and title are fine);
// also what the page adds later.
// Text nodes and attributes (Attr nodes) both carry their text in `nodeValue`, which is all the
// rest of the content script reads and writes. On-screen ones first, then document order.
var EXCLUDED_SUBTREES = [
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'mobilenmt-bubble', '[translate="no"]', '.notranslate',
].join(',');
var FROZEN_TEXT = ['code', 'pre', 'kbd', 'samp', 'var', 'textarea', 'input', 'select'].join(',');
var READ_ATTRIBUTES = ['title', 'alt', 'placeholder', 'aria-label'];
var HAS_LETTER = /\p{L}/u;
var BATCH_CHARACTERS = 800;
var BATCH_NODES = 24;

// checkVisibility() is false for display:none subtrees, and also for display:contents boxes whose
// children are shown.
function isRendered(element) {
  return element.checkVisibility() || getComputedStyle(element).display === 'contents';
}

function isExcluded(element) {
  return element.matches(EXCLUDED_SUBTREES) || !isRendered(element);
}

function hasFrozenText(element) {
  return element.matches(FROZEN_TEXT) || element.isContentEditable;
}

// The element a text node or attribute shows in (a text node may sit right under a shadow root).
function ownerOf(node) {
  if (node.nodeType === Node.ATTRIBUTE_NODE) return node.ownerElement;
  return node.parentElement ?? node.parentNode.host;
}

function isOnScreen(node) {
  const rect = ownerOf(node).getBoundingClientRect();
  return rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
}

function readAttributes(element, out) {
  for (const name of READ_ATTRIBUTES) {
    const attribute = element.getAttributeNode(name);
    if (attribute && HAS_LETTER.test(attribute.nodeValue)) out.push(attribute);
  }
}

// Appends the text nodes and attributes under `parent` (an element or a shadow root) to `out`, in
// document order; a shadow root's content comes before its host's children.
function collectPageText(parent, out) {
  for (const node of parent.childNodes) collectNode(node, out);
  return out;
}

// One node: a text node with letters (that passes `keepText`), or an element's attributes, shadow
// root and children.
function collectNode(node, out, keepText = () => true) {
  if (node.nodeType === Node.TEXT_NODE) {
    if (HAS_LETTER.test(node.nodeValue) && keepText(node)) out.push(node);
  } else if (node.nodeType === Node.ELEMENT_NODE && !isExcluded(node)) {
    readAttributes(node, out);
    if (hasFrozenText(node)) return;
    if (node.shadowRoot) collectPageText(node.shadowRoot, out);
    collectPageText(node, out);
  }
}

function pageTextToTranslate() {
  const onScreen = [];
  const offScreen = [];
  for (const node of collectPageText(document.body ?? document.documentElement, [])) (isOnScreen(node) ? onScreen : offScreen).push(node);
  return onScreen.concat(offScreen);
}

// Removes from the front of `queue` and returns a group of neighbouring nodes small enough that it
// comes back quickly.
function takeBatch(queue) {
  let count = 0;
  let characters = 0;
  while (count < queue.length && count < BATCH_NODES) {
    characters += queue[count].nodeValue.length;
    if (count > 0 && characters > BATCH_CHARACTERS) break;
    count += 1;
  }
  return queue.splice(0, count);
}

// The page text inside nodes the page added (MutationRecord.addedNodes), unless they went where a
// page translation does not look.
function addedPageText(addedNodes) {
  const out = [];
  for (const node of addedNodes) {
    const parent = node.parentElement;
    if (!parent || !node.isConnected || parent.closest(`${EXCLUDED_SUBTREES},${FROZEN_TEXT}`) || parent.isContentEditable) continue;
    collectNode(node, out, () => isRendered(parent));
  }
  return out;
}

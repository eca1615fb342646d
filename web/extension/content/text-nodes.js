// Content script, part 2 of 5: which text a page translation touches. Rendered text nodes with at
// least one letter, outside code, form fields, editable regions and `translate="no"`; those on
// screen first, then the rest in document order. (The bubble sits outside <body>, in a shadow root.)
var SKIPPED_ELEMENTS = [
  'script', 'style', 'noscript', 'template', 'code', 'pre', 'kbd', 'samp', 'var',
  'textarea', 'input', 'select', 'svg', 'math', '[translate="no"]', '.notranslate',
].join(',');
var HAS_LETTER = /\p{L}/u;
var BATCH_CHARACTERS = 800;
var BATCH_NODES = 24;

// checkVisibility() is false for display:none subtrees, and also for display:contents boxes whose
// children are shown.
function isRendered(element) {
  return element.checkVisibility() || getComputedStyle(element).display === 'contents';
}

function isSkippedElement(element) {
  return element.matches(SKIPPED_ELEMENTS) || element.isContentEditable || !isRendered(element);
}

function isOnScreen(element) {
  const rect = element.getBoundingClientRect();
  return rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
}

function textNodesToTranslate() {
  const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.TEXT_NODE) return HAS_LETTER.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      return isSkippedElement(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
    },
  });
  const onScreen = [];
  const offScreen = [];
  while (walker.nextNode()) (isOnScreen(walker.currentNode.parentElement) ? onScreen : offScreen).push(walker.currentNode);
  return onScreen.concat(offScreen);
}

// Groups of neighbouring nodes small enough that each comes back quickly.
function* batchesOf(nodes) {
  let batch = [];
  let characters = 0;
  for (const node of nodes) {
    if (batch.length && (batch.length === BATCH_NODES || characters + node.nodeValue.length > BATCH_CHARACTERS)) {
      yield batch;
      batch = [];
      characters = 0;
    }
    batch.push(node);
    characters += node.nodeValue.length;
  }
  if (batch.length) yield batch;
}

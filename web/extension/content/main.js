// Content script, part 5 of 5: the service worker's requests to this page. Every answer is
// immediate; a page translation reports its progress afterwards through announcePageStatus().
var pageRequests = {
  ping: () => true,
  'translate-selection': (message) => {
    showSelectionTranslation(message);
    return true;
  },
  'translate-page': (message) => translatePage(message.direction),
  'show-original': () => showOriginal(),
  'page-status': () => pageTranslation.status,
};

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== chrome.runtime.id || !Object.hasOwn(pageRequests, message?.type)) return false;
  reply(pageRequests[message.type](message));
  return false;
});

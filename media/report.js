// The coverage report's only script (loaded with a nonce; the CSP allows nothing else).
// It forwards clicks to the extension and swaps in new content when the index changes.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const main = document.getElementById('report');

  document.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const link = target.closest('a.open');
    if (link instanceof HTMLElement) {
      event.preventDefault();
      vscode.postMessage({
        type: 'open',
        uri: link.dataset.uri,
        line: Number(link.dataset.line),
        character: Number(link.dataset.character),
      });
      return;
    }
    const button = target.closest('button[data-command]');
    if (button instanceof HTMLElement) vscode.postMessage({ type: button.dataset.command });
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    // The extension escapes every workspace string; innerHTML never runs scripts, and the CSP
    // would block them anyway.
    if (message && message.type === 'update' && main && typeof message.html === 'string') {
      main.innerHTML = message.html;
    }
  });
})();

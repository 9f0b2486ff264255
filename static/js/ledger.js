// Small behaviours without inline scripts (the Content-Security-Policy allows only this site's files).
document.addEventListener("click", (event) => {
  const print = event.target.closest("[data-print]");
  if (print) { window.print(); return; }
  const back = event.target.closest("[data-back]");
  if (back) { history.back(); }
});
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) { event.preventDefault(); return; }
  // Long work (uploads, imports, exports): disable the button and say so, and block double submits.
  const button = event.submitter;
  if (button && !event.target.dataset.noBusy) {
    window.setTimeout(() => {
      button.disabled = true;
      if (button.dataset.busyText) { button.textContent = button.dataset.busyText; }
    }, 0);
  }
});

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
// A list's bulk actions: "select the whole page" ticks every row's box; the count says how many are ticked.
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (!form || form.id !== "bulk-form") { return; }
  const boxes = form.querySelectorAll('input[name="ids"]');
  if (event.target.matches("[data-select-all]")) {
    boxes.forEach((box) => { box.checked = event.target.checked; });
  }
  const ticked = Array.from(boxes).filter((box) => box.checked).length;
  const count = form.querySelector("#selected-count");
  if (count) { count.textContent = ticked ? count.dataset.text.replace("{n}", ticked) : ""; }
});

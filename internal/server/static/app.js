// himitsu: the only script. It adds conveniences and is never required:
// every page works without it. Confirmation of deletions; auto-submit of
// the language selector; print button.
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) { e.preventDefault(); }
});
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]")) { e.target.form.submit(); }
});
document.addEventListener("click", function (e) {
  if (e.target.matches("[data-print]")) { window.print(); }
});

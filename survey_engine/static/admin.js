// Staff pages: "Copy link" buttons. Loaded as a file because the CSP forbids inline script; without
// JavaScript the buttons stay hidden and the link is shown as text to copy by hand.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    var label = button.firstChild.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.firstChild.textContent = "Link copied";
        window.setTimeout(function () { button.firstChild.textContent = label; }, 3000);
      });
    });
  });
});

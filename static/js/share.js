// "Copy link" on a story: shown only where the browser can copy (no third-party code).
(function () {
  "use strict";
  var button = document.querySelector(".share-copy");
  var status = document.querySelector(".share-status");
  if (!button || !status || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var url = button.getAttribute("data-url");
    navigator.clipboard.writeText(url).then(
      function () { status.textContent = "Link copied."; },
      function () { status.textContent = "Could not copy. The link is " + url; }
    );
  });
})();

// The focal-point editor: a click on a photo's preview in the story form sets focal_x/focal_y.
// No library and no inline script: the admin's own CSP (if any) allows files from 'self'.
(function () {
  "use strict";
  function round(value) {
    return Math.min(1, Math.max(0, Math.round(value * 100) / 100));
  }
  document.addEventListener("click", function (event) {
    var editor = event.target.closest(".focal-point-editor");
    if (!editor) return;
    var image = editor.querySelector("img");
    var box = image.getBoundingClientRect();
    var x = round((event.clientX - box.left) / box.width);
    var y = round((event.clientY - box.top) / box.height);
    var row = editor.closest(".inline-related") || document;
    var inputX = row.querySelector("input.focal-x");
    var inputY = row.querySelector("input.focal-y");
    if (!inputX || !inputY) return;
    inputX.value = x;
    inputY.value = y;
    editor.style.setProperty("--focal-x", x);
    editor.style.setProperty("--focal-y", y);
  });
})();

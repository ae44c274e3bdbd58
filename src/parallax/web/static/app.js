// Highlight layers: each checkbox with data-layer="x" toggles the class "hide-x" on <body>.
// The choice is kept in localStorage so it survives moving between pages.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-layer]");
  function apply(box) {
    document.body.classList.toggle("hide-" + box.dataset.layer, !box.checked);
  }
  boxes.forEach(function (box) {
    var key = "parallax-layer-" + box.dataset.layer;
    try {
      if (window.localStorage.getItem(key) === "off") box.checked = false;
    } catch (e) { /* storage may be blocked; layers then start on */ }
    apply(box);
    box.addEventListener("change", function () {
      apply(box);
      try { window.localStorage.setItem(key, box.checked ? "on" : "off"); } catch (e) { }
    });
  });
})();

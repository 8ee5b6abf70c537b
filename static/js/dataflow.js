/* Zoom and pan for the data-flow diagrams (templates/registry/_dataflow.html).
 *
 * Without this script the diagram is shown at its drawn size in a scrolling box; with it, the
 * toolbar zooms (buttons, Ctrl + wheel, + and - keys), "全体を表示" fits the page width, and the
 * diagram is panned by dragging. No dependencies; loaded again after an htmx swap, it only sets
 * up the figures that are new.
 */
(function () {
  "use strict";

  var STEP = 1.25;
  var MIN = 0.1;
  var MAX = 4;
  var PX_PER_PT = 96 / 72;

  function setUp(figure) {
    if (figure.hasAttribute("data-dataflow-ready")) {
      return;
    }
    var viewport = figure.querySelector(".dataflow-viewport");
    var svg = viewport && viewport.querySelector("svg");
    var controls = figure.querySelector(".dataflow-controls");
    if (!svg || !controls) {
      return;
    }
    figure.setAttribute("data-dataflow-ready", "");
    var box = svg.viewBox && svg.viewBox.baseVal;
    var width = box && box.width ? box.width : parseFloat(svg.getAttribute("width")) || 400;
    var height = box && box.height ? box.height : parseFloat(svg.getAttribute("height")) || 200;
    var output = controls.querySelector("output");
    var scale = 1;

    function apply(next, anchorX, anchorY) {
      var before = scale;
      scale = Math.min(MAX, Math.max(MIN, next));
      // Keep the point under the anchor (the viewport's centre by default) where it was.
      var ax = anchorX === undefined ? viewport.clientWidth / 2 : anchorX;
      var ay = anchorY === undefined ? viewport.clientHeight / 2 : anchorY;
      var x = (viewport.scrollLeft + ax) / before;
      var y = (viewport.scrollTop + ay) / before;
      svg.style.width = width * scale + "pt";
      svg.style.height = height * scale + "pt";
      viewport.scrollLeft = x * scale - ax;
      viewport.scrollTop = y * scale - ay;
      output.textContent = Math.round(scale * 100) + "%";
      figure.setAttribute("data-scale", scale.toFixed(3));
    }

    function fit() {
      var available = viewport.clientWidth - 8;
      if (available > 0) {
        apply(Math.min(1, available / (width * PX_PER_PT)));
      }
    }

    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) {
        return;
      }
      var action = button.getAttribute("data-zoom");
      if (action === "in") {
        apply(scale * STEP);
      } else if (action === "out") {
        apply(scale / STEP);
      } else if (action === "fit") {
        fit();
      } else {
        apply(1);
      }
    });

    viewport.addEventListener(
      "wheel",
      function (event) {
        if (!event.ctrlKey) {
          return;
        }
        event.preventDefault();
        var rect = viewport.getBoundingClientRect();
        apply(event.deltaY < 0 ? scale * STEP : scale / STEP, event.clientX - rect.left, event.clientY - rect.top);
      },
      { passive: false }
    );

    viewport.addEventListener("keydown", function (event) {
      if (event.key === "+" || event.key === "=") {
        apply(scale * STEP);
        event.preventDefault();
      } else if (event.key === "-") {
        apply(scale / STEP);
        event.preventDefault();
      }
    });

    var drag = null;
    viewport.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || event.pointerType === "touch") {
        return; // touch screens pan the scrolling box natively
      }
      drag = { x: event.clientX, y: event.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
      viewport.setPointerCapture(event.pointerId);
      viewport.classList.add("is-dragging");
    });
    viewport.addEventListener("pointermove", function (event) {
      if (drag) {
        viewport.scrollLeft = drag.left - (event.clientX - drag.x);
        viewport.scrollTop = drag.top - (event.clientY - drag.y);
      }
    });
    function stop() {
      drag = null;
      viewport.classList.remove("is-dragging");
    }
    viewport.addEventListener("pointerup", stop);
    viewport.addEventListener("pointercancel", stop);

    controls.hidden = false;
    apply(1);
  }

  function scan(root) {
    var figures = (root || document).querySelectorAll("[data-dataflow]");
    for (var i = 0; i < figures.length; i++) {
      setUp(figures[i]);
    }
  }

  if (!window.hyokaDataflow) {
    window.hyokaDataflow = { scan: scan };
    document.addEventListener("htmx:load", function (event) {
      scan(event.target);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      scan(document);
    });
  } else {
    scan(document);
  }
})();

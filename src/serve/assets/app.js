// lede's search page: a little on top of pages that work without it. A drag across the chart's
// bars narrows the dates to those months; "/" puts the cursor in the search box; "Back to the
// results" goes back in history when there is somewhere to go back to.
"use strict";

(function () {
  function narrow(first, last) {
    var url = new URL(window.location.href);
    url.searchParams.set("since", first);
    url.searchParams.set("until", last);
    url.searchParams.delete("offset");
    window.location.assign(url.toString());
  }

  function chart(svg) {
    var bars = Array.prototype.slice.call(svg.querySelectorAll("a.bar"));
    var start = null;
    var dragged = false;
    function barAt(ev) {
      var el = document.elementFromPoint(ev.clientX, ev.clientY);
      var a = el && el.closest ? el.closest("a.bar") : null;
      return a && bars.indexOf(a) >= 0 ? a : null;
    }
    function paint(a, b) {
      var lo = Math.min(a, b), hi = Math.max(a, b);
      bars.forEach(function (bar, i) {
        bar.classList.toggle("picked", i >= lo && i <= hi);
      });
    }
    svg.addEventListener("pointerdown", function (ev) {
      var a = barAt(ev);
      if (!a) return;
      start = bars.indexOf(a);
      dragged = false;
      ev.preventDefault();
    });
    svg.addEventListener("pointermove", function (ev) {
      if (start === null) return;
      var a = barAt(ev);
      if (!a) return;
      var i = bars.indexOf(a);
      if (i !== start) dragged = true;
      paint(start, i);
    });
    window.addEventListener("pointerup", function (ev) {
      if (start === null) return;
      var a = barAt(ev);
      var end = a ? bars.indexOf(a) : start;
      var from = start;
      start = null;
      if (!dragged) return; // a click: the bar's own link narrows to its month
      var lo = Math.min(from, end), hi = Math.max(from, end);
      narrow(bars[lo].dataset.month, bars[hi].dataset.month);
    });
    svg.addEventListener("click", function (ev) {
      if (dragged) {
        ev.preventDefault();
        dragged = false;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.chart svg").forEach(chart);
    document.querySelectorAll("[data-back]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        if (window.history.length > 1) {
          ev.preventDefault();
          window.history.back();
        }
      });
    });
    document.addEventListener("keydown", function (ev) {
      var q = document.getElementById("q");
      if (ev.key === "/" && q && document.activeElement !== q) {
        ev.preventDefault();
        q.focus();
        q.select();
      }
    });
  });
})();

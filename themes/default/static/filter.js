/* A timeline page's filters, by place (and every place inside it), by what happened and
   by actor; a compact view (one line per incident); the chart follows the filters.
   Progressive enhancement: without JavaScript the form stays hidden and the whole page,
   chart included, shows. The choice is kept in the address (?place=mosul&type=Battles),
   so a filtered view can be linked to, and the view in the browser's storage. */
(function () {
  "use strict";
  var form = document.getElementById("timeline-filters");
  if (!form) { return; }
  var place = form.querySelector("#filter-place");
  var kind = form.querySelector("#filter-type");
  var actor = form.querySelector("#filter-actor");
  var compact = form.querySelector("#filter-compact");
  var status = form.querySelector("#filter-status");
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-year]"));
  var chart = document.querySelector("svg.chart");
  var bars = chart ? Array.prototype.slice.call(chart.querySelectorAll("a[data-week]")) : [];
  var axis = chart ? chart.querySelector("line.baseline") : null;

  // Each bar as drawn: its rectangles' heights and tops, to put back on reset.
  bars.forEach(function (bar) {
    bar.querySelectorAll("rect").forEach(function (rect) {
      rect.setAttribute("data-y", rect.getAttribute("y"));
      rect.setAttribute("data-height", rect.getAttribute("height"));
    });
  });

  function redraw(counts, filtered) {
    if (!axis || !bars.length) { return; }
    var base = parseFloat(axis.getAttribute("y1"));
    var top = 0, scale = 0;
    bars.forEach(function (bar) {
      var full = 0;
      bar.querySelectorAll("rect").forEach(function (rect) {
        full += parseFloat(rect.getAttribute("data-height"));
      });
      var n = parseInt(bar.getAttribute("data-count"), 10);
      if (n > 0 && !scale) { scale = full / n; }
      top = Math.max(top, n);
    });
    bars.forEach(function (bar) {
      var week = bar.getAttribute("data-week");
      var rects = bar.querySelectorAll("rect");
      rects.forEach(function (rect, i) {
        if (!filtered) {
          rect.setAttribute("y", rect.getAttribute("data-y"));
          rect.setAttribute("height", rect.getAttribute("data-height"));
          return;
        }
        // Filtered: one rectangle per bar, as tall as the incidents shown that week.
        var h = i === 0 ? (counts[week] || 0) * scale : 0;
        rect.setAttribute("height", h.toFixed(2));
        rect.setAttribute("y", (base - h).toFixed(2));
      });
      bar.classList.toggle("empty", filtered && !counts[week]);
    });
  }

  function apply(updateAddress) {
    var p = place.value, k = kind ? kind.value : "", a = actor ? actor.value : "";
    var shown = 0, counts = {};
    items.forEach(function (li) {
      var ids = (li.getAttribute("data-places") || "").split(" ");
      var actors = (li.getAttribute("data-actors") || "").split(" ");
      var ok = (!p || ids.indexOf(p) !== -1) &&
        (!k || li.getAttribute("data-type") === k) && (!a || actors.indexOf(a) !== -1);
      li.hidden = !ok;
      if (ok) {
        shown += 1;
        var week = li.getAttribute("data-week");
        if (week !== null) { counts[week] = (counts[week] || 0) + 1; }
      }
    });
    // Hide the month sections left empty.
    document.querySelectorAll("section.month").forEach(function (section) {
      section.hidden = !section.querySelector("li[data-year]:not([hidden])");
    });
    var filtered = Boolean(p || k || a);
    status.textContent = filtered
      ? shown + " of " + items.length + (items.length === 1 ? " incident" : " incidents") + " shown."
      : "";
    redraw(counts, filtered);
    var params = new URLSearchParams();
    if (p) { params.set("place", p); }
    if (k) { params.set("type", k); }
    if (a) { params.set("actor", a); }
    var query = params.toString();
    carry(query);
    if (updateAddress && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  // The filters follow the reader to the previous and next pages and the months' pages.
  function carry(query) {
    document.querySelectorAll("nav.pager a[rel], ul.months a").forEach(function (link) {
      var href = link.getAttribute("href").split("?")[0];
      link.setAttribute("href", href + (query ? "?" + query : ""));
    });
  }

  function view() {
    document.querySelectorAll("ol.incidents").forEach(function (list) {
      list.classList.toggle("compact", compact.checked);
    });
    try { window.localStorage.setItem("chronicle-compact", compact.checked ? "1" : ""); } catch (e) { /* private mode */ }
  }

  // The number of incidents each bar stands for, from the label the build wrote.
  bars.forEach(function (bar) {
    var match = /: (\d+) /.exec(bar.getAttribute("aria-label") || "");
    bar.setAttribute("data-count", match ? match[1] : "0");
  });
  var params = new URLSearchParams(window.location.search);
  if (params.get("place")) { place.value = params.get("place"); }
  if (kind && params.get("type")) { kind.value = params.get("type"); }
  if (actor && params.get("actor")) { actor.value = params.get("actor"); }
  try { compact.checked = window.localStorage.getItem("chronicle-compact") === "1"; } catch (e) { /* private mode */ }
  [place, kind, actor].forEach(function (select) {
    if (select) { select.addEventListener("change", function () { apply(true); }); }
  });
  compact.addEventListener("change", view);
  form.addEventListener("reset", function () {
    window.setTimeout(function () { apply(true); view(); }, 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply(false);
  view();
})();

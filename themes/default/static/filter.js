/* Timeline filters by place (and every place inside it), by what happened, by actor and
   by year: progressive enhancement. Without JavaScript the form stays hidden and the
   whole timeline shows. The choice is kept in the address (?place=mosul&year=2017), so a
   filtered view can be linked to. */
(function () {
  "use strict";
  var form = document.getElementById("timeline-filters");
  if (!form) { return; }
  var place = form.querySelector("#filter-place");
  var year = form.querySelector("#filter-year");
  var kind = form.querySelector("#filter-type");
  var actor = form.querySelector("#filter-actor");
  var status = form.querySelector("#filter-status");
  var events = Array.prototype.slice.call(document.querySelectorAll("li.event[data-year]"));

  function apply(updateAddress) {
    var p = place.value, y = year.value, shown = 0;
    var k = kind ? kind.value : "", a = actor ? actor.value : "";
    events.forEach(function (li) {
      var ids = (li.getAttribute("data-places") || "").split(" ");
      var actors = (li.getAttribute("data-actors") || "").split(" ");
      var ok = (!p || ids.indexOf(p) !== -1) && (!y || li.getAttribute("data-year") === y) &&
        (!k || li.getAttribute("data-type") === k) && (!a || actors.indexOf(a) !== -1);
      li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    // Hide month and year sections left empty.
    document.querySelectorAll("section.month, section.year").forEach(function (section) {
      section.hidden = !section.querySelector("li.event:not([hidden])");
    });
    status.textContent = (p || y || k || a)
      ? shown + " of " + events.length + " events shown."
      : "";
    if (updateAddress && window.history && window.history.replaceState) {
      var params = new URLSearchParams();
      if (p) { params.set("place", p); }
      if (y) { params.set("year", y); }
      if (k) { params.set("type", k); }
      if (a) { params.set("actor", a); }
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("place")) { place.value = params.get("place"); }
  if (params.get("year")) { year.value = params.get("year"); }
  if (kind && params.get("type")) { kind.value = params.get("type"); }
  if (actor && params.get("actor")) { actor.value = params.get("actor"); }
  [place, year, kind, actor].forEach(function (select) {
    if (select) { select.addEventListener("change", function () { apply(true); }); }
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { apply(true); }, 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply(false);
})();

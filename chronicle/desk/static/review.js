/* The review page's small maps: each item's candidates (numbered as in its list, the one
   extraction chose in red) over the places its report names (grey), on the offline
   country outlines the theme ships. Texts go in as text. */
(function () {
  "use strict";
  if (!window.L) { return; }

  function outlines() {
    var world = window.ChronicleWorld;
    if (!world || !window.topojson) { return null; }
    return L.geoJSON(window.topojson.feature(world, world.objects.countries), {
      interactive: false,
      style: function () {
        return { weight: 1, color: "#8a877d", fillColor: "#e9e5d8", fillOpacity: 1 };
      }
    });
  }

  function read(el, name) {
    try { return JSON.parse(el.getAttribute(name) || "[]"); } catch (e) { return []; }
  }

  function draw(el) {
    var candidates = read(el, "data-candidates");
    var context = read(el, "data-context");
    var map = L.map(el, { scrollWheelZoom: false, worldCopyJump: true, minZoom: 1,
                          zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    // The view first (Leaflet draws no layer on a map without one): every candidate and
    // the report's places.
    var points = candidates.concat(context).map(function (p) { return [p.lat, p.lon]; });
    if (points.length > 1) {
      map.fitBounds(points, { padding: [25, 25], maxZoom: 6 });
    } else if (points.length === 1) {
      map.setView(points[0], 5);
    } else {
      map.setView([30, 20], 1);
    }
    var base = outlines();
    if (base) {
      base.addTo(map);
      map.attributionControl.addAttribution("Natural Earth");
    }
    context.forEach(function (place) {
      L.circleMarker([place.lat, place.lon], {
        radius: 4, weight: 1, color: "#555", fillColor: "#999", fillOpacity: 0.7
      }).bindTooltip(document.createTextNode(place.name)).addTo(map);
    });
    candidates.forEach(function (place) {
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: place.chosen ? 8 : 6, weight: 2, color: "#7a1f0f",
        fillColor: place.chosen ? "#c0392b" : "#f0b27a", fillOpacity: 0.8
      });
      var label = document.createElement("span");
      label.textContent = place.n + ". " + place.name;
      marker.bindTooltip(label, { permanent: true, direction: "right" });
      marker.addTo(map);
    });
    el.classList.add("map-ready");
  }

  function start() {
    var maps = document.querySelectorAll(".desk-map[data-candidates]");
    for (var i = 0; i < maps.length; i++) { draw(maps[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();

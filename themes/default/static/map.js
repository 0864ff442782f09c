/* Chronicle maps: every element with class "map" and a data-places attribute (JSON list of
   {id, name, kind, lat, lon, here, total, url}) becomes a Leaflet map. The base layer is
   offline (Natural Earth country outlines shipped with the theme); an online tile layer is
   added only when the chronicle's author sets `tiles` in chronicle.toml. Every text from
   the data goes into the page as text (textContent, text nodes), never as HTML. */
(function () {
  "use strict";
  if (!window.L) { return; }

  function outlines() {
    var world = window.ChronicleWorld;
    if (!world || !window.topojson) { return null; }
    return L.geoJSON(window.topojson.feature(world, world.objects.countries), {
      interactive: false,
      style: function () {
        return { className: "map-country", weight: 1, color: "#8a877d", fillColor: "#e9e5d8",
                 fillOpacity: 1 };
      }
    });
  }

  function popup(place) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = place.url;
    link.textContent = place.name;
    var strong = document.createElement("strong");
    strong.appendChild(link);
    box.appendChild(strong);
    var info = document.createElement("div");
    var text = place.here + (place.here === 1 ? " event here" : " events here");
    if (place.total !== place.here) { text += ", " + place.total + " with the places inside"; }
    info.textContent = place.kind + " · " + text;
    box.appendChild(info);
    return box;
  }

  function draw(el) {
    var places;
    try { places = JSON.parse(el.getAttribute("data-places") || "[]"); } catch (e) { return; }
    var full = el.classList.contains("map-full");
    var map = L.map(el, { scrollWheelZoom: full, worldCopyJump: true, minZoom: 2,
                          zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    // The view fits the places with events; places only named by a report are drawn too,
    // but a stray one far away does not zoom the map out to the whole world.
    var busy = places.filter(function (place) { return place.total > 0; });
    var bounds = (busy.length ? busy : places).map(function (p) { return [p.lat, p.lon]; });
    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 10 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], (busy[0] || places[0]).kind === "country" ? 5 : 8);
    } else {
      map.setView([30, 40], 3);
    }
    var base = outlines();
    if (base) {
      base.addTo(map);
      map.attributionControl.addAttribution("Natural Earth");
    }
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      var note = document.createElement("span");
      note.textContent = el.getAttribute("data-tiles-attribution") || "";
      L.tileLayer(tiles, { attribution: note.innerHTML, maxZoom: 18 }).addTo(map);
    }
    places.forEach(function (place) {
      var radius = 5 + 4 * Math.sqrt(place.here || 0);
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: radius, className: "map-marker map-marker-" + place.kind, weight: 2,
        color: "#7a1f0f", fillColor: "#c0392b", fillOpacity: place.here ? 0.6 : 0.25
      });
      marker.bindPopup(popup(place));
      // Leaflet inserts a string as HTML: the name goes in as a text node.
      marker.bindTooltip(document.createTextNode(place.name));
      marker.addTo(map);
    });
    el.classList.add("map-ready");
  }

  function start() {
    var maps = document.querySelectorAll(".map[data-places]");
    for (var i = 0; i < maps.length; i++) { draw(maps[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();

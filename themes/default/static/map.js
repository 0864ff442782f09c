/* Chronicle maps: every element with class "map" and a data-places attribute (JSON list of
   {id, name, kind, lat, lon, here, total, url}) becomes a Leaflet map.

   data-view (JSON, optional) says what else it shows: "bounds" to open on ([[s, w], [n, e]],
   the chronicle's region or a province), "countries" whose province outlines to draw (each
   loaded by its own script, data/admin1/<cc>.js, into window.ChronicleAdmin1), "areas"
   ({id: {name, url, n, at}}: the provinces that are the chronicle's places), "classes"
   ([[low, high, step], ...]: colour the provinces by n, a choropleth), "focus" (the
   province to stand out) and "labels" (name the provinces of "areas").

   The base layer is offline (Natural Earth country outlines shipped with the theme); an
   online tile layer is added only when the chronicle's author sets `tiles`. Text from the
   data goes into the page as text nodes, never as HTML. */
(function () {
  "use strict";
  if (!window.L) { return; }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function escaped(value) {
    return value.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function outlines() {
    var world = window.ChronicleWorld;
    if (!world || !window.topojson) { return null; }
    return L.geoJSON(window.topojson.feature(world, world.objects.countries), {
      interactive: false,
      pane: "countries",
      style: function () {
        return { className: "map-country", weight: 1, color: "#8a877d", fillColor: "#e9e5d8",
                 fillOpacity: 1 };
      }
    });
  }

  function placePopup(place) {
    var box = document.createElement("div");
    var link = text("a", place.name);
    link.href = place.url;
    var strong = document.createElement("strong");
    strong.appendChild(link);
    box.appendChild(strong);
    var info = plural(place.here, "event here", "events here");
    if (place.total !== place.here) { info += ", " + place.total + " with the places inside"; }
    box.appendChild(text("div", place.kind + " · " + info));
    return box;
  }

  function areaPopup(area) {
    var box = document.createElement("div");
    var strong = document.createElement("strong");
    if (area.url) {
      var link = text("a", area.title || area.name);
      link.href = area.url;
      strong.appendChild(link);
    } else {
      strong.textContent = area.name;
    }
    box.appendChild(strong);
    if (typeof area.n === "number") {
      box.appendChild(text("div", "province · " + plural(area.n, "incident", "incidents") +
                                  " in it"));
    }
    return box;
  }

  function step(n, classes) {
    if (!n) { return 0; }
    for (var i = 0; i < classes.length; i++) {
      if (n <= classes[i][1]) { return classes[i][2]; }
    }
    return classes.length ? classes[classes.length - 1][2] : 0;
  }

  function provinces(map, view) {
    var shapes = window.ChronicleAdmin1 || {};
    var areas = view.areas || {};
    var drawn = false;
    (view.countries || []).forEach(function (code) {
      var topology = shapes[code];
      if (!topology || !window.topojson) { return; }
      var features = window.topojson.feature(topology, topology.objects.admin1).features;
      L.geoJSON(features, {
        pane: "areas",
        style: function (feature) {
          var area = areas[feature.id];
          var name = "map-area";
          if (view.classes) { name += " map-area-c" + step(area ? area.n : 0, view.classes); }
          if (feature.id === view.focus) { name += " map-area-focus"; }
          if (area && area.url) { name += " map-area-linked"; }
          return { className: name, weight: feature.id === view.focus ? 2.5 : 1,
                   color: "#77736a", fillOpacity: 0.8 };
        },
        onEachFeature: function (feature, layer) {
          var area = areas[feature.id] || { name: feature.properties.name };
          layer.bindPopup(areaPopup(area));
          if (!view.labels) {
            var hint = area.name;
            if (typeof area.n === "number") { hint += ": " + plural(area.n, "incident", "incidents"); }
            layer.bindTooltip(text("span", hint), { sticky: true });
          }
          var at = area.at || layer.getBounds().getCenter();
          // Labelled: the provinces of the view whose label point is well inside it (a
          // name cut by the map's edge says nothing).
          if (view.labels && areas[feature.id] && map.getBounds().pad(-0.06).contains(at)) {
            L.tooltip({ permanent: true, direction: "center", className: "map-label",
                        interactive: false, pane: "labels" })
              .setLatLng(at).setContent(text("span", area.name)).openOn(map);
          }
        }
      }).addTo(map);
      drawn = true;
    });
    if (drawn) { map.attributionControl.addAttribution("Natural Earth"); }
  }

  function clusterIcon(cluster) {
    var places = cluster.getAllChildMarkers();
    var events = 0;
    places.forEach(function (m) { events += m.chroniclePlace.here || 0; });
    var inner = document.createElement("div");
    inner.appendChild(text("span", String(places.length)));
    inner.appendChild(text("span", " places, " + plural(events, "event", "events") +
                                   ": select to zoom in", "visually-hidden"));
    var size = places.length < 10 ? 34 : (places.length < 100 ? 40 : 46);
    return L.divIcon({ html: inner, className: "marker-cluster map-cluster",
                       iconSize: L.point(size, size) });
  }

  function markers(map, places, here, cluster) {
    var group = cluster && L.markerClusterGroup
      ? L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false,
                               maxClusterRadius: 50, clusterPane: "clusters" })
      : L.layerGroup();
    var mine = null;
    places.forEach(function (place) {
      var radius = 5 + 4 * Math.sqrt(place.here || 0);
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: radius, weight: 2, pane: "markers",
        className: "map-marker map-marker-" + place.kind +
                   (place.id === here ? " map-marker-here" : ""),
        color: "#7a1f0f", fillColor: "#c0392b", fillOpacity: place.here ? 0.6 : 0.25
      });
      marker.chroniclePlace = place;
      marker.bindPopup(placePopup(place));
      marker.bindTooltip(text("span", place.name));
      if (place.id === here) { mine = marker; } else { group.addLayer(marker); }
    });
    group.addTo(map);
    // The place of the page stands on top, never folded into a cluster.
    if (mine) { mine.addTo(map); mine.bringToFront(); }
  }

  function fit(map, el, places, view, full) {
    if (view.bounds) {
      map.fitBounds(view.bounds, { padding: full ? [20, 20] : [16, 16], maxZoom: 10 });
      return;
    }
    // Without a region: fit the places with events; places only named by a report are
    // drawn too, but a stray one far away does not zoom the map out to the world.
    var busy = places.filter(function (place) { return place.total > 0; });
    var bounds = (busy.length ? busy : places).map(function (p) { return [p.lat, p.lon]; });
    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 10 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], (busy[0] || places[0]).kind === "country" ? 5 : 8);
    } else {
      map.setView([30, 40], 3);
    }
  }

  function draw(el) {
    var places, view;
    try {
      places = JSON.parse(el.getAttribute("data-places") || "[]");
      view = JSON.parse(el.getAttribute("data-view") || "{}") || {};
    } catch (e) { return; }
    var full = el.classList.contains("map-full");
    var map = L.map(el, { scrollWheelZoom: full, worldCopyJump: true, minZoom: 2,
                          maxZoom: 18, zoomSnap: 0.25 });
    map.attributionControl.setPrefix(false);
    [["countries", 250], ["areas", 300], ["markers", 450], ["labels", 460],
     ["clusters", 620]].forEach(function (pane) {
      map.createPane(pane[0]).style.zIndex = pane[1];
    });
    map.getPane("labels").style.pointerEvents = "none";
    fit(map, el, places, view, full);
    var tiles = el.getAttribute("data-tiles");
    // Over tiles, the land is theirs: the outlines' fill would hide them.
    var base = tiles ? null : outlines();
    if (tiles) { el.classList.add("map-tiles"); }
    if (base) {
      base.addTo(map);
      map.attributionControl.addAttribution("Natural Earth");
    }
    if (tiles) {
      // Leaflet shows attributions as HTML: the author's words are escaped first.
      L.tileLayer(tiles, { attribution: escaped(el.getAttribute("data-tiles-attribution") || ""),
                           maxZoom: 18 }).addTo(map);
    }
    provinces(map, view);
    markers(map, places, view.here, full || places.length > 20);  // (mapdata.CLUSTER_FROM)
    el.chronicleMap = map;  // (for a theme's own scripts, and the tests)
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

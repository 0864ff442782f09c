/* The timeline is paged by year: a link to an event or incident on the old single page
   (timeline/index.html#ev-...) still lands where it is now, through anchors.json. */
(function () {
  "use strict";
  var anchor = window.location.hash.slice(1);
  if (!/^(ev|inc)-[0-9a-fx]+$/.test(anchor)) { return; }
  var note = document.getElementById("old-anchor");
  fetch("anchors.json").then(function (r) { return r.ok ? r.json() : {}; }).then(function (map) {
    var target = map[anchor];
    if (target) {
      window.location.replace(target);
    } else if (note) {
      note.textContent = "That event is no longer in the chronicle.";
      note.hidden = false;
    }
  }).catch(function () {});
})();

/* The places index's filter box: progressive enhancement. Without JavaScript the box stays
   hidden and every place shows. Typing keeps the places whose name or other spelling holds
   the words (accents and case aside), with the places that contain them; ?q=... in the
   address opens the index filtered. */
(function () {
  "use strict";
  var form = document.getElementById("place-filter");
  var input = document.getElementById("place-filter-q");
  var status = document.getElementById("place-filter-status");
  if (!form || !input || !status) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll(".place-group li[data-names]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".place-group"));

  function fold(value) {
    return value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function apply(updateAddress) {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) { li.hidden = words.length > 0; });
    if (words.length) {
      items.forEach(function (li) {
        var names = li.getAttribute("data-names") || "";
        var match = words.every(function (w) { return names.indexOf(w) !== -1; });
        if (!match) { return; }
        shown += 1;
        // The place and every place containing it.
        for (var node = li; node && node.matches("li[data-names]");
             node = node.parentElement.closest("li[data-names]")) {
          node.hidden = false;
        }
      });
    }
    groups.forEach(function (group) {
      // A country that matches shows (its heading links to its page).
      var names = group.getAttribute("data-names");
      var match = names !== null && words.length > 0 &&
        words.every(function (w) { return names.indexOf(w) !== -1; });
      if (match) { shown += 1; }
      group.hidden = words.length > 0 && !match &&
        !group.querySelector("li[data-names]:not([hidden])");
    });
    status.textContent = !words.length ? ""
      : shown === 0 ? "No place matches “" + input.value.trim() + "”."
      : (shown === 1 ? "1 place matches" : shown + " places match") +
        " “" + input.value.trim() + "”.";
    if (updateAddress && window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      if (words.length) { url.searchParams.set("q", input.value.trim()); }
      else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.toString());
    }
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("input", function () { apply(true); });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; apply(false); }
})();

/* Search with Pagefind's index (built by `chronicle build` into pagefind/). Results link
   to reports, places and, inside the timeline, to single events. Needs a web server:
   browsers do not load the index from files opened from disk. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  var root = box.getAttribute("data-root") || "";
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var form = box.querySelector("form");
  var pagefind = null;
  var serial = 0;

  function load() {
    if (pagefind) { return Promise.resolve(pagefind); }
    var base = new URL(root, window.location.href);
    return import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
      pagefind = module;
      return module.options({ baseUrl: base.pathname }).then(function () { return module; });
    });
  }

  function item(href, title, excerpt) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href;
    a.textContent = title;
    li.appendChild(a);
    if (excerpt) {
      li.appendChild(marked(excerpt));
    }
    return li;
  }

  // Pagefind's excerpt is HTML: escaped text with <mark> around the words found. It is
  // parsed inert (DOMParser runs nothing) and rebuilt from its text and marks alone, so
  // whatever an indexed page held can only ever show as text.
  function marked(excerpt) {
    var p = document.createElement("p");
    var parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function run(query) {
    var mine = ++serial;
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    load().then(function (pf) {
      return pf.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (mine !== serial) { return; }
      results.forEach(function (data) {
        var li = item(data.url, (data.meta && data.meta.title) || data.url, data.excerpt);
        var subs = (data.sub_results || []).filter(function (s) {
          return s.url !== data.url && s.url.indexOf("#") !== -1;
        }).slice(0, 5);
        if (subs.length) {
          var ul = document.createElement("ul");
          subs.forEach(function (s) { ul.appendChild(item(s.url, s.title, s.excerpt)); });
          li.appendChild(ul);
        }
        list.appendChild(li);
      });
      status.textContent = results.length
        ? results.length + (results.length === 1 ? " page" : " pages") + " found for “" + query + "”."
        : "Nothing found for “" + query + "”.";
    }).catch(function () {
      if (mine !== serial) { return; }
      status.textContent = "Search is not available here (it needs the site served over HTTP, " +
        "and a build with Pagefind installed).";
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { run(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value);
    var params = new URLSearchParams({ q: input.value });
    window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();

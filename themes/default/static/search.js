/* Chronicle's search page: reads the index `chronicle build` writes into search/data/
   (chronicle/site/search.py describes the files) with fetch, ranks in the browser, shows a
   page of results at a time with excerpts taken from the result pages themselves.

   The tokenizer and the ranking mirror chronicle/site/search.py exactly (tests run both).
   Nothing read from the index or from a page is inserted as HTML: only as text. Needs the
   site served over HTTP (browsers do not let a page fetch files opened from disk). */
(function () {
  "use strict";

  // ------------------------------------------------------------------ tokenizer

  var APOSTROPHES = /[\u2019\u2018\u02bc\u02bb\u02bf\u02be\u00b4\u2032\u02b9\uff07]/g;
  var HYPHENS = /[\u2010\u2011]/g;
  var MARKS = /\p{M}/gu;
  var FOLDS = {
    "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0111": "d",
    "\u00f0": "d", "\u0127": "h", "\u0131": "i", "\u0142": "l", "\u00fe": "th"
  };
  var FOLD_RE = /[\u00df\u00e6\u0153\u00f8\u0111\u00f0\u0127\u0131\u0142\u00fe]/g;
  var THOUSANDS = /(?<=[0-9]),(?=[0-9]{3}(?![0-9]))/g;
  var WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;
  var MAX_TERM = 40;

  function wordSet(words) {
    var set = Object.create(null);
    words.split(" ").forEach(function (w) { set[w] = true; });
    return set;
  }
  var ARTICLES = wordSet("al el ad adh an ar as ash at ath az ed en er es esh et ez ud ul");
  var STOPWORDS = wordSet(
    "a al an and are as at be by el for from had has have he her his i in into is it its of " +
    "on or she that the their them they this to was we were which with");

  function foldText(text) {
    var folded = text.toLowerCase().replace(APOSTROPHES, "'").normalize("NFKD")
      .replace(HYPHENS, "-").replace(MARKS, "")
      .replace(FOLD_RE, function (c) { return FOLDS[c]; }).toLowerCase();
    return folded.replace(THOUSANDS, "");
  }

  function wordTerms(word, query) {
    var parts = word.split("-");
    if (parts.length > 1) {
      parts = parts.filter(function (p, i) { return i + 1 === parts.length || !ARTICLES[p]; });
    }
    var out = [];
    function keep(form) {
      if (form && !STOPWORDS[form] && form.length <= MAX_TERM && out.indexOf(form) < 0) {
        out.push(form);
      }
    }
    parts.forEach(function (part) {
      if (part.indexOf("'") < 0) { keep(part); return; }
      var joined = part.split("'").join("");
      if (part.slice(-2) === "'s") {
        var stem = part.slice(0, -2).split("'").join("");
        if (!query) { keep(joined); }
        keep(stem);
      } else {
        keep(joined);
      }
    });
    if (!query && parts.length > 1) {
      var all = parts.join("").split("'").join("");
      if (all.length <= MAX_TERM && out.indexOf(all) < 0) { out.push(all); }
    }
    return out;
  }

  function words(text) {
    return foldText(text).match(WORD) || [];
  }

  function indexTerms(text) {
    var out = [];
    words(text).forEach(function (w) { out.push.apply(out, wordTerms(w, false)); });
    return out;
  }

  function queryTerms(text) {
    var out = [];
    words(text).forEach(function (w) {
      wordTerms(w, true).forEach(function (t) { if (out.indexOf(t) < 0) { out.push(t); } });
    });
    return out;
  }

  function shardKey(term) {
    var key = Array.from(term).slice(0, 2).join("");
    if (/^[a-z0-9]+$/.test(key)) { return key; }
    return "_" + Array.from(key).map(function (c) {
      return c.codePointAt(0).toString(16);
    }).join("_");
  }

  // ------------------------------------------------------------------ encodings

  var DIGIT = new Int8Array(128).fill(-1);
  var LAST = new Uint8Array(128);
  "0123456789abcdefghijklmnopqrstuv".split("").forEach(function (c, v) {
    DIGIT[c.charCodeAt(0)] = v; LAST[c.charCodeAt(0)] = 1;
  });
  "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_".split("").forEach(function (c, v) {
    DIGIT[c.charCodeAt(0)] = v;
  });

  function decodeInts(text) {
    var out = [];
    var value = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      var digit = code < 128 ? DIGIT[code] : -1;
      if (digit < 0) { throw new Error("search index: bad number"); }
      value = value * 32 + digit;
      if (LAST[code]) { out.push(value); value = 0; }
    }
    return out;
  }

  // ------------------------------------------------------------------ ranking

  var KIND_OF = { r: "report", p: "place", a: "actor", i: "incident" };

  /* The index, read through `load(path)` (a promise of the parsed JSON of a file under
     search/data/), each file once. */
  function Engine(load) {
    this.load = load;
    this.files = Object.create(null);
  }

  Engine.prototype.file = function (path) {
    if (!this.files[path]) { this.files[path] = this.load(path); }
    return this.files[path];
  };

  Engine.prototype.meta = function () { return this.file("meta.json"); };

  /* Ranked ids for `query`: {terms, all, hits: [{id, score, kind}]}. BM25 summed over the
     terms; a document must have every term, else (when none has) any of them (`all` false).
     `prefix`: the last term also matches longer words that start with it, at half weight. */
  Engine.prototype.search = function (query, prefix) {
    var self = this;
    var terms = queryTerms(query);
    return this.meta().then(function (meta) {
      if (!terms.length || !meta.docs) { return { terms: terms, all: true, hits: [] }; }
      var shards = Object.create(null);
      meta.shards.forEach(function (k) { shards[k] = true; });
      return Promise.all(terms.map(function (term) {
        var key = shardKey(term);
        return shards[key] ? self.file("t/" + key + ".json") : Promise.resolve({});
      })).then(function (loaded) {
        var groups = terms.map(function (term, position) {
          var shard = loaded[position];
          var matches = [];
          if (Object.prototype.hasOwnProperty.call(shard, term)) { matches.push([term, 1]); }
          if (prefix && position === terms.length - 1 && Array.from(term).length >= 2) {
            Object.keys(shard).sort().forEach(function (t) {
              if (t !== term && t.lastIndexOf(term, 0) === 0) { matches.push([t, meta.prefixWeight]); }
            });
          }
          return matches.map(function (m) { return { weight: m[1], postings: decodeInts(shard[m[0]]) }; });
        });
        var sets = groups.map(function (matches) {
          var ids = new Set();
          matches.forEach(function (m) {
            var doc = 0;
            for (var i = 0; i < m.postings.length; i += 2) { doc += m.postings[i]; ids.add(doc); }
          });
          return ids;
        });
        var every = Array.from(sets[0]).filter(function (id) {
          return sets.every(function (s) { return s.has(id); });
        });
        var found = every;
        if (!every.length) {
          var any = new Set();
          sets.forEach(function (s) { s.forEach(function (id) { any.add(id); }); });
          found = Array.from(any);
        }
        var blocks = Array.from(new Set(found.map(function (id) {
          return Math.floor(id / meta.normBlock);
        })));
        return Promise.all(blocks.map(function (b) {
          return self.file("n/" + b + ".json");
        })).then(function (norms) {
          var byBlock = Object.create(null);
          blocks.forEach(function (b, i) {
            byBlock[b] = { kinds: norms[i].kinds, lengths: decodeInts(norms[i].lengths) };
          });
          return {
            terms: terms,
            all: every.length > 0 || groups.length === 1,
            hits: rank(meta, groups, found, byBlock)
          };
        });
      });
    });
  };

  function rank(meta, groups, found, norms) {
    var average = Object.create(null);
    Object.keys(meta.kinds).forEach(function (kind) {
      var count = meta.kinds[kind];
      average[kind] = count[0] ? count[1] / count[0] : 1.0;
    });
    var wanted = new Set(found);
    var docs = meta.docs;
    var k1 = meta.k1;
    var b = meta.b;
    var scores = groups.map(function (matches) {
      var best = new Map();
      matches.forEach(function (m) {
        var p = m.postings;
        var df = p.length / 2;
        var idf = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
        var doc = 0;
        for (var i = 0; i < p.length; i += 2) {
          doc += p[i];
          if (!wanted.has(doc)) { continue; }
          var norm = norms[Math.floor(doc / meta.normBlock)];
          var offset = doc % meta.normBlock;
          var length = norm.lengths[offset];
          var freq = p[i + 1];
          var bm25 = idf * freq * (k1 + 1) /
            (freq + k1 * (1 - b + b * length / average[KIND_OF[norm.kinds[offset]]]));
          var score = m.weight * bm25;
          if (score > (best.get(doc) || 0)) { best.set(doc, score); }
        }
      });
      return best;
    });
    var hits = found.map(function (id) {
      var total = 0;
      scores.forEach(function (s) { total += s.get(id) || 0; });
      var norm = norms[Math.floor(id / meta.normBlock)];
      return { id: id, score: total, kind: KIND_OF[norm.kinds[id % meta.normBlock]] };
    });
    hits.sort(function (x, y) { return y.score - x.score || x.id - y.id; });
    return hits;
  }

  /* The rows [url, title, kind, date] of `ids`, by id. */
  Engine.prototype.rows = function (ids) {
    var self = this;
    return this.meta().then(function (meta) {
      var blocks = Array.from(new Set(ids.map(function (id) {
        return Math.floor(id / meta.docBlock);
      })));
      return Promise.all(blocks.map(function (b) { return self.file("d/" + b + ".json"); }))
        .then(function (loaded) {
          var rows = Object.create(null);
          ids.forEach(function (id) {
            rows[id] = loaded[blocks.indexOf(Math.floor(id / meta.docBlock))][id % meta.docBlock];
          });
          return rows;
        });
    });
  };

  // ------------------------------------------------------------------ exports for tests

  var core = {
    foldText: foldText, wordTerms: wordTerms, indexTerms: indexTerms, queryTerms: queryTerms,
    shardKey: shardKey, decodeInts: decodeInts, Engine: Engine
  };
  if (typeof module === "object" && module.exports) { module.exports = core; return; }
  if (typeof document === "undefined") { return; }

  // ------------------------------------------------------------------ excerpts

  var SPAN = /[\p{L}\p{M}\p{N}'\u2019\u2018\u02bc\u02bb\u02bf\u02be\u00b4\u2032\u02b9\uff07\u2010\u2011-]+/gu;
  var BLOCKS = "p,li,h1,h2,h3,h4,h5,h6,div,section,article,aside,blockquote,dd,dt,td,th," +
    "figcaption,br";
  var pages = new Map();

  /* The searchable text of a result: its page's `data-search-body` region (else <main>),
     or the element its #anchor names, without `data-search-ignore` parts. */
  function pageText(href) {
    var url = new URL(href, window.location.href);
    var anchor = decodeURIComponent(url.hash.slice(1));
    url.hash = "";
    if (!pages.has(url.href)) {
      pages.set(url.href, fetch(url.href).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      }).then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");  // inert: no scripts run
      }));
    }
    return pages.get(url.href).then(function (doc) {
      var region = (anchor && doc.getElementById(anchor)) ||
        doc.querySelector("[data-search-body]") || doc.querySelector("main") || doc.body;
      var copy = region.cloneNode(true);
      // the title is the result's link already
      copy.querySelectorAll("[data-search-ignore],h1,script,style,template,noscript")
        .forEach(function (el) { el.remove(); });
      copy.querySelectorAll(BLOCKS).forEach(function (el) { el.append(" "); });
      return copy.textContent.replace(/\s+/g, " ").trim();
    });
  }

  /* Where the words of the query are in `text`: [{start, end, term}] (term: the index of
     the query term matched). */
  function findTerms(text, terms, prefix) {
    var found = [];
    var last = terms.length - 1;
    var match;
    SPAN.lastIndex = 0;
    while ((match = SPAN.exec(text)) !== null) {
      var spanTerms = indexTerms(match[0]);
      for (var t = 0; t < terms.length; t++) {
        var hit = spanTerms.some(function (s) {
          return s === terms[t] || (prefix && t === last && s.lastIndexOf(terms[t], 0) === 0);
        });
        if (hit) {
          found.push({ start: match.index, end: match.index + match[0].length, term: t });
          break;
        }
      }
    }
    return found;
  }

  var EXCERPT = 220;

  /* A stretch of `text` around the place where most query words are close together, with
     the words marked. Built from text nodes and <mark> elements only. */
  function excerpt(target, text, terms, prefix) {
    var found = findTerms(text, terms, prefix);
    var start = 0;
    if (found.length) {
      var best = -1;
      found.forEach(function (f, i) {
        var seen = new Set();
        for (var j = i; j < found.length && found[j].start < f.start + EXCERPT - 40; j++) {
          seen.add(found[j].term);
        }
        if (seen.size > best) { best = seen.size; start = f.start; }
      });
      start = start < 100 ? 0 : start - 50;  // near the start: show it from the start
      if (start > 0) {
        var space = text.indexOf(" ", start);
        start = space >= 0 && space < start + 30 ? space + 1 : start;
      }
    }
    var end = Math.min(text.length, start + EXCERPT);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      end = cut > start + 60 ? cut : end;
    }
    target.textContent = "";
    if (start > 0) { target.append("… "); }
    var at = start;
    found.forEach(function (f) {
      if (f.start < at || f.end > end) { return; }
      target.append(text.slice(at, f.start));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(f.start, f.end);
      target.append(mark);
      at = f.end;
    });
    target.append(text.slice(at, end));
    if (end < text.length) { target.append(" …"); }
  }

  // ------------------------------------------------------------------ the page

  var box = document.getElementById("search");
  if (!box) { return; }
  var root = box.getAttribute("data-root") || "";
  var form = box.querySelector("form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var kindsBar = document.getElementById("search-kinds");
  var list = document.getElementById("search-results");
  var pager = document.getElementById("search-pager");
  var prev = document.getElementById("search-prev");
  var next = document.getElementById("search-next");
  var pageLabel = document.getElementById("search-page");
  var PER_PAGE = 10;
  var LABELS = {
    report: ["report", "reports", "Reports"],
    place: ["place", "places", "Places"],
    actor: ["actor", "actors", "Actors"],
    incident: ["incident", "incidents", "Incidents"]
  };
  var KINDS = ["report", "place", "actor", "incident"];
  var lang = document.documentElement.lang || "en";
  var dataUrl = new URL(root + "search/data/", window.location.href);
  var engine = new Engine(function (path) {
    return fetch(new URL(path, dataUrl).href, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) {
        var error = new Error("missing " + path);
        error.missing = true;
        throw error;
      }
      return response.json();
    });
  });
  var state = { query: "", page: 1, kind: "", result: null };
  var serial = 0;

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function quoted(query) { return "\u201c" + query.trim() + "\u201d"; }

  function dateLabel(date) {
    var parts = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date || "");
    if (!parts) { return date || ""; }
    var options = { year: "numeric", timeZone: "UTC" };
    if (parts[2]) { options.month = "long"; }
    if (parts[3]) { options.day = "numeric"; }
    var when = new Date(Date.UTC(+parts[1], parts[2] ? +parts[2] - 1 : 0, parts[3] ? +parts[3] : 1));
    try {
      return new Intl.DateTimeFormat(lang, options).format(when);
    } catch (e) {
      return date;
    }
  }

  function shown() {
    var hits = state.result ? state.result.hits : [];
    return state.kind ? hits.filter(function (h) { return h.kind === state.kind; }) : hits;
  }

  function remember() {
    var params = new URLSearchParams();
    if (state.query) { params.set("q", state.query); }
    if (state.kind) { params.set("kind", state.kind); }
    if (state.page > 1) { params.set("page", String(state.page)); }
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  function run(query, page, kind) {
    var mine = ++serial;
    state.query = query;
    var prefix = /[\p{L}\p{N}\p{M}]$/u.test(query);
    if (!queryTerms(query).length) {
      state.result = null;
      list.textContent = "";
      kindsBar.hidden = true;
      pager.hidden = true;
      status.textContent = query.trim()
        ? "Nothing to search for in " + quoted(query) + ": the commonest words are not indexed."
        : "";
      remember();
      return;
    }
    if (window.location.protocol === "file:") {
      status.textContent = "Search needs the site served over HTTP (for example by " +
        "\u201cchronicle serve\u201d): browsers do not let a page read its index from files on disk.";
      return;
    }
    var slow = window.setTimeout(function () {
      if (mine === serial) { status.textContent = "Searching\u2026"; }
    }, 400);
    engine.search(query, prefix).then(function (result) {
      if (mine !== serial) { return; }
      state.result = result;
      state.kind = kind && result.hits.some(function (h) { return h.kind === kind; }) ? kind : "";
      var pages = Math.max(1, Math.ceil(shown().length / PER_PAGE));
      state.page = Math.min(Math.max(1, page || 1), pages);
      remember();
      return render(mine, false);
    }).catch(function (error) {
      if (mine !== serial) { return; }
      list.textContent = "";
      kindsBar.hidden = true;
      pager.hidden = true;
      status.textContent = error && error.missing
        ? "This site has no search index (it was built with search turned off)."
        : "Search is not available here: it needs the site served over HTTP.";
    }).then(function () { window.clearTimeout(slow); });
  }

  function describe() {
    var result = state.result;
    var total = result.hits.length;
    var query = quoted(state.query);
    if (!total) { return "Nothing found for " + query + "."; }
    var text = result.all
      ? plural(total, "result", "results") + " for " + query
      : "No result has all of " + query + "; " + plural(total, "result has", "results have") +
        " some of the words";
    if (state.kind) {
      text += " (" + plural(shown().length, LABELS[state.kind][0], LABELS[state.kind][1]) + " shown)";
    }
    var pages = Math.ceil(shown().length / PER_PAGE);
    if (pages > 1) { text += ", page " + state.page + " of " + pages; }
    return text + ".";
  }

  function renderKinds() {
    var counts = {};
    state.result.hits.forEach(function (h) { counts[h.kind] = (counts[h.kind] || 0) + 1; });
    var present = KINDS.filter(function (k) { return counts[k]; });
    kindsBar.textContent = "";
    kindsBar.hidden = present.length < 2;
    if (kindsBar.hidden) { return; }
    [""].concat(present).forEach(function (kind) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = (kind ? LABELS[kind][2] : "All") + " " +
        (kind ? counts[kind] : state.result.hits.length);
      button.setAttribute("aria-pressed", String(state.kind === kind));
      button.setAttribute("data-kind", kind);
      button.addEventListener("click", function () {
        state.kind = kind;
        state.page = 1;
        remember();
        render(++serial, false);
        // the buttons were made again: keep the focus on this one
        kindsBar.querySelector('[data-kind="' + kind + '"]').focus();
      });
      kindsBar.appendChild(button);
    });
  }

  function render(mine, focus) {
    var hits = shown();
    var pages = Math.max(1, Math.ceil(hits.length / PER_PAGE));
    var first = (state.page - 1) * PER_PAGE;
    var slice = hits.slice(first, first + PER_PAGE);
    renderKinds();
    pager.hidden = pages < 2;
    prev.disabled = state.page <= 1;
    next.disabled = state.page >= pages;
    pageLabel.textContent = hits.length
      ? "Results " + (first + 1) + "\u2013" + (first + slice.length) + " of " + hits.length
      : "";
    return engine.rows(slice.map(function (h) { return h.id; })).then(function (rows) {
      if (mine !== serial) { return; }
      list.textContent = "";
      list.start = first + 1;
      var terms = state.result.terms;
      var prefix = /[\p{L}\p{N}\p{M}]$/u.test(state.query);
      slice.forEach(function (hit) {
        var row = rows[hit.id];
        if (!row) { return; }
        list.appendChild(item(row, terms, prefix));
      });
      status.textContent = describe();
      if (focus) { list.focus(); }
    });
  }

  function item(row, terms, prefix) {
    var href = root + row[0];
    var li = document.createElement("li");
    li.className = "search-result search-" + row[2];
    var link = document.createElement("a");
    link.href = href;
    link.textContent = row[1] || row[0];
    li.appendChild(link);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = LABELS[row[2]] ? LABELS[row[2]][2].slice(0, -1) : row[2];
    meta.appendChild(kind);
    if (row[3]) {
      meta.append(" \u00b7 ");
      var time = document.createElement("time");
      if (/^\d{4}(-\d{2}){0,2}$/.test(row[3])) { time.dateTime = row[3]; }
      time.textContent = dateLabel(row[3]);
      meta.appendChild(time);
    }
    li.appendChild(meta);
    var text = document.createElement("p");
    text.className = "search-excerpt";
    li.appendChild(text);
    pageText(href).then(function (body) {
      excerpt(text, body, terms, prefix);
    }).catch(function () {
      text.remove();  // the page is gone or unreadable: the title and date stay
    });
    return li;
  }

  function turn(step) {
    state.page += step;
    remember();
    render(++serial, true);
  }
  prev.addEventListener("click", function () { turn(-1); });
  next.addEventListener("click", function () { turn(1); });

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { run(input.value, 1, state.kind); }, 200);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    run(input.value, 1, state.kind);
  });
  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q");
  if (initial) {
    input.value = initial;
    run(initial, parseInt(params.get("page"), 10) || 1, params.get("kind") || "");
  }
})();

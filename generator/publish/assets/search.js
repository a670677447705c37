// Offline full-text search. The first time the box is used, MiniSearch (vendored,
// assets/minisearch.min.js) indexes the documents of assets/search-index.js: each
// operation, action and schema by its summary, name, path, method, description and
// field names (nested ones too). Both are loaded as scripts, so the search works from
// file:// too. One tokenizer serves the index and the queries: words, the parts of
// camelCase names (flavorRef: flavor, ref), and CJK text as overlapping two-character
// pairs (创建云硬盘: 创建 建云 云硬 硬盘), which needs no dictionary and behaves the same in
// every browser. Words are lower-cased and lightly stemmed (creating, created, create
// all index as "creat"); the last word of a query also matches as a prefix. Every word
// must match (else any word may); summary and name hits rank first. A query starting
// with "/" also matches a concrete path against the templates (/v2/123/x finds
// /v2/{project_id}/x). Results are built as DOM nodes, never as HTML text.
// Keys: "/" focuses the box, arrows move through the results, Enter opens, Esc closes.
// The index's text rules, also what bench/search_index.js measures with.
(function () {
  "use strict";
  // runs of letters, digits and "_", or of CJK ideographs (code points from U+3400)
  var RUN = /[0-9A-Za-z_\u00c0-\u024f]+|[\u3400-\u9fff\uf900-\ufaff]+/g;
  var PARTS = /[A-Z_]/;
  var STOP = { a: 1, an: 1, the: 1, of: 1, to: 1, "for": 1, by: 1, "in": 1, on: 1, and: 1,
               or: 1, is: 1, with: 1, from: 1, "的": 1 };

  // an identifier gives itself and its parts (dataset_id → dataset_id dataset id,
  // flavorRef → flavorRef flavor Ref); CJK text its overlapping pairs
  function tokenize(text) {
    var out = [];
    var runs = String(text || "").match(RUN) || [];
    for (var r = 0; r < runs.length; r++) {
      var run = runs[r];
      if (run.charCodeAt(0) >= 0x3400) {
        if (run.length === 1) { out.push(run); }
        for (var i = 0; i + 1 < run.length; i++) { out.push(run.substr(i, 2)); }
        continue;
      }
      if (run.charAt(0) === "_" || run.charAt(run.length - 1) === "_") {
        run = run.replace(/^_+|_+$/g, "");
        if (!run) { continue; }
      }
      out.push(run);
      if (PARTS.test(run)) {
        var pieces = run.replace(/([a-z0-9])([A-Z])/g, "$1 $2")
          .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").split(/[ _]+/);
        if (pieces.length > 1) {
          for (var p = 0; p < pieces.length; p++) { if (pieces[p]) { out.push(pieces[p]); } }
        }
      }
    }
    return out;
  }

  function stem(term) {
    if (term.length < 4 || !/^[a-z]+$/.test(term)) { return term; }
    var cut = term;
    if (/ies$/.test(cut)) { return cut.slice(0, -3) + "y"; }
    if (/(ing|ed)$/.test(cut) && cut.length > 5) { cut = cut.replace(/(ing|ed)$/, ""); }
    else if (/[^su]s$/.test(cut)) { cut = cut.slice(0, -1); }
    if (/e$/.test(cut) && cut.length > 4) { cut = cut.slice(0, -1); }
    return cut;
  }

  function processTerm(term) {
    var lower = term.toLowerCase();
    return STOP[lower] ? null : stem(lower);
  }

  // a word of the site's language (from its data file), with its {values} filled in
  function word(key, values) {
    var text = ((window.DOCS2OPENAPI || {}).ui || {})[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  window.DOCS2OPENAPI_TEXT = {
    tokenize: tokenize, processTerm: processTerm, word: word,
    options: { idField: "i", fields: ["t", "n", "p", "m", "d", "f"], tokenize: tokenize,
               processTerm: processTerm }
  };
}());

(function () {
  "use strict";
  var input = document.getElementById("search");
  var box = document.getElementById("search-results");
  var form = document.getElementById("search-form");
  if (!input || !box || !form) { return; }
  var root = document.body.getAttribute("data-root") || "";
  var data = window.DOCS2OPENAPI || {};
  var base = root + (data.base || "");
  var tokenize = window.DOCS2OPENAPI_TEXT.tokenize;
  var processTerm = window.DOCS2OPENAPI_TEXT.processTerm;
  var word = window.DOCS2OPENAPI_TEXT.word;
  var engine = null;
  var docs = [];
  var services = [];
  var waiting = [];
  var help = document.createElement("span");  // said by screen readers with the box
  help.id = "search-help";
  help.className = "visually-hidden";
  help.textContent = word("search_help");
  form.appendChild(help);
  input.setAttribute("aria-describedby", "search-help");
  // what a screen reader hears as the reader types: the count, not every result
  var live = document.createElement("span");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  form.appendChild(live);

  function load(then) {
    if (engine) { then(); return; }
    waiting.push(then);
    if (waiting.length > 1) { return; }
    show([], word("search_loading"));
    var scripts = [];
    if (!window.MiniSearch) { scripts.push(base + "assets/minisearch.min.js"); }
    if (!window.DOCS2OPENAPI_SEARCH) { scripts.push(root + (data.search || "assets/search-index.js")); }
    (function next() {
      if (scripts.length) {
        var script = document.createElement("script");
        script.src = scripts.shift();
        script.onload = next;
        document.head.appendChild(script);
        return;
      }
      var found = window.DOCS2OPENAPI_SEARCH || { docs: [] };
      docs = found.docs;
      services = found.services || [];
      var index = new window.MiniSearch(window.DOCS2OPENAPI_TEXT.options);
      // in chunks, yielding between them: a large portal's index never freezes the page
      index.addAllAsync(docs.map(function (doc, i) { doc.i = i; return doc; }),
                        { chunkSize: 250 }).then(function () {
        engine = index;
        var ready = waiting;
        waiting = [];
        ready.forEach(function (then) { then(); });
      });
    }());
  }

  function pathMatches(text) {
    var found = [];
    docs.forEach(function (doc) {
      if (!doc.p || doc.k === "v") { return; }
      if (!doc.pattern) {
        doc.pattern = new RegExp("^" + doc.p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\\\{[^}]*\\\}/g, "[^/]+") + "/?$", "i");
      }
      if (doc.pattern.test(text)) { found.push(doc); }
    });
    return found;
  }

  function find(query) {
    var text = query.trim();
    if (!text) { return []; }
    var options = {
      boost: { t: 4, n: 4, p: 2, m: 1, f: 1.5, d: 1 },
      prefix: function (term, i, terms) { return i === terms.length - 1 || term.length > 5; },
      fuzzy: function (term) { return term.length > 6 ? 0.15 : false; },
      combineWith: "AND"
    };
    var hits = engine.search(text, options);
    if (!hits.length) {
      options.combineWith = "OR";
      hits = engine.search(text, options);
    }
    var results = [];
    var seen = {};
    if (text.charAt(0) === "/") {
      pathMatches(text).forEach(function (doc) { seen[doc.i] = 1; results.push({ doc: doc }); });
    }
    hits.forEach(function (hit) {
      var doc = docs[hit.id];
      if (!seen[hit.id]) {
        seen[hit.id] = 1;
        results.push({ doc: doc, hit: hit, score: hit.score * (doc.k === "s" ? 0.6 : 1) });
      }
    });
    var paths = results.filter(function (r) { return !r.hit; });
    var rest = results.filter(function (r) { return r.hit; })
      .sort(function (a, b) { return b.score - a.score; });
    return paths.concat(rest).slice(0, 20);
  }

  // the field a hit found by a query word that its summary, name and path do not hold:
  // the result links to that field ("flavorRef" opens the field, not the page's top)
  function matchedField(result) {
    var hit = result.hit;
    if (!hit || !result.doc.f) { return ""; }
    var found = function (query, inTitle) {
      return hit.terms.filter(function (term) {
        var where = hit.match[term] || [];
        var here = inTitle ? ["t", "n", "p", "m"].some(function (f) { return where.indexOf(f) >= 0; })
                           : where.indexOf("f") >= 0;
        return here && term.indexOf(query) === 0;
      });
    };
    var wanted = [];
    hit.queryTerms.forEach(function (query) {
      if (!found(query, true).length) { wanted = wanted.concat(found(query, false)); }
    });
    if (!wanted.length) { return ""; }
    // the field holding the most of those words (flavorRef over imageRef for "flavorRef")
    var best = "";
    var most = 0;
    result.doc.f.split(" ").forEach(function (name) {
      var terms = tokenize(name).map(processTerm);
      var count = wanted.filter(function (term) { return terms.indexOf(term) >= 0; }).length;
      if (count > most) { best = name; most = count; }
    });
    return best;
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function show(results, status) {
    box.textContent = "";
    var query = input.value.trim();
    var list = make("ul");
    results.forEach(function (result) {
      var doc = result.doc;
      var field = matchedField(result);
      var a = make("a");
      // a page of this very site links from its root, another service's from the portal
      var own = data.self ? doc.u.indexOf(data.self) === 0 : !services.length;
      a.href = (own ? root + doc.u.slice((data.self || "").length) : base + doc.u) +
        (field && doc.u.indexOf("#") < 0 ? "#field-" + encodeURIComponent(field) : "");
      a.appendChild(make("span", "r-title", doc.t || doc.n));
      var meta = make("span", "r-meta");
      if (doc.m) {
        meta.appendChild(make("span", "method " + doc.m.toLowerCase(), doc.m));
        meta.appendChild(make("code", "path", doc.p));
      } else {
        meta.appendChild(make("span", "kind", word("search_schema")));
      }
      if (doc.t) { meta.appendChild(make("code", "r-name", doc.n)); }
      if (field) { meta.appendChild(make("span", "r-field", word("search_field", { name: field }))); }
      if (!own && doc.g !== undefined && services[doc.g]) {
        meta.appendChild(make("span", "r-service", services[doc.g].title));
      }
      a.appendChild(meta);
      var li = make("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    var said = status || (query ? (results.length ? word("search_count", { n: results.length })
                                                  : word("search_none")) : "");
    live.textContent = said;
    if (results.length) { box.appendChild(list); } else { box.appendChild(make("p", "search-status", said)); }
    box.hidden = !query;
    box.setAttribute("data-query", status ? "" : input.value);  // what the list answers
  }

  function run() {
    load(function () { show(find(input.value)); });
  }

  function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }

  function close() {
    box.hidden = true;
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", function () { load(function () {}); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(function () {
      show(find(input.value));
      var first = box.querySelector("a");
      if (first) { window.location.href = first.href; }
    });
  });
  form.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length || box.hidden) { return; }
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = at + step;
      if (at < 0) { next = step > 0 ? 0 : all.length - 1; }
      if (next < 0 || next >= all.length) { input.focus(); } else { all[next].focus(); }
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      if (box.hidden) { input.value = ""; } else { close(); }
      input.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    var typing = active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" ||
                            active.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { close(); }
  });
}());

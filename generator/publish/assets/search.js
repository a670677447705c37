// Offline search over window.DOCS2OPENAPI (assets/site-index.js): every word typed
// must occur in an entry's name, summary, method, path or tags; a query that starts
// with "/" also matches a concrete path against the templates (/v2/123/x finds
// /v2/{project_id}/x). The actions of an action API are entries of their own.
// Results are built as DOM nodes, never as HTML text.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  var form = document.getElementById("search-form");
  if (!input || !list || !form) { return; }
  var root = document.body.getAttribute("data-root") || "";
  var data = window.DOCS2OPENAPI || { operations: [], schemas: [] };
  var flat = [];
  data.operations.forEach(function (op) {
    flat.push({ k: "operation", n: op.n, s: op.s, m: op.m, p: op.p, t: op.t, u: op.u });
    (op.v || []).forEach(function (v) {
      flat.push({ k: "operation", n: v[0], s: v[1], m: op.m, p: op.p, t: op.t,
                  u: op.u + "#" + v[2] });
    });
  });
  data.schemas.forEach(function (s) { flat.push({ k: "schema", n: s[0], s: "", u: s[1] }); });
  var entries = flat.map(function (e) {
    var hay = [e.n, e.s, e.m, e.p, (e.t || []).join(" ")].join(" ").toLowerCase();
    var pattern = null;
    if (e.p) {
      var escaped = e.p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\{[^}]*\\\}/g, "[^/]+");
      pattern = new RegExp("^" + escaped + "/?$", "i");
    }
    return { entry: e, hay: hay, name: (e.n || "").toLowerCase(), pattern: pattern };
  });

  function find(query) {
    var text = query.trim().toLowerCase();
    var words = text.split(/\s+/).filter(Boolean);
    if (!words.length) { return []; }
    var hits = [];
    entries.forEach(function (item) {
      var byWords = words.every(function (w) { return item.hay.indexOf(w) >= 0; });
      var byPath = text.charAt(0) === "/" && item.pattern !== null && item.pattern.test(text);
      if (!byWords && !byPath) { return; }
      var score = item.name === text ? 0 : item.name.indexOf(text) === 0 ? 1 : byPath ? 2 : 3;
      if (item.entry.k !== "operation") { score += 4; }
      hits.push({ score: score, item: item });
    });
    hits.sort(function (a, b) {
      return a.score - b.score || a.item.name.localeCompare(b.item.name);
    });
    return hits.slice(0, 25).map(function (h) { return h.item.entry; });
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.u;
      if (e.k === "operation") {
        var method = document.createElement("span");
        method.className = "method " + e.m.toLowerCase();
        method.textContent = e.m;
        var path = document.createElement("code");
        path.textContent = " " + e.p;
        var name = document.createElement("span");
        name.className = "summary";
        name.textContent = " " + e.n + (e.s ? " · " + e.s : "");
        a.appendChild(method); a.appendChild(path); a.appendChild(name);
      } else {
        a.textContent = e.n + " (schema)";
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!results.length && input.value.trim()) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "Nothing found";
      list.appendChild(none);
    }
    list.hidden = !input.value.trim();
  }

  input.addEventListener("input", function () { show(find(input.value)); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { window.location.href = first.href; }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    } else if (event.key === "Escape") {
      list.hidden = true;
    }
  });
}());

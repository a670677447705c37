// The sidebar of every operation by tag, built from window.DOCS2OPENAPI (one shared
// data file, assets/site-index.js, instead of the same list in every page), the
// phone menu, "expand all", deep links into collapsed fields, and copy buttons.
// All of it is an extra: without script every page still reads (fields open by
// their native <details>, the index page lists every operation).
(function () {
  "use strict";
  var data = window.DOCS2OPENAPI || { tags: [], operations: [], schemas: [] };
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var page = body.getAttribute("data-page") || "";

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // --- the sidebar: each tag a group, the current page's group open and marked
  var sidebar = document.getElementById("sidebar");
  if (sidebar) {
    var current = null;
    var home = make("a", "sidebar-home", "All operations");
    home.href = root + "index.html";
    sidebar.appendChild(home);
    data.tags.forEach(function (tag) {
      var group = make("details", "group");
      var summary = make("summary", null, tag[0]);
      summary.appendChild(make("span", "count", String(tag[2].length)));
      var list = make("ul");
      tag[2].forEach(function (index) {
        var op = data.operations[index];
        var item = make("li");
        var link = make("a");
        link.href = root + op.u;
        link.title = op.m + " " + op.p;
        link.appendChild(make("span", "method " + op.m.toLowerCase(), op.m));
        link.appendChild(make("span", "summary", op.s || op.n));
        if (op.d) { link.className = "deprecated"; }
        if (op.c) {
          var dot = make("span", "changed-dot " + op.c);
          dot.title = op.c + " change since the previous revision";
          link.appendChild(dot);
        }
        if (op.u === page) {
          link.setAttribute("aria-current", "page");
          group.open = true;
          current = link;
        }
        item.appendChild(link);
        if (op.v) {  // the actions of an action API, each its own entry
          var actions = make("ul", "actions");
          op.v.forEach(function (v) {
            var action = make("a", null, v[1] || v[0]);
            action.href = root + op.u + "#" + v[2];
            var entry = make("li");
            entry.appendChild(action);
            actions.appendChild(entry);
          });
          item.appendChild(actions);
        }
        list.appendChild(item);
      });
      group.appendChild(summary);
      group.appendChild(list);
      sidebar.appendChild(group);
    });
    body.classList.add("has-sidebar");
    if (current) {
      // scroll the sidebar only, never the page
      sidebar.scrollTop = Math.max(0, current.offsetTop - sidebar.clientHeight / 3);
    }
  }

  // --- the phone menu: shows and hides the sidebar
  var menu = document.querySelector("button.menu");
  if (menu && sidebar) {
    menu.hidden = false;
    menu.addEventListener("click", function () {
      var open = body.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && body.classList.contains("nav-open")) {
        body.classList.remove("nav-open");
        menu.setAttribute("aria-expanded", "false");
        menu.focus();
      }
    });
  }

  // --- "expand all" / "collapse all" of the nested fields
  var content = document.getElementById("content");
  Array.prototype.forEach.call(document.querySelectorAll("button.expand-all"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var all = content.querySelectorAll("details");
      var open = button.getAttribute("aria-pressed") !== "true";
      Array.prototype.forEach.call(all, function (d) { d.open = open; });
      button.setAttribute("aria-pressed", open ? "true" : "false");
      button.textContent = open ? "Collapse all" : "Expand all";
    });
  });

  // --- a deep link into a collapsed field opens the fields around it (Chromium does
  // it natively; this is for the browsers that do not)
  function openTarget() {
    var id;
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var opened = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; opened = true; }
    }
    if (opened) { target.scrollIntoView(); }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);

  // --- copy buttons of the samples
  function copied(button, ok) {
    button.textContent = ok ? "Copied" : "Select and copy";
    window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
  }
  function fallbackCopy(text) {
    var area = make("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    body.removeChild(area);
    return ok;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var code = button.closest("figure").querySelector("pre");
      var text = code ? code.textContent : "";
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button, true); },
          function () { copied(button, fallbackCopy(text)); });
      } else {
        copied(button, fallbackCopy(text));
      }
    });
  });
}());

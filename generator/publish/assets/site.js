// The sidebar of every operation, by group and tag, built from window.DOCS2OPENAPI (one
// shared data file, assets/site-index.js, instead of the same list in every page), the
// phone's drawer, "expand all", deep links into collapsed fields, and copy buttons.
// All of it is an extra: without script every page still reads (fields open by their
// native <details>, the index page lists every operation). The words shown come from
// the data file, in the site's language.
(function () {
  "use strict";
  var data = window.DOCS2OPENAPI || { tags: [], groups: [], operations: [], schemas: [] };
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var page = body.getAttribute("data-page") || "";
  // the site's words (search.js, loaded first, fills them in)
  var word = (window.DOCS2OPENAPI_TEXT || {}).word || function (key) { return key; };

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // --- the sidebar: groups (x-tagGroups) of tags, each tag a <details> of its
  // operations; the current page's tag open and its link marked
  var sidebar = document.getElementById("sidebar");
  var current = null;
  // operations of one summary (a v2 and a v3 page) tell apart by their path's version
  var bySummary = {};
  data.operations.forEach(function (op) {
    var key = op.m + " " + (op.s || op.n);
    bySummary[key] = (bySummary[key] || 0) + 1;
  });
  function version(op) {
    var found = /^\/(v\d[\w.]*)\//.exec(op.p + "/");
    return bySummary[op.m + " " + (op.s || op.n)] > 1 && found ? found[1] : "";
  }

  function tagList(tag) {
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
      if (version(op)) { link.appendChild(make("span", "version", version(op))); }
      if (op.d) { link.className = "deprecated"; }
      if (op.c) {
        var dot = make("span", "changed-dot " + op.c);
        dot.title = word("change_dot", { level: op.c });
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
    return group;
  }

  if (sidebar) {
    var head = make("div", "sidebar-head");
    var home = make("a", "sidebar-home", word("all_operations"));
    home.href = root + "index.html";
    head.appendChild(home);
    var closer = make("button", "sidebar-close", "×");
    closer.type = "button";
    closer.setAttribute("aria-label", word("close_menu"));
    head.appendChild(closer);
    sidebar.appendChild(head);
    if (data.services) {  // a portal's index: its services
      var services = make("ul", "services-list");
      data.services.forEach(function (service) {
        var item = make("li");
        var link = make("a", null, service[0]);
        link.href = root + service[1];
        item.appendChild(link);
        services.appendChild(item);
      });
      sidebar.appendChild(services);
      head.removeChild(home);  // the portal's index is the page that lists everything
    }
    var groups = data.groups && data.groups.length ? data.groups
      : [["", data.tags.map(function (_, i) { return i; })]];
    groups.forEach(function (group) {
      var holder = sidebar;
      if (group[0]) {
        holder = make("section", "tag-group");
        holder.appendChild(make("h2", "tag-group-name", group[0]));
        sidebar.appendChild(holder);
      }
      group[1].forEach(function (index) { holder.appendChild(tagList(data.tags[index])); });
    });
    body.classList.add("has-sidebar");
    if (current) {
      // scroll the sidebar only, never the page
      sidebar.scrollTop = Math.max(0, current.offsetTop - sidebar.clientHeight / 3);
    }
  }

  // --- the phone's drawer: the sidebar slides in over the page; Esc, the close
  // button or a tap beside it closes it and gives the focus back to the Menu button
  var menu = document.querySelector("button.menu");
  if (menu && sidebar) {
    menu.hidden = false;
    var shade = make("div", "shade");
    body.appendChild(shade);
    var setOpen = function (open) {
      body.classList.toggle("nav-open", open);
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {  // once the drawer is shown (a hidden one takes no focus)
        window.setTimeout(function () {
          (sidebar.querySelector("a[aria-current='page']") || closer).focus();
        }, 0);
      }
    };
    menu.addEventListener("click", function () {
      setOpen(!body.classList.contains("nav-open"));
    });
    closer.addEventListener("click", function () { setOpen(false); menu.focus(); });
    shade.addEventListener("click", function () { setOpen(false); menu.focus(); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && body.classList.contains("nav-open")) {
        setOpen(false);
        menu.focus();
      }
    });
  }

  // --- each field's name links to the field (its deep link, to copy); not a tab stop
  // of its own: a page has hundreds
  Array.prototype.forEach.call(document.querySelectorAll("ul.fields > li > .fh > .name"),
    function (name) {
      var link = make("a", "name");
      link.href = "#" + name.parentNode.parentNode.id;
      link.tabIndex = -1;
      while (name.firstChild) { link.appendChild(name.firstChild); }
      name.parentNode.replaceChild(link, name);
    });

  // --- "expand all" / "collapse all" of the nested fields
  var content = document.getElementById("content");
  Array.prototype.forEach.call(document.querySelectorAll("button.expand-all"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var all = content.querySelectorAll("details");
      var open = button.getAttribute("aria-pressed") !== "true";
      Array.prototype.forEach.call(all, function (d) { d.open = open; });
      button.setAttribute("aria-pressed", open ? "true" : "false");
      button.textContent = word(open ? "collapse_all" : "expand_all");
    });
  });

  // --- a deep link into a collapsed field opens the fields around it (Chromium does
  // it natively; this is for the browsers that do not); "#field-NAME", from a search
  // hit on a field's name, goes to the first field of that name
  function fieldNamed(name) {
    var all = document.querySelectorAll("ul.fields > li[id]");
    for (var i = 0; i < all.length; i++) {
      var id = all[i].id;
      var last = id.indexOf("param-") === 0 ? id.split("-").slice(2).join("-")
        : id.split(".").pop();
      if (last === name || last === name.replace(/[^A-Za-z0-9_.-]+/g, "-")) { return all[i]; }
    }
    return null;
  }
  function openTarget() {
    var id;
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    var target = id && document.getElementById(id);
    if (!target && id.indexOf("field-") === 0) { target = fieldNamed(id.slice(6)); }
    if (!target) { return; }
    var opened = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; opened = true; }
    }
    if (opened || target.id !== id) {
      target.classList.add("found");
      target.scrollIntoView();
    }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);

  // --- copy buttons of the samples
  function copied(button, ok) {
    button.textContent = word(ok ? "copied" : "select_and_copy");
    window.setTimeout(function () { button.textContent = word("copy"); }, 1500);
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

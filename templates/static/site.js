// Progressive enhancement only: every page works without this file, and nothing here changes
// the layout of a page after it is drawn (the filter panel is opened by CSS on #filters).
(function () {
  "use strict";

  // Filter panel (phones): the toggle link says whether the panel is open; Escape closes it.
  var toggle = document.querySelector(".filter-toggle");
  var panel = document.getElementById("filters");
  function panelOpen() { return location.hash === "#filters"; }
  function syncPanel() {
    if (toggle) { toggle.setAttribute("aria-expanded", panelOpen() ? "true" : "false"); }
  }
  if (toggle && panel) {
    syncPanel();
    window.addEventListener("hashchange", syncPanel);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && panelOpen()) {
        location.replace("#results");
        toggle.focus();
      }
    });
  }

  // Suggestions as you type: an ARIA 1.2 combobox over GET /api/suggest?q=.
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) { return; }
  var endpoint = input.getAttribute("data-suggest");
  var KIND_LABELS = { unit: "Đơn vị", title: "Bài viết", word: "" };
  var DEBOUNCE_MS = 120; // one request per pause in typing, not per key
  var list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Gợi ý tìm kiếm");
  list.hidden = true;
  input.parentNode.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  var items = [], active = -1, timer = null, sequence = 0;

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) { input.setAttribute("aria-activedescendant", "q-suggestion-" + index); }
    else { input.removeAttribute("aria-activedescendant"); }
  }
  function choose(index) {
    var item = items[index];
    if (!item) { return; }
    if (item.kind === "word") {
      input.value = item.value;
      close();
      input.form.submit(); // keeps the page's filters and sort (hidden fields)
    } else {
      location.href = item.url;
    }
  }
  function show(suggestions) {
    close();
    items = suggestions;
    if (!items.length) { return; }
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "q-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.kind = item.kind;
      var text = document.createElement("span");
      text.textContent = item.text;
      li.appendChild(text);
      if (KIND_LABELS[item.kind]) {
        var kind = document.createElement("span");
        kind.className = "suggestion-kind";
        kind.textContent = KIND_LABELS[item.kind];
        li.appendChild(kind);
      }
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  function ask() {
    var query = input.value;
    if (!query.trim()) { close(); return; }
    var mine = ++sequence;
    fetch(endpoint + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (mine === sequence && body && document.activeElement === input) { show(body.suggestions); }
      })
      .catch(function () { /* suggestions are optional: the search box still works */ });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () { sequence++; close(); });
})();

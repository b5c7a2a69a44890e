// brygge's theme script. Without it every page still reads and works; it
// adds what needs a script:
// - the sidebar: every page carries only the path to itself; this puts the
//   whole navigation of its language in its place (one shared file,
//   `_nav.html`, loaded once and then cached by the browser), opens the
//   path to the page shown, and lets the buttons open and close a level;
// - a link after each heading with an id, which copies the heading's URL;
// - wide tables and code blocks: a scrolling box the keyboard can reach
//   (it takes focus only when it does scroll) and a visible hint;
// - the search box, whose script (brygge-search.js) loads on first use.
(function () {
  "use strict";
  var body = document.body;

  // ---------- Heading links ----------
  var label = body.getAttribute("data-heading-link") || "Link to this heading";
  var copied = body.getAttribute("data-heading-link-copied") || "Link copied";
  var headings = document.querySelectorAll(".content :is(h2, h3, h4, h5, h6)[id]");
  for (var h = 0; h < headings.length; h++) {
    var heading = headings[h];
    if (heading.querySelector(".heading-anchor")) continue;
    var anchor = document.createElement("a");
    anchor.className = "heading-anchor";
    anchor.href = "#" + encodeURIComponent(heading.id);
    anchor.setAttribute("aria-label", label + ": " + heading.textContent.trim());
    anchor.textContent = "#";
    anchor.addEventListener("click", copyLink);
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(anchor);
  }

  function copyLink(event) {
    var link = event.currentTarget;
    var url = link.href;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () {
        link.setAttribute("data-copied", copied);
        setTimeout(function () { link.removeAttribute("data-copied"); }, 1500);
      }, function () {});
    }
  }

  // ---------- Wide tables and code ----------
  var scrollsLabel = body.getAttribute("data-scrolls") || "Scroll sideways";
  var boxes = [];
  var tables = document.querySelectorAll(".content table");
  for (var t = 0; t < tables.length; t++) {
    var table = tables[t];
    if (table.closest(".chroma") || table.parentElement.classList.contains("scroll-box")) continue;
    var box = document.createElement("div");
    box.className = "scroll-box table-box";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
    boxes.push({ box: box, name: body.getAttribute("data-table") || "Table", above: true });
  }
  var codes = document.querySelectorAll(".content pre");
  for (var c = 0; c < codes.length; c++) {
    var pre = codes[c];
    // A highlighted block with line numbers scrolls as a whole.
    var scroller = pre.closest(".lntable") ? pre.closest(".highlight > .chroma") : pre;
    if (!scroller || boxes.some(function (b) { return b.box === scroller; })) continue;
    scroller.classList.add("scroll-box");
    boxes.push({ box: scroller, name: body.getAttribute("data-code") || "Code" });
  }

  // Which sides of a scrolling box have more to show (they fade out).
  function markEdges(box) {
    box.classList.toggle("scrolled", box.scrollLeft > 1);
    box.classList.toggle("at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  }

  boxes.forEach(function (entry) {
    entry.box.addEventListener("scroll", function () { markEdges(entry.box); }, { passive: true });
  });

  // A box that hides less than this many pixels fades at its edge and
  // scrolls, but gets no written hint: "Scroll sideways" under a block
  // that hides a character or two says more than there is to see.
  var HINT_FROM = 32;

  function markScrolling() {
    boxes.forEach(function (entry) {
      var box = entry.box;
      var hidden = box.scrollWidth - box.clientWidth;
      var scrolls = hidden > 1;
      if (scrolls) markEdges(box);
      if (scrolls !== box.classList.contains("scrolls")) {
        box.classList.toggle("scrolls", scrolls);
        if (scrolls) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", entry.name + " (" + scrollsLabel.toLowerCase() + ")");
        } else {
          box.removeAttribute("tabindex");
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
      }
      var hinted = hidden >= HINT_FROM;
      if (hinted === !!entry.hint) return;
      if (hinted) {
        var hint = document.createElement("p");
        hint.className = entry.above ? "scroll-hint scroll-hint-above" : "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = scrollsLabel;
        // Above a table (a long one is read from its top), below code.
        box.parentNode.insertBefore(hint, entry.above ? box : box.nextSibling);
        entry.hint = hint;
      } else {
        entry.hint.remove();
        entry.hint = null;
      }
    });
  }
  markScrolling();
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(markScrolling, 100);
  });

  // ---------- Search ----------
  var search = document.querySelector("form[data-search]");
  if (search && window.fetch) {
    search.hidden = false;
    var searchInput = search.querySelector("input");
    var loadSearch = function () {
      searchInput.removeEventListener("focus", loadSearch);
      searchInput.removeEventListener("input", loadSearch);
      var script = document.createElement("script");
      script.src = search.getAttribute("data-script");
      document.head.appendChild(script);
    };
    searchInput.addEventListener("focus", loadSearch);
    searchInput.addEventListener("input", loadSearch);
  }
})();

// The sidebar.
(function () {
  "use strict";
  var tree = document.querySelector("[data-nav]");
  if (!tree || !window.fetch) return;

  function setOpen(item, open) {
    var button = item.querySelector(":scope > .menu-toggle");
    var list = item.querySelector(":scope > ul");
    if (!button || !list) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.hidden = !open;
    item.classList.toggle("is-open", open);
  }

  function show(html) {
    var here = location.pathname;
    tree.innerHTML = html;
    var buttons = tree.querySelectorAll(".menu-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        var item = event.currentTarget.parentElement;
        setOpen(item, event.currentTarget.getAttribute("aria-expanded") !== "true");
      });
    }
    var links = tree.querySelectorAll("a[href]");
    var current = null;
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute("href") === here) current = links[j];
    }
    if (!current) return;
    current.setAttribute("aria-current", "page");
    var item = current.parentElement;
    item.classList.add("is-active");
    setOpen(item, true);
    for (var up = item.parentElement; up && up !== tree; up = up.parentElement) {
      if (up.classList.contains("menu-item")) {
        up.classList.add("in-path");
        setOpen(up, true);
      }
    }
    reveal();
  }

  // Brings the current entry wholly into view in the box that scrolls the
  // menu (the sidebar on wide screens, the open menu on phones), never
  // scrolling the page itself.
  function reveal() {
    var current = tree.querySelector('a[aria-current="page"]');
    var box = tree.scrollHeight > tree.clientHeight ? tree : tree.closest(".sidebar");
    if (!current || !box || box.scrollHeight <= box.clientHeight) return;
    var offset = current.getBoundingClientRect().top - box.getBoundingClientRect().top;
    if (offset < 0 || offset + current.offsetHeight > box.clientHeight) {
      box.scrollTop += offset - box.clientHeight / 3;
    }
  }

  // On a phone the menu starts closed: opening it shows the current entry.
  var menu = tree.closest("details");
  if (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) reveal();
    });
  }

  function load() {
    return fetch(tree.getAttribute("data-nav"))
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(show)
      .then(function () {
        document.dispatchEvent(new CustomEvent("brygge:navigation"));
      })
      .catch(function () {
        // The path the page carries stays.
      });
  }

  window.brygge = window.brygge || {};
  window.brygge.navUrl = tree.getAttribute("data-nav");
  window.brygge.refreshNavigation = load;
  load();
})();

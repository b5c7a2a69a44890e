// brygge's theme script. The sidebar: every page carries only the path to
// itself; this puts the whole navigation of its language in its place (one
// shared file, `_nav.html`, loaded once and then cached by the browser),
// opens the path to the page shown, and lets the buttons open and close a
// level. Without JavaScript the path stays.
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
    // Bring the current entry into the sidebar's view, scrolling the
    // sidebar only (never the page: it keeps its own position).
    var box = tree.closest(".sidebar");
    if (box && box.scrollHeight > box.clientHeight) {
      var offset = current.getBoundingClientRect().top - box.getBoundingClientRect().top;
      if (offset < 0 || offset > box.clientHeight) box.scrollTop += offset - box.clientHeight / 3;
    }
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

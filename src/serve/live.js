// brygge serve: the live preview's client. Listens for rebuilds and reloads
// the page it shows (keeping the scroll position), swaps stylesheets without
// a reload, follows a page that moved, and closes the error overlay.
(function () {
  "use strict";
  // The server names pages by their paths as written (`/nb/blåbær/`);
  // the browser's are percent-encoded.
  function decoded(path) {
    try {
      return decodeURIComponent(path);
    } catch (e) {
      return path;
    }
  }
  var here = decoded(location.pathname);
  var key = "brygge-scroll:" + here;

  function restoreScroll() {
    var saved = sessionStorage.getItem(key);
    if (saved === null) return;
    var pos = JSON.parse(saved);
    sessionStorage.removeItem(key);
    var restore = function () {
      window.scrollTo(pos.x, pos.y);
    };
    restore();
    // Images and the sidebar's tree (brygge.js) may still change the
    // layout: restore again once they are in.
    window.addEventListener("load", restore);
    document.addEventListener("brygge:navigation", restore, { once: true });
  }

  // Under the key of the page that will show next (`path`, else this one).
  function saveScroll(path) {
    sessionStorage.setItem(
      path ? "brygge-scroll:" + path : key,
      JSON.stringify({ x: window.scrollX, y: window.scrollY })
    );
  }

  function reload() {
    saveScroll();
    location.reload();
  }

  function swapStylesheets(changed, version) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin === location.origin && changed.indexOf(decoded(url.pathname)) >= 0) {
        url.searchParams.set("brygge", String(version));
        links[i].href = url.toString();
      }
    }
  }

  var close = document.getElementById("brygge-overlay-close");
  if (close) {
    close.addEventListener("click", function () {
      var overlay = document.getElementById("brygge-overlay");
      if (overlay) overlay.remove();
    });
  }

  restoreScroll();

  // The version of the build this page was served from (set by the server).
  var served = window.bryggeVersion || 0;
  var events = new EventSource("/__brygge/events");
  events.addEventListener("hello", function (message) {
    // A rebuild happened between serving this page and connecting (or
    // while the server was away): the page may be stale.
    if (JSON.parse(message.data).version > served) reload();
  });
  events.addEventListener("rebuild", function (message) {
    var change = JSON.parse(message.data);
    if (change.version <= served) return;
    served = change.version;
    if (change.moved && change.moved[here]) {
      saveScroll(change.moved[here]);
      location.replace(change.moved[here]);
    } else if (change.reload_all || change.pages.indexOf(here) >= 0) {
      reload();
    } else {
      // The sidebar's tree is a file of its own: load it again in place.
      var theme = window.brygge;
      if (theme && theme.refreshNavigation && change.pages.indexOf(theme.navUrl) >= 0) {
        theme.refreshNavigation();
      }
      if (change.stylesheets.length > 0) swapStylesheets(change.stylesheets, change.version);
    }
  });
})();

// Loads the image lightbox (mkdocs-glightbox) only when a reader first reaches for a picture,
// so a first visit to a page does not download it (17 KiB of the page's transfer budget).
// The build (rfn_guide/assets/glightbox_053.py) leaves the plugin's start-up code in
// <script id="init-glightbox" type="text/plain" data-css="..." data-js="...">.
(function () {
  "use strict";

  // This page's words for what the script writes: keyboard.js's, else English.
  var word = window.rfnWord || function (key, english) { return english; };
  var init = document.getElementById("init-glightbox");
  if (!init) return;
  var loading = null;
  var ready = false;

  function fetchFile(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
      element.onload = resolve;
      element.onerror = reject;
      (tag === "link" ? document.head : document.body).appendChild(element);
    });
  }

  function load() {
    if (!loading) {
      loading = Promise.all([
        fetchFile("link", { rel: "stylesheet", href: init.dataset.css }),
        fetchFile("script", { src: init.dataset.js })
      ]).then(function () {
        var start = document.createElement("script");
        start.textContent = init.textContent;
        document.body.appendChild(start);
        relabelViewer();
        ready = true;
      });
    }
    return loading;
  }

  // GLightbox writes English button labels ("Close", "Next", "Previous") into the viewer it adds
  // to the page when it opens; they are given this page's words as soon as it appears.
  function relabelViewer() {
    var buttons = { ".gclose": ["close", "Close"], ".gnext": ["next", "Next"], ".gprev": ["previous", "Previous"] };
    var relabel = function () {
      var viewer = document.getElementById("glightbox-body");
      if (!viewer) return;
      Object.keys(buttons).forEach(function (selector) {
        var button = viewer.querySelector(selector);
        if (button) button.setAttribute("aria-label", word(buttons[selector][0], buttons[selector][1]));
      });
    };
    new MutationObserver(relabel).observe(document.body, { childList: true });
    relabel();
  }

  function pictureLink(event) {
    return event.target instanceof Element ? event.target.closest("a.glightbox") : null;
  }

  // Start fetching as soon as a reader points at, touches or tabs to a picture ...
  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (pictureLink(event)) load();
    }, { passive: true });
  });

  // ... and when the click comes before the lightbox is ready, open the picture once it is.
  document.addEventListener("click", function (event) {
    var link = pictureLink(event);
    if (!link || ready) return;  // ready: the lightbox's own click handler opens it
    event.preventDefault();
    event.stopPropagation();
    load().then(function () { link.click(); }, function () { window.location.href = link.href; });
  }, true);
})();

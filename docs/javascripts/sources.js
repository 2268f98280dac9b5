/* The source-number switch under a page's Sources (hooks/rfn_guide/citations/rules.py, render_sources).
 *
 * Citation numbers are hidden in the text by default, so the instructions read without them
 * (extra.css: html:not(.rfn-cites-shown) sup.rfn-cite). A reader who wants to check a sentence
 * presses the switch: the numbers show, each a link to its entry on the References page. The
 * choice is remembered for the next page. Without JavaScript the switch stays hidden, and the
 * folded list still names every source the page uses.
 */
(function () {
  "use strict";

  var KEY = "rfn-cites-shown";
  var root = document.documentElement;

  function remembered() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (error) {
      return false; // storage blocked: start hidden, the switch still works on this page
    }
  }

  function remember(shown) {
    try {
      window.localStorage.setItem(KEY, shown ? "1" : "0");
    } catch (error) {
      /* not remembered; nothing else to do */
    }
  }

  function apply(shown) {
    root.classList.toggle(KEY, shown);
    document.querySelectorAll(".rfn-cite-switch").forEach(function (button) {
      button.setAttribute("aria-pressed", shown ? "true" : "false");
      button.textContent = button.getAttribute(shown ? "data-hide" : "data-show");
    });
  }

  document.querySelectorAll(".rfn-cite-switch").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var shown = !root.classList.contains(KEY);
      remember(shown);
      apply(shown);
    });
  });
  apply(remembered());
})();

/* Diagram callouts (see hooks/rfn_guide/figures/rules.py and its figure_numbers step).
 *
 * The figure hook wraps each diagram's image in .rfn-diagram__stage with the callout
 * positions (percentages of the drawing) in data-rfn-callouts, and gives the legend entries
 * ids "<figure id>-note-<n>". Here each callout becomes a real <button> over its drawn number:
 * click, tap, Enter or Space opens a small note with the legend text; Escape, a second click
 * or a click elsewhere closes it. Without JavaScript (and in print) the legend says it all.
 */
(function () {
  "use strict";

  // This page's words for what the script writes: keyboard.js's, else English.
  var word = window.rfnWord || function (key, english) { return english; };

  var open = null; // the button whose note is showing

  function noteOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function close(returnFocus) {
    if (!open) return;
    var button = open;
    open = null;
    button.setAttribute("aria-expanded", "false");
    var note = noteOf(button);
    if (note) {
      note.hidden = true;
      note.textContent = "";
    }
    if (returnFocus) button.focus();
  }

  function place(button, note, stage) {
    var width = stage.clientWidth;
    var height = stage.clientHeight;
    var x = button.offsetLeft;           // the button's center (it is translated by -50%)
    var y = button.offsetTop;
    var gap = button.offsetHeight / 2 + 6;
    note.style.maxWidth = Math.min(320, width) + "px";
    var left = Math.max(0, Math.min(x - note.offsetWidth / 2, width - note.offsetWidth));
    note.style.left = left + "px";
    if (y < height * 0.6) {
      note.style.top = y + gap + "px";
      note.style.bottom = "";
    } else {
      note.style.top = "";
      note.style.bottom = height - y + gap + "px";
    }
  }

  function show(button) {
    close(false);
    var stage = button.closest(".rfn-diagram__stage");
    var note = noteOf(button);
    var entry = document.getElementById(button.dataset.entry);
    if (!stage || !note || !entry) return;
    note.innerHTML = entry.innerHTML;          // the legend's own words, links and all
    note.hidden = false;
    place(button, note, stage);
    button.setAttribute("aria-expanded", "true");
    open = button;
  }

  function setUp(stage) {
    if (stage.dataset.rfnReady) return;
    stage.dataset.rfnReady = "1";
    var figure = stage.closest("figure");
    var callouts;
    try {
      callouts = JSON.parse(stage.dataset.rfnCallouts || "[]");
    } catch (error) {
      return;
    }
    callouts.forEach(function (callout) {
      var entryId = figure.id + "-note-" + callout.n;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rfn-callout";
      button.textContent = String(callout.n);
      button.style.left = callout.x + "%";
      button.style.top = callout.y + "%";
      button.dataset.entry = entryId;
      button.setAttribute("aria-label", word("note", "Note {n}").replace("{n}", String(callout.n)));
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", entryId + "-popup");
      var note = document.createElement("div");
      note.className = "rfn-callout-note";
      note.id = entryId + "-popup";
      note.setAttribute("role", "status");
      note.hidden = true;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        if (open === button) close(false);
        else show(button);
      });
      stage.appendChild(button);
      stage.appendChild(note);
    });
  }

  function setUpAll() {
    document.querySelectorAll(".rfn-diagram__stage[data-rfn-callouts]").forEach(setUp);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) close(true);
  });
  document.addEventListener("click", function (event) {
    if (open && !event.target.closest(".rfn-callout-note")) close(false);
  });
  window.addEventListener("resize", function () {
    if (open) place(open, noteOf(open), open.closest(".rfn-diagram__stage"));
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { open = null; setUpAll(); });  // Material, instant pages too
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();

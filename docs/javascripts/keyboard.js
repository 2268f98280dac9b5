/* Keyboard access the theme leaves out (QA, issue 6). Checked by tests/test_browser_gates.py.
 *
 * 1. The menu button on phones and tablets is a <label> for a hidden checkbox, which a
 *    keyboard cannot reach: it is replaced by a real <button> (a <label> may not take
 *    role="button", ARIA in HTML) that opens the menu on click, Enter and Space, and Escape
 *    closes the menu and returns focus to it. Without JavaScript the label still opens the
 *    menu by mouse or touch. In the menu, the current page's name (which opens its table of
 *    contents) is a <label> too; the theme's styles hang on it being a label, so it keeps
 *    its tag and gets role="button".
 * 2. The light/dark switch is a radio button: the theme switches on Enter and the arrow
 *    keys; Space, which a switch that looks like a button is expected to take, did nothing.
 * 3. Glossary terms (<abbr title>) show their tooltip on hover or focus, but cannot take
 *    focus: each one joins the tab order, and Escape hides its tooltip (WCAG 1.4.13). */
(function () {
  "use strict";

  // This page's words for what the scripts write (partials/script-words.html), else English;
  // shared as window.rfnWord with figures.js and lightbox-on-demand.js, which load after this file.
  function word(key, english) {
    var data = document.getElementById("rfn-script-words");
    try {
      return (data && JSON.parse(data.textContent)[key]) || english;
    } catch (error) {
      return english;
    }
  }
  window.rfnWord = word;

  // A <label> for a hidden checkbox, made a button a keyboard can reach and screen readers
  // announce as open or closed. The theme already clicks a focused <label> on Enter; Space is
  // left to us.
  function labelButton(label, name) {
    var toggle = document.getElementById(label.htmlFor);
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    if (name && !label.hasAttribute("aria-label")) {
      label.setAttribute("aria-label", name);
    }
    var sync = function () {
      label.setAttribute("aria-expanded", toggle && toggle.checked ? "true" : "false");
    };
    sync();
    if (toggle) {
      toggle.addEventListener("change", sync);
    }
    label.addEventListener("click", function () {
      setTimeout(sync, 0);
    });
    label.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        label.click();
      }
    });
  }

  // The header's menu label, swapped for a <button> that clicks the drawer's checkbox (a click
  // toggles it and fires "change", which the theme listens to) and says whether it is open.
  function menuButton(label, toggle) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " rfn-menu-button";
    button.innerHTML = label.innerHTML; // the theme's menu icon
    button.setAttribute("aria-label", word("menu", "Menu"));
    var sync = function () {
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    };
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("click", function () {
      toggle.click();
    });
    label.replaceWith(button);
    return button;
  }

  var drawer = document.getElementById("__drawer");
  var menu = null;
  var menuLabel = document.querySelector('.md-header label[for="__drawer"]');
  if (drawer && menuLabel) {
    menu = menuButton(menuLabel, drawer);
  }
  // In the phone menu, the current page's name opens its table of contents.
  document.querySelectorAll('.md-sidebar--primary label.md-nav__link[for="__toc"]').forEach(function (button) {
    labelButton(button, null);
  });

  document.querySelectorAll("input.md-option").forEach(function (option) {
    option.addEventListener("keydown", function (event) {
      var label = option.nextElementSibling;
      if (event.key === " " && label && label.tagName === "LABEL") {
        event.preventDefault();
        label.click();
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    if (drawer && drawer.checked) {
      drawer.click();
      if (menu) {
        menu.focus();
      }
    }
    var active = document.activeElement;
    var tooltipId = active && active.getAttribute && active.getAttribute("aria-describedby");
    var tooltip = tooltipId && document.getElementById(tooltipId);
    if (tooltip) {
      // The theme shows it again the next time the term is focused or hovered.
      tooltip.classList.remove("md-tooltip2--active");
    }
  });

  document.querySelectorAll(".md-typeset abbr[title]").forEach(function (term) {
    term.setAttribute("tabindex", "0");
  });
})();

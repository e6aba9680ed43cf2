/* learning-briefings: progressive enhancement. Every page works without this file. */
(function () {
  "use strict";

  var announcer = null;

  /* One polite live region for the whole page: it must exist before it speaks. */
  function announce(message) {
    if (!announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 50);
  }

  /* Copy with the clipboard API where the page may use it (https, localhost); else the old way. */
  function copyText(text, link) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "lb-offscreen";
      document.body.appendChild(field);
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      document.body.removeChild(field);
      link.focus();
      if (copied) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function clearNote(link) {
    var next = link.nextElementSibling;
    if (next && next.hasAttribute("data-lb-copy-note")) { next.parentNode.removeChild(next); }
  }

  /* Where nothing can copy (plain http on an intranet): the address in a field, selected, to copy by hand. */
  function offerField(link, url, noun) {
    var note = document.createElement("span");
    note.className = "lb-copy-field";
    note.setAttribute("data-lb-copy-note", "");
    var label = document.createElement("label");
    var field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.value = url;
    field.setAttribute("data-lb-copy-address", "");
    label.appendChild(document.createTextNode("Address of this " + noun + ", to copy: "));
    label.appendChild(field);
    note.appendChild(label);
    link.parentNode.insertBefore(note, link.nextSibling);
    field.focus();
    field.select();
    announce("The address of this " + noun + " is selected in a text field: copy it with Control C, or Command C on a Mac.");
  }

  function confirmCopied(link, noun) {
    var note = document.createElement("span");
    note.className = "lb-copied";
    note.setAttribute("data-lb-copy-note", "");
    note.textContent = "Link copied";
    link.parentNode.insertBefore(note, link.nextSibling);
    announce("Link to this " + noun + " copied.");
    window.setTimeout(function () { if (note.parentNode) { note.parentNode.removeChild(note); } }, 8000);
  }

  /* "Link to this lesson": copy its full address and say so, visibly and to screen readers. */
  function setUpCopyLinks() {
    document.querySelectorAll("[data-lb-copy-link]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var url = link.href;
        var noun = /recommendation/.test(link.textContent) ? "recommendation" : "lesson";
        history.replaceState(null, "", link.getAttribute("href"));
        clearNote(link);
        copyText(url, link).then(function () {
          confirmCopied(link, noun);
        }, function () {
          offerField(link, url, noun);
        });
      });
    });
  }

  /* A link to one lesson or recommendation: CSS marks it (:target); focus takes screen readers there too. */
  function focusTarget() {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (error) { return; }
    var target = id && document.getElementById(id);
    if (!target || !target.matches(".md-content h4[id], .md-content .lb-recommendation[id]")) { return; }
    target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }

  /* Print: show the full address of every link. */
  function setUpPrintLinks() {
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".md-content a[href]").forEach(function (link) {
        link.setAttribute("data-lb-print-url", link.href);
      });
    });
  }

  /* Paper: addresses the build could not know (no site_url) become the full addresses the page was opened
     at; the print button of a briefing appears. */
  function setUpPaper() {
    document.querySelectorAll("[data-lb-address]").forEach(function (element) {
      var url = new URL(element.getAttribute("data-lb-address"), window.location.href);
      url.hash = "";
      element.textContent = url.href;
    });
    document.querySelectorAll("[data-lb-print]").forEach(function (holder) {
      holder.hidden = false;
      holder.querySelector("button").addEventListener("click", function () { window.print(); });
    });
  }

  function start() {
    announcer = document.createElement("p");
    announcer.className = "lb-visually-hidden";
    announcer.setAttribute("role", "status");
    announcer.setAttribute("data-lb-announcer", "");
    document.body.appendChild(announcer);
    setUpCopyLinks();
    setUpPrintLinks();
    setUpPaper();
    focusTarget();
    window.addEventListener("hashchange", focusTarget);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

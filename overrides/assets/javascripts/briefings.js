/* learning-briefings: progressive enhancement. Every page works without this file. */
(function () {
  "use strict";

  /* "Link to this lesson": copy the full address, and say so. */
  function setUpCopyLinks() {
    var status = document.createElement("p");
    status.className = "lb-visually-hidden";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
    document.querySelectorAll("[data-lb-copy-link]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var url = link.href;
        if (!navigator.clipboard) { return; } /* no clipboard: the link still opens the anchor */
        event.preventDefault();
        history.replaceState(null, "", link.getAttribute("href"));
        navigator.clipboard.writeText(url).then(function () {
          link.textContent = "Link copied: " + url;
          status.textContent = "Link copied to the clipboard";
        }, function () {
          link.textContent = url;
        });
      });
    });
  }

  /* Review index: filters and sortable columns. */
  function setUpReviewIndex() {
    var form = document.querySelector("[data-lb-filters]");
    var table = document.querySelector("table[data-lb-sortable]");
    if (!form || !table) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var selects = form.querySelectorAll("[data-lb-filter]");
    var status = form.querySelector("[data-lb-filter-status]");
    form.hidden = false;

    function applyFilters() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = Array.prototype.every.call(selects, function (select) {
          if (!select.value) { return true; }
          var key = select.getAttribute("data-lb-filter");
          var values = (row.getAttribute("data-" + key) || "").split(key === "board" ? "\u0000" : " ");
          return values.indexOf(select.value) !== -1;
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      status.textContent = shown + " of " + rows.length + " reviews shown";
    }
    selects.forEach(function (select) { select.addEventListener("change", applyFilters); });
    form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
    applyFilters();

    table.querySelectorAll("th[data-lb-sort]").forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lb-sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        var numeric = header.getAttribute("data-lb-sort") === "number";
        table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim();
          var y = b.cells[column].textContent.trim();
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
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
    setUpCopyLinks();
    setUpReviewIndex();
    setUpPrintLinks();
    setUpPaper();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* learning-briefings: filters. Without this file every page still lists everything it holds.

   1. Theme and agency pages: show only the items for one agency type (or theme), across
      every page of a listing split over pages (the other pages are fetched from this site).
   2. The review index: filter and sort every review, from data/review-index.json, which is
      fetched the first time a reader uses a filter or the sort.
   Both keep their choice in the address (?agency=health-visiting), so a filtered view can be shared. */
(function () {
  "use strict";

  function counted(count, singular, plural) {
    return count.toLocaleString("en-GB") + " " + (count === 1 ? singular : (plural || singular + "s"));
  }

  function andList(items) {
    return items.length < 2 ? items.join("") : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  function setParams(values) {
    var params = new URLSearchParams(window.location.search);
    Object.keys(values).forEach(function (key) {
      if (values[key]) { params.set(key, values[key]); } else { params.delete(key); }
    });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  /* ---- 1. Theme and agency pages ---------------------------------------------------------- */

  function setUpListingFilter() {
    var form = document.querySelector("[data-lb-listing-filter]");
    var listing = document.querySelector("[data-lb-listing]");
    if (!form || !listing) { return; }
    var select = form.querySelector("select");
    var status = document.querySelector("[data-lb-listing-status]");
    var list = listing;
    var pagers = document.querySelectorAll(".lb-pager");
    var count = document.querySelector("[data-lb-listing-count]");
    var pages = pagers.length ? Array.prototype.slice.call(pagers[0].querySelectorAll("a")) : [];
    var current = pages.findIndex(function (link) { return link.getAttribute("aria-current") === "page"; });
    var loaded = null;
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    /* The items of another page of this listing, with their links made absolute. */
    function itemsOf(html, address) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      return Array.prototype.map.call(doc.querySelectorAll("[data-lb-listing] > li"), function (item) {
        item.querySelectorAll("a[href]").forEach(function (link) {
          link.setAttribute("href", new URL(link.getAttribute("href"), address).href);
        });
        item.setAttribute("data-lb-extra", "");
        item.hidden = true;
        return document.adoptNode(item);
      });
    }

    function loadOtherPages() {
      if (!loaded) {
        loaded = Promise.all(pages.map(function (link, index) {
          if (index === current) { return Promise.resolve(null); }
          return fetch(link.href).then(function (response) {
            if (!response.ok) { throw new Error(response.status); }
            return response.text();
          }).then(function (html) { return itemsOf(html, link.href); });
        })).then(function (found) {
          var first = list.firstElementChild;
          found.forEach(function (items, index) {
            (items || []).forEach(function (item) {
              if (index < current) { list.insertBefore(item, first); } else { list.appendChild(item); }
            });
          });
          return true;
        }, function () { loaded = null; return false; });
      }
      return loaded;
    }

    function optionLabel() {
      return select.options[select.selectedIndex].textContent.replace(/\s*\([\d,]+\)\s*$/, "");
    }

    function show(value, everyPage) {
      var lessons = 0, recommendations = 0, practice = 0;
      Array.prototype.forEach.call(list.children, function (item) {
        var values = " " + item.getAttribute("data-lb-values") + " ";
        var visible = (!value || values.indexOf(" " + value + " ") !== -1) && (everyPage || !item.hasAttribute("data-lb-extra"));
        item.hidden = !visible;
        if (!visible || !value) { return; }
        if (item.classList.contains("lb-rec")) { recommendations += 1; }
        else if (item.classList.contains("lb-practice")) { practice += 1; }
        else { lessons += 1; }
      });
      pagers.forEach(function (pager) { pager.hidden = Boolean(value) && everyPage; });
      if (count) { count.hidden = Boolean(value); }
      if (!value) { status.textContent = ""; return; }
      var found = andList([
        lessons ? counted(lessons, "lesson") : "",
        practice ? counted(practice, "example of good practice", "examples of good practice") : "",
        recommendations ? counted(recommendations, "recommendation") : ""
      ].filter(Boolean)) || "Nothing";
      var where = pages.length > 1 ? (everyPage ? ", from every page" : ", on this page only: the other pages could not be loaded") : "";
      status.textContent = found + " " + form.getAttribute("data-lb-preposition") + " " + optionLabel() + where + ".";
    }

    function apply() {
      var value = select.value;
      setParams(Object.fromEntries([[select.name, value]]));
      if (!value || pages.length < 2) { show(value, pages.length < 2); return; }
      status.textContent = "Loading the other pages of this list…";
      loadOtherPages().then(function (everyPage) { if (select.value === value) { show(value, everyPage); } });
    }

    select.addEventListener("change", apply);
    var wanted = new URLSearchParams(window.location.search).get(select.name);
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
      apply();
    }
  }

  /* ---- 2. The review index ------------------------------------------------------------------ */

  var FILTERS = ["year", "board", "type", "age", "harm", "theme", "agency"];

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* The same card as the page's own HTML (templates/_macros.md.j2, review_card), from the data file. */
  function card(data, row, root) {
    var item = element("li", "lb-card");
    var heading = element("h3", "lb-card__title");
    var link = element("a", "", row[1]);
    link.href = root + "reviews/" + row[0] + "/";
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(element("p", "lb-card__meta", [data.boards[row[2]], row[4], data.types[row[5]][1]].join(" · ")));
    item.appendChild(element("p", "lb-card__summary", row[11]));
    var themes = row[8].slice(0, row[9]).map(function (n) { return data.themes[n][1]; });
    if (themes.length) { item.appendChild(element("p", "lb-card__themes", "Main themes: " + themes.join(", "))); }
    var child = [];
    if (row[6] >= 0) { child.push("Age: " + data.ages[row[6]][1]); }
    if (row[7].length) { child.push("Harm: " + row[7].map(function (n) { return data.harms[n][1]; }).join(", ")); }
    if (child.length) { item.appendChild(element("p", "lb-card__child", child.join(" · "))); }
    return item;
  }

  function setUpReviewIndex() {
    var form = document.querySelector("[data-lb-review-filters]");
    var list = document.querySelector("[data-lb-cards]");
    if (!form || !list) { return; }
    var panel = form.querySelector("[data-lb-filters-panel]");
    var sort = form.querySelector("[data-lb-sort]");
    var status = document.querySelector("[data-lb-filter-status]");
    var moreWrap = document.querySelector("[data-lb-more-wrap]");
    var more = document.querySelector("[data-lb-more]");
    var root = list.getAttribute("data-lb-root");
    var pageSize = Math.max(list.children.length, 20);
    var selects = {};
    FILTERS.forEach(function (name) { selects[name] = form.querySelector("[data-lb-filter='" + name + "']"); });
    var data = null, loading = null, matches = [], limit = pageSize;
    form.hidden = false;
    if (window.matchMedia("(min-width: 60em)").matches) { panel.open = true; }

    function load() {
      if (!loading) {
        loading = fetch(form.getAttribute("data-lb-data")).then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        }).then(function (json) { data = json; return json; }, function (error) { loading = null; throw error; });
      }
      return loading;
    }

    function chosen() {
      var values = {};
      FILTERS.forEach(function (name) { values[name] = selects[name].value; });
      values.sort = sort.value === "newest" ? "" : sort.value;
      return values;
    }

    /* Each filter as a test on a row of the data file. */
    function tests(values) {
      function position(table, value, byId) {
        return table.findIndex(function (entry) { return (byId ? entry[0] : entry) === value; });
      }
      var checks = [];
      if (values.year) { checks.push(function (row) { return row[3].slice(0, 4) === values.year; }); }
      if (values.board) { var b = position(data.boards, values.board); checks.push(function (row) { return row[2] === b; }); }
      if (values.type) { var t = position(data.types, values.type, true); checks.push(function (row) { return row[5] === t; }); }
      if (values.age) { var a = position(data.ages, values.age, true); checks.push(function (row) { return row[6] === a; }); }
      [["harm", data.harms, 7], ["theme", data.themes, 8], ["agency", data.agencies, 10]].forEach(function (spec) {
        if (!values[spec[0]]) { return; }
        var wanted = position(spec[1], values[spec[0]], true);
        checks.push(function (row) { return row[spec[2]].indexOf(wanted) !== -1; });
      });
      return function (row) { return checks.every(function (check) { return check(row); }); };
    }

    function sorted(rows, order) {
      var byTitle = function (x, y) { return x[1].localeCompare(y[1], "en-GB", { numeric: true }); };
      if (order === "oldest") { return rows.slice().reverse(); }
      if (order === "title") { return rows.slice().sort(byTitle); }
      if (order === "board") {
        return rows.slice().sort(function (x, y) { return data.boards[x[2]].localeCompare(data.boards[y[2]], "en-GB"); });
      }
      return rows;
    }

    function draw() {
      list.textContent = "";
      matches.slice(0, limit).forEach(function (row) { list.appendChild(card(data, row, root)); });
      moreWrap.hidden = matches.length <= limit;
    }

    function update() {
      var values = chosen();
      setParams(values);
      var filtered = FILTERS.some(function (name) { return values[name]; });
      if (!filtered && !values.sort && !data) { status.textContent = ""; return; }
      status.textContent = "Loading the list of every review…";
      load().then(function () {
        var test = tests(values);
        matches = sorted(data.reviews.filter(test), values.sort);
        limit = pageSize;
        draw();
        var total = data.reviews.length;
        if (!matches.length) {
          status.textContent = "No review matches these filters. Clear a filter to see more.";
        } else if (filtered) {
          status.textContent = counted(matches.length, "review") + " of " + total.toLocaleString("en-GB") + " match.";
        } else {
          status.textContent = "All " + counted(total, "review") + ", " + sort.options[sort.selectedIndex].textContent.toLowerCase() + ".";
        }
      }, function () {
        status.textContent = "The list of every review could not be loaded. Open the reviews of a year instead.";
      });
    }

    more.addEventListener("click", function () {
      var first = limit;
      limit += pageSize;
      draw();
      var next = list.children[first];
      if (next) { next.querySelector("a").focus(); } /* keyboard users carry on from the first new card */
    });
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });

    var params = new URLSearchParams(window.location.search);
    var preset = false;
    FILTERS.concat(["sort"]).forEach(function (name) {
      var control = name === "sort" ? sort : selects[name];
      var value = params.get(name);
      if (value && Array.prototype.some.call(control.options, function (o) { return o.value === value; })) {
        control.value = value;
        preset = true;
      }
    });
    if (preset) { panel.open = true; update(); }
  }

  function start() {
    setUpListingFilter();
    setUpReviewIndex();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

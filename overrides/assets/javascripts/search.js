/* learning-briefings: search of the learning with Pagefind (https://pagefind.app), loaded from this site only.
   Results show as the reader types; each lesson result reads "lesson — review, board, year" and lands on the
   lesson's anchor with the words highlighted. Filters narrow by theme, agency type, year, board, review type,
   age group and harm. Without JavaScript the header shows a hint instead (partials/search.html). */

const root = document.querySelector("[data-lb-search]");
const base = root ? new URL(root.dataset.lbBase || "./", document.baseURI) : null;
const HIGHLIGHT = "highlight";
const PAGES_SHOWN = 10;
const SECTIONS_PER_PAGE = 3;
/* Filters in the order a reader narrows by; "year" gets a from-to pair. */
const FILTERS = [
  ["theme", "Theme"],
  ["agency", "Agency type"],
  ["board", "Board"],
  ["type", "Review type"],
  ["age group", "Age group"],
  ["harm", "Harm"],
];

let pagefindLoading = null;

function loadPagefind() {
  if (!pagefindLoading) {
    pagefindLoading = import(new URL("pagefind/pagefind.js", base).href).then(async (pagefind) => {
      /* Result addresses start from the site root, wherever the site is served from. */
      await pagefind.options({ highlightParam: HIGHLIGHT, baseUrl: base.pathname.replace(/\/+/g, "/") });
      return pagefind;
    });
  }
  return pagefindLoading;
}

/* Pagefind's excerpts are HTML with <mark>: keep the text and the marks, nothing else. */
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const fragment = document.createDocumentFragment();
  template.content.childNodes.forEach((node) => {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      fragment.appendChild(mark);
    } else {
      fragment.appendChild(document.createTextNode(node.textContent));
    }
  });
  return fragment;
}

function resultItem(title, context, url, excerpt) {
  const item = document.createElement("li");
  item.className = "lb-search__result";
  const link = document.createElement("a");
  link.href = url;
  link.className = "lb-search__result-link";
  const strong = document.createElement("strong");
  strong.textContent = title;
  link.appendChild(strong);
  if (context) {
    link.appendChild(document.createTextNode(" \u2014 " + context));
  }
  item.appendChild(link);
  if (excerpt) {
    const text = document.createElement("p");
    text.className = "lb-search__excerpt";
    text.appendChild(excerptNodes(excerpt));
    item.appendChild(text);
  }
  return item;
}

function isLesson(section) {
  return section.anchor && section.anchor.element === "h4" ? 1 : 0;
}

/* One page result as list items: the lessons (sections) that match best, or the page itself. */
function itemsFor(page) {
  const meta = page.meta || {};
  const title = meta.title || page.url;
  if (meta.kind) {
    return [resultItem(title, meta.kind, page.url, page.excerpt)];
  }
  const context = [title, meta.board, meta.year].filter(Boolean).join(", ");
  const pagePath = page.url.split("#")[0];
  const sections = (page.sub_results || [])
    .filter((section) => section.url.includes("#") && section.url.split("#")[0] === pagePath)
    /* Lessons (h4 headings) first, then the sections with most matches. */
    .sort((a, b) => isLesson(b) - isLesson(a) || (b.locations || []).length - (a.locations || []).length)
    .slice(0, SECTIONS_PER_PAGE);
  if (!sections.length) {
    return [resultItem(title, [meta.board, meta.year].filter(Boolean).join(", "), page.url, page.excerpt)];
  }
  return sections.map((section) => resultItem(section.title, context, section.url, section.excerpt));
}

function setUpSearch() {
  if (!root) { return; }
  const open = root.querySelector("[data-lb-search-open]");
  const panel = root.querySelector("[data-lb-search-panel]");
  const form = root.querySelector("[data-lb-search-form]");
  const input = root.querySelector("[data-lb-search-input]");
  const close = root.querySelector("[data-lb-search-close]");
  const grid = root.querySelector("[data-lb-search-filter-grid]");
  const status = root.querySelector("[data-lb-search-status]");
  const results = root.querySelector("[data-lb-search-results]");
  let filtersReady = false;
  let latest = 0;
  open.hidden = false;

  function show() {
    panel.hidden = false;
    open.setAttribute("aria-expanded", "true");
    input.focus();
    loadPagefind().then(setUpFilters).catch(() => {
      status.textContent = "Search could not load. Browse the reviews, themes or agencies instead.";
    });
  }

  function hide() {
    panel.hidden = true;
    open.setAttribute("aria-expanded", "false");
    open.focus();
  }

  function select(name, label, values) {
    const id = "lb-search-filter-" + name.replace(/\W+/g, "-");
    const wrapper = document.createElement("div");
    const labelElement = document.createElement("label");
    labelElement.htmlFor = id;
    labelElement.textContent = label;
    const element = document.createElement("select");
    element.id = id;
    element.dataset.lbFilter = name;
    element.appendChild(new Option("Any", ""));
    values.forEach((value) => element.appendChild(new Option(value, value)));
    element.addEventListener("change", run);
    wrapper.append(labelElement, element);
    grid.appendChild(wrapper);
    return element;
  }

  async function setUpFilters(pagefind) {
    if (filtersReady) { return; }
    filtersReady = true;
    const available = await pagefind.filters();
    const collator = new Intl.Collator("en", { numeric: true });
    FILTERS.forEach(([name, label]) => {
      const values = Object.keys(available[name] || {}).sort(collator.compare);
      if (values.length) { select(name, label, values); }
    });
    const years = Object.keys(available.year || {}).sort(collator.compare);
    if (years.length) {
      select("year-from", "Published from", years).dataset.lbYear = "from";
      select("year-to", "Published to", years).dataset.lbYear = "to";
    }
  }

  function chosenFilters() {
    const filters = {};
    const years = Array.from(grid.querySelectorAll("[data-lb-year]"));
    grid.querySelectorAll("select:not([data-lb-year])").forEach((element) => {
      if (element.value) { filters[element.dataset.lbFilter] = element.value; }
    });
    const from = years.find((element) => element.dataset.lbYear === "from");
    const to = years.find((element) => element.dataset.lbYear === "to");
    if (from && to && (from.value || to.value)) {
      const all = Array.from(from.options).map((option) => option.value).filter(Boolean);
      filters.year = { any: all.filter((year) => (!from.value || year >= from.value) && (!to.value || year <= to.value)) };
    }
    return filters;
  }

  async function run() {
    const query = input.value.trim();
    const filters = chosenFilters();
    const ticket = ++latest;
    if (!query && !Object.keys(filters).length) {
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    const pagefind = await loadPagefind();
    const search = await pagefind.debouncedSearch(query || null, { filters }, 200);
    if (search === null || ticket !== latest) { return; }  /* a newer query took over */
    const pages = await Promise.all(search.results.slice(0, PAGES_SHOWN).map((result) => result.data()));
    if (ticket !== latest) { return; }
    results.replaceChildren(...pages.flatMap(itemsFor));
    const found = search.results.length;
    const words = query ? " for \u2018" + query + "\u2019" : "";
    status.textContent = found
      ? found + (found === 1 ? " page matches" : " pages match") + words + (found > PAGES_SHOWN ? "; the best " + PAGES_SHOWN + " are shown." : ".")
      : "Nothing matches" + words + ". Try fewer words, or browse the themes.";
  }

  open.addEventListener("click", () => (panel.hidden ? show() : hide()));
  close.addEventListener("click", hide);
  input.addEventListener("input", run);
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  form.addEventListener("reset", () => setTimeout(run, 0));
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); hide(); }
    if (event.key === "ArrowDown" && event.target === input) {
      const first = results.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      show();
    }
  });
}

/* Arriving from a result: mark the words searched for, inside the page's article only. */
function highlightArrival() {
  if (!base || !new URLSearchParams(location.search).has(HIGHLIGHT)) { return; }
  import(new URL("pagefind/pagefind-highlight.js", base).href)
    .then((module) => new module.default({ highlightParam: HIGHLIGHT, markContext: "[data-pagefind-body]" }))
    .catch(() => {});
}

setUpSearch();
highlightArrival();

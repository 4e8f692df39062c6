/* The site's search box: the same text rules as generators/site/searchtext.py and the same ranking as
   generators/site/searchengine.py (tests/golden/search_vectors.json is checked against both). It reads
   search/manifest.json, then only the term shards and document shards a query needs. Everything is
   relative to Material's #__config base; the DOM is built with textContent only. */
(function () {
  "use strict";

  // --- searchtext.py ------------------------------------------------------------------------------
  var MAX_TOKEN = 40;
  var HAN = 1, WORD = 2, OTHER = 0;
  var DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;
  var CF = /\p{Cf}/gu;
  var LN = /^[\p{L}\p{N}]$/u;
  var CONNECTORS = "-_./";

  function normalise(text) {
    return String(text).replace(CF, "").normalize("NFKC").toLowerCase().replace(DASHES, "-");
  }

  function kind(c) {
    var o = c.codePointAt(0);
    if ((o >= 0x3400 && o <= 0x4DBF) || (o >= 0x4E00 && o <= 0x9FFF) || (o >= 0xF900 && o <= 0xFAFF) ||
        (o >= 0x20000 && o <= 0x2FFFF)) return HAN;
    if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9")) return WORD;
    if (o > 0x7F && LN.test(c)) return WORD;
    return OTHER;
  }

  function runs(chars) {
    var out = [], i = 0, n = chars.length;
    while (i < n) {
      var k = kind(chars[i]);
      if (k === OTHER) { i++; continue; }
      var j = i;
      while (j < n && kind(chars[j]) === k) j++;
      if (k === HAN) { out.push([HAN, [chars.slice(i, j)]]); i = j; continue; }
      var parts = [chars.slice(i, j).join("")];
      while (j + 1 < n && CONNECTORS.indexOf(chars[j]) >= 0 && kind(chars[j + 1]) === WORD) {
        var s = j + 1; j = s;
        while (j < n && kind(chars[j]) === WORD) j++;
        parts.push(chars.slice(s, j).join(""));
      }
      out.push([WORD, parts]);
      i = j;
    }
    return out;
  }

  function asciiWord(t) { return /^[a-z0-9]+$/.test(t); }

  function queryTerms(query) {
    var chars = Array.from(normalise(query));
    var out = [];
    runs(chars).forEach(function (r) {
      if (r[0] === HAN) {
        var run = r[1][0];
        if (run.length === 1) out.push(run[0]);
        else for (var k = 0; k < run.length - 1; k++) out.push(run[k] + run[k + 1]);
      } else {
        var w = r[1].join("");
        if (Array.from(w).length <= MAX_TOKEN) out.push(w);
      }
    });
    var seen = [], terms = [];
    out.forEach(function (t) { if (seen.indexOf(t) < 0) { seen.push(t); terms.push({term: t, prefix: false}); } });
    var last = out[out.length - 1];
    if (terms.length && asciiWord(last) && chars.length && kind(chars[chars.length - 1]) === WORD) {
      terms.forEach(function (t) { if (t.term === last) t.prefix = true; });
    }
    return terms;
  }

  // --- searchindex.py: files ------------------------------------------------------------------------
  var MORE = "ghijklmnopqrstuvwxyz0123456789-_", LAST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef";
  var ENC = new TextEncoder();

  function fnv1a(term) {
    var h = 0x811C9DC5, bytes = ENC.encode(term);
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }

  function decode(text) {
    var docs = [], impacts = [], n = 0, prev = -1, even = true;
    for (var i = 0; i < text.length; i++) {
      var c = text[i], v = LAST.indexOf(c);
      if (v < 0) { n = n * 32 + MORE.indexOf(c); continue; }
      n = n * 32 + v;
      if (even) { prev += n; docs.push(prev); } else impacts.push(n);
      even = !even; n = 0;
    }
    return [docs, impacts];
  }

  function safeUrl(url) {
    return typeof url === "string" && !/[\s:\\?]/.test(url) && url.charAt(0) !== "/" &&
      url.split("/").indexOf("..") < 0;
  }

  // --- the index, fetched as needed -------------------------------------------------------------------
  function config() {
    try { return JSON.parse(document.getElementById("__config").textContent); } catch (e) { return {}; }
  }
  var BASE = new URL((config().base || ".").replace(/\/?$/, "/"), location.href);
  var cache = {};

  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, BASE).href, {credentials: "same-origin"}).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function manifest() { return getJSON("search/manifest.json"); }

  function lookup(m, term) {
    var k = fnv1a(term) % m.shards;
    return getJSON("search/t/" + k + ".json?v=" + m.version).then(function (shard) {
      var e = Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
      if (!e) return null;
      if (!e.decoded) e.decoded = decode(e[2]);
      return [e[0], e.decoded[0], e.decoded[1]];
    });
  }

  function row(m, n) {
    var k = Math.floor(n / m.docs_per_shard);
    return getJSON("search/d/" + k + ".json?v=" + m.version).then(function (rows) { return rows[n % m.docs_per_shard]; });
  }

  // --- searchengine.py --------------------------------------------------------------------------------
  function filterTerms(filters) {
    return ["client", "type", "year"].filter(function (k) { return filters && filters[k]; })
      .map(function (k) { return k + ":" + filters[k]; });
  }

  function bisect(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function allTerms(present, allowed) {
    var ranked = present.slice().sort(function (a, b) { return a[1].length - b[1].length; });
    var first = ranked[0], out = [];
    for (var i = 0; i < first[1].length; i++) {
      var d = first[1][i];
      if (allowed && !allowed.has(d)) continue;
      var s = first[0] * first[2][i], ok = true;
      for (var t = 1; t < ranked.length && ok; t++) {
        var j = bisect(ranked[t][1], d);
        if (j === ranked[t][1].length || ranked[t][1][j] !== d) ok = false;
        else s += ranked[t][0] * ranked[t][2][j];
      }
      if (ok) out.push([d, s]);
    }
    out.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return out;
  }

  function search(query, filters) {
    var terms = queryTerms(query).map(function (t) { return t.term; });
    return manifest().then(function (m) {
      var fts = filterTerms(filters);
      return Promise.all(fts.map(function (t) { return lookup(m, t); })).then(function (fps) {
        var allowed = null;
        fps.forEach(function (p) {
          var docs = new Set(p ? p[1] : []);
          allowed = allowed === null ? docs : new Set(Array.from(allowed).filter(function (d) { return docs.has(d); }));
        });
        if (!terms.length) {
          var all = allowed ? Array.from(allowed).sort(function (a, b) { return a - b; }) : [];
          return {m: m, terms: terms, hits: all.map(function (d) { return [d, 0]; })};
        }
        return Promise.all(terms.map(function (t) { return lookup(m, t); })).then(function (found) {
          var present = found.filter(function (p) { return p !== null; });
          if (present.length === terms.length) {
            var hits = allTerms(present, allowed);
            if (hits.length) return {m: m, terms: terms, hits: hits};
          }
          var score = new Map(), count = new Map();
          present.forEach(function (p) {
            for (var i = 0; i < p[1].length; i++) {
              var d = p[1][i];
              if (allowed && !allowed.has(d)) continue;
              score.set(d, (score.get(d) || 0) + p[0] * p[2][i]);
              count.set(d, (count.get(d) || 0) + 1);
            }
          });
          var order = Array.from(score.keys()).sort(function (a, b) {
            return count.get(b) - count.get(a) || score.get(b) - score.get(a) || a - b;
          });
          return {m: m, terms: terms, hits: order.map(function (d) { return [d, score.get(d)]; }), relaxed: true};
        });
      });
    });
  }

  function results(query, filters, limit) {
    return search(query, filters).then(function (r) {
      return Promise.all(r.hits.slice(0, limit).map(function (h) { return row(r.m, h[0]); })).then(function (rows) {
        return {total: r.hits.length, rows: rows.filter(function (x) { return x && safeUrl(x[0]); })};
      });
    });
  }

  // --- the DOM (textContent only) --------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function show(list, rows, empty) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!rows.length && empty) { list.appendChild(el("li", "archive-results__none", empty)); return; }
    rows.forEach(function (r) {
      var li = el("li"), a = el("a");
      a.href = new URL(r[0], BASE).href;
      a.appendChild(el("span", "archive-results__title", r[1]));
      var meta = [r[2], r[3], r[4]].filter(Boolean).join(" · ");
      if (meta) a.appendChild(el("span", "archive-results__meta", meta));
      if (r[5]) a.appendChild(el("span", "archive-results__excerpt", r[5]));
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function live(input, list, filtersOf, limit, status) {
    var seq = 0;
    var run = function () {
      var q = input.value, mine = ++seq, filters = filtersOf();
      if (!q.trim() && !filterTerms(filters).length) {
        show(list, [], ""); list.setAttribute("data-query", q); if (status) status.textContent = ""; return;
      }
      results(q, filters, limit).then(function (r) {
        if (mine !== seq) return;  // a later keystroke's answer is on its way
        show(list, r.rows, "没有找到匹配的页面。");
        list.setAttribute("data-query", q);  // which query the list answers (the browser test waits on it)
        if (status) status.textContent = "共 " + r.total + " 条结果" + (r.total > limit ? "，显示前 " + limit + " 条" : "");
      }).catch(function () {
        if (mine === seq) show(list, [], "搜索索引读取失败，请刷新页面再试。");
      });
    };
    var later = debounce(run, 120);
    input.addEventListener("input", function () { list.removeAttribute("data-query"); later(); });
    return run;
  }

  function headerBox() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || document.getElementById("archive-q")) return;
    var box = el("div", "archive-search"), form = el("form");
    form.setAttribute("role", "search");
    form.action = new URL("search/", BASE).href;
    var input = el("input");
    input.id = "archive-q"; input.type = "search"; input.name = "q"; input.autocomplete = "off";
    input.placeholder = "搜索工作号、标题、客户";
    input.setAttribute("aria-label", "搜索");
    var list = el("ol", "archive-results");
    list.id = "archive-results";
    form.appendChild(input);
    box.appendChild(form);
    box.appendChild(list);
    var source = inner.querySelector(".md-header__source");
    inner.insertBefore(box, source);
    live(input, list, function () { return {}; }, 8, null);
    document.addEventListener("click", function (e) { if (!box.contains(e.target)) show(list, [], ""); });
    document.addEventListener("keydown", function (e) {  // `/` or `s` anywhere but in a form field: to the box
      var t = e.target, typing = t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName));
      if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === "/" || e.key === "s")) {
        e.preventDefault(); input.focus();
      }
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") show(list, [], "");
      if (e.key === "ArrowDown" && list.querySelector("a")) { e.preventDefault(); list.querySelector("a").focus(); }
    });
    list.addEventListener("keydown", function (e) {  // arrows move between results, Escape back to the box
      var links = Array.prototype.slice.call(list.querySelectorAll("a")), at = links.indexOf(document.activeElement);
      if (at < 0) return;
      if (e.key === "ArrowDown" && at + 1 < links.length) { e.preventDefault(); links[at + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
      if (e.key === "Escape") { input.focus(); show(list, [], ""); }
    });
  }

  function searchPage() {
    var holder = document.getElementById("archive-search-page");
    if (!holder) return;
    var params = new URLSearchParams(location.search);
    var form = el("form", "archive-search-page");
    form.setAttribute("role", "search");
    var input = el("input");
    input.id = "archive-page-q"; input.type = "search"; input.name = "q"; input.value = params.get("q") || "";
    input.placeholder = "搜索工作号、标题、客户、人名";
    form.appendChild(input);
    var selects = {};
    [["type", "全部类型"], ["client", "全部客户"], ["year", "全部年份"]].forEach(function (spec) {
      var s = el("select");
      s.id = "archive-filter-" + spec[0]; s.name = spec[0];
      s.appendChild(el("option", "", spec[1])).value = "";
      form.appendChild(s);
      selects[spec[0]] = s;
    });
    var status = el("p", "archive-search-status"), list = el("ol", "archive-results archive-results--page");
    list.id = "archive-page-results";
    holder.appendChild(form); holder.appendChild(status); holder.appendChild(list);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var filtersOf = function () {
      return {type: selects.type.value, client: selects.client.value, year: selects.year.value};
    };
    var run = live(input, list, filtersOf, 50, status);
    var remember = function () {
      var p = new URLSearchParams();
      if (input.value) p.set("q", input.value);
      Object.keys(selects).forEach(function (k) { if (selects[k].value) p.set(k, selects[k].value); });
      history.replaceState(null, "", "?" + p.toString());
    };
    input.addEventListener("input", debounce(remember, 300));
    manifest().then(function (m) {
      var add = function (s, pairs) {
        pairs.forEach(function (p) { var o = el("option", "", String(p[1])); o.value = String(p[0]); s.appendChild(o); });
      };
      add(selects.type, m.types);
      add(selects.client, m.clients);
      add(selects.year, m.years.map(function (y) { return [y, y]; }));
      Object.keys(selects).forEach(function (k) {
        selects[k].value = params.get(k) || "";
        selects[k].addEventListener("change", function () { remember(); run(); });
      });
      run();
    });
  }

  window.archiveSearch = {normalise: normalise, queryTerms: queryTerms, fnv1a: fnv1a, decode: decode, search: search,
    rankedUrls: function (q, filters, limit) {
      return search(q, filters).then(function (r) {
        return Promise.all(r.hits.slice(0, limit || 10).map(function (h) { return row(r.m, h[0]); }));
      }).then(function (rows) { return rows.map(function (x) { return x[0]; }); });
    }};

  function start() { headerBox(); searchPage(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

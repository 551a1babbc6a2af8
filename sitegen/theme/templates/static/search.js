// Thai search of the site, offline: fetches the manifest search/index.json, then only the shards of the
// query's grams and the text chunks of the candidates it must check (sitegen/render/search/files.py). The rules
// are those of sitegen/render/search/text.py (its docstring; `search()` there is the reference the tests compare
// with): fold text and query alike, AND the terms, return only pages whose text holds every term. Page text is
// shown with DOM text nodes only, never as HTML.
"use strict";
(function () {
  const form = document.querySelector(".search-form");
  if (!form) return;
  const input = form.querySelector("input[type=search]");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const base = form.dataset.base;
  const root = form.dataset.index.replace(/[^/]*$/, ""); // the index's folder: the manifest names files in it
  const thaiDigits = document.documentElement.classList.contains("digits-thai");
  const SHOWN = 50;
  const BATCH = 16; // candidates checked at once (their chunks fetched together)
  const EXACT = 32; // index files loaded below which every candidate is checked, so the count is exact
  let pending = null;

  const WORD = /[a-z0-9]/;
  const COMBINING = /[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/;

  // The folded form of `text` and, when `mapped`, for each of its characters where it came from in
  // `text`. Built as an array of characters: reading the last character of a growing string makes V8
  // flatten it each time, which was quadratic on a long page (50 s for one query on a 5 000-action report).
  function foldText(text, mapped) {
    text = text.normalize("NFC");
    const out = [];
    const from = mapped ? [] : null;
    let last = "";
    let space = -1; // position of a pending white space run, -1 for none
    for (let i = 0; i < text.length; i++) {
      let c = text[i];
      if (/\s/.test(c)) {
        if (out.length && space < 0) space = i;
        continue;
      }
      const code = c.charCodeAt(0);
      if (code >= 0x0e50 && code <= 0x0e59) c = String.fromCharCode(code - 0x0e50 + 48);
      else if (code >= 65 && code <= 90) c = String.fromCharCode(code + 32);
      if (space >= 0) {
        // Only a space between two ASCII letters or digits is kept.
        if (WORD.test(last) && WORD.test(c)) {
          out.push(" ");
          if (mapped) from.push(space);
        }
        space = -1;
      }
      out.push(c);
      if (mapped) from.push(i);
      last = c;
    }
    return { folded: out.join(""), from: from };
  }
  const foldMapped = (text) => foldText(text, true);
  const fold = (text) => foldText(text, false).folded;
  const terms = (query) => [...new Set(query.normalize("NFC").split(/\s+/).filter((t) => t).map(fold))];
  const isDigit = (c) => c >= "0" && c <= "9";

  // Every place `term` occurs in `folded` (a digit at an edge of the term must not continue a number).
  function occurrences(folded, term, first) {
    const found = [];
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1)) {
      const end = at + term.length;
      if (isDigit(term[0]) && at > 0 && isDigit(folded[at - 1])) continue;
      if (isDigit(term[term.length - 1]) && end < folded.length && isDigit(folded[end])) continue;
      found.push(at);
      if (first) break;
    }
    return found;
  }
  const contains = (folded, term) => occurrences(folded, term, true).length > 0;

  // --- the index files (sitegen/render/search/files.py): a manifest, shards of postings, chunks of text ---
  let manifest = null;
  let unitPage = null; // per unit: its page
  let pageUnit = null; // per page: its first unit
  const split = new Map(); // page → [units, url, title] of a page cut into units
  const files = new Map(); // path → promise of its JSON, each file fetched once
  const folded = new Map(); // unit → its text folded, with where each character came from

  function load(path) {
    if (!files.has(path)) {
      files.set(path, fetch(root + path).then((response) => {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }));
    }
    return files.get(path);
  }

  function setUp(data) {
    manifest = data;
    for (const [page, count, url, title] of data.split) split.set(page, [count, url, title]);
    unitPage = new Int32Array(data.units);
    pageUnit = new Int32Array(data.pages + 1);
    let unit = 0;
    for (let page = 0; page < data.pages; page++) {
      pageUnit[page] = unit;
      const count = split.has(page) ? split.get(page)[0] : 1;
      for (let i = 0; i < count; i++) unitPage[unit++] = page;
    }
    pageUnit[data.pages] = unit;
  }

  // FNV-1a over the gram's code points: search/postings.py, gram_shard.
  function shardOf(gram) {
    let h = 0x811c9dc5;
    for (const char of gram) h = Math.imul(h ^ char.codePointAt(0), 0x01000193) >>> 0;
    return h % manifest.shards.length;
  }

  // A term's grams: itself when it is one character, else its bigrams.
  function gramsOf(word) {
    const chars = [...word];
    if (chars.length < 2) return chars;
    const out = new Set();
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
    return [...out];
  }

  const decode = (deltas) => {
    let id = 0;
    return (deltas || []).map((d) => (id += d));
  };

  // The ids listed under every gram (units under "b", pages under "t"), ascending.
  async function holding(grams, key) {
    let ids = null;
    for (const gram of grams) {
      const shard = await load("s/" + manifest.shards[shardOf(gram)] + ".json");
      const next = decode(shard[key][gram]);
      if (ids === null) ids = next;
      else {
        const keep = new Set(next);
        ids = ids.filter((id) => keep.has(id));
      }
      if (!ids.length) break;
    }
    return ids || [];
  }

  function chunkOf(unit) {
    const chunks = manifest.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid][0] <= unit) lo = mid;
      else hi = mid - 1;
    }
    return chunks[lo];
  }

  async function unitRow(unit) {
    const [first, name] = chunkOf(unit);
    return (await load("t/" + name + ".json"))[unit - first];
  }

  // Whether `word` occurs in the unit, starting in the unit's own part (not in the characters it repeats of
  // its neighbours): a term lies whole in the unit it starts in.
  function unitHolds(unit, row, word, whole) {
    if (!folded.has(unit)) folded.set(unit, foldMapped(row[0]));
    const { folded: text, from } = folded.get(unit);
    const [lead, tail] = whole ? [0, 0] : [row[1], row[2]];
    const end = row[0].length - tail;
    return occurrences(text, word, false).some((at) => from[at] >= lead && from[at] < end);
  }

  // Everything a query needs of the index: per term the units that may hold it, the pages whose title may
  // hold each term and the whole query, and the candidate pages in the order their best possible score gives.
  async function plan(words) {
    const whole = words.join("");
    const units = await Promise.all(words.map((w) => holding(gramsOf(w), "b")));
    const wholeUnits = words.length > 1 ? await holding(gramsOf(whole), "b") : units[0];
    const titles = await Promise.all(words.map((w) => holding(gramsOf(w), "t")));
    const wholeTitles = words.length > 1 ? await holding(gramsOf(whole), "t") : titles[0];
    let pages = null;
    for (const list of units) {
      const here = new Set(list.map((u) => unitPage[u]));
      pages = pages === null ? here : new Set([...pages].filter((p) => here.has(p)));
    }
    const inTitle = titles.map((list) => new Set(list));
    const wholeInTitle = new Set(wholeTitles);
    const code = /^[eio][0-9]{1,2}$/.test(whole);
    const bound = (page) => (wholeInTitle.has(page) ? (code ? 1100 : 100) : 0) +
      10 * inTitle.filter((set) => set.has(page)).length + 5;
    const order = [...pages].map((page) => [bound(page), page]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return { words, whole, order, units: units.map((list) => new Set(list)), wholeUnits: new Set(wholeUnits) };
  }

  // The page's exact score (null when it lacks a term), its title and the text its snippet is taken from.
  async function check(page, q) {
    const first = pageUnit[page];
    const last = pageUnit[page + 1];
    if (!split.has(page)) {
      const row = await unitRow(first);
      const [text, url, title] = row;
      const body = folded.has(first) ? folded.get(first).folded : fold(text);
      return { page, url, title, text: text.startsWith(title + " ") ? text.slice(title.length + 1) : text,
               points: score(fold(title), body, q, (word) => contains(body, word)) };
    }
    const [, url, title] = split.get(page);
    const rows = new Map();
    const shown = new Set();
    // The page's units that may hold `word`, fetched in order only until one does: every unit of a long report
    // may hold a common word, and fetching them all cost one query hundreds of chunk files on a large site.
    async function has(word, set) {
      for (const u of set) {
        if (u < first || u >= last) continue;
        if (!rows.has(u)) rows.set(u, await unitRow(u));
        if (unitHolds(u, rows.get(u), word)) return shown.add(u);
      }
      return false;
    }
    const inText = [];
    for (const [i, word] of q.words.entries()) {
      if (!(await has(word, q.units[i]))) return { page, url, title, text: "", points: null };
      inText.push(true);
    }
    const whole = await has(q.whole, q.wholeUnits);
    const points = score(fold(title), null, q, (word, i) => (i === undefined ? whole : inText[i]));
    const text = [...shown].sort((a, b) => a - b).map((u) => rows.get(u)[0]).join(" … ");
    return { page, url, title, text, points };
  }

  // text.score: every term in the text, then the code, the whole query and each term in the title, the
  // whole query in the text.
  function score(title, body, q, inText) {
    if (!q.words.every((word, i) => inText(word, i))) return null;
    let points = codes(title).includes(q.whole) ? 1000 : 0;
    points += contains(title, q.whole) ? 100 : 0;
    points += 10 * q.words.filter((t) => contains(title, t)).length;
    points += inText(q.whole) ? 5 : 0;
    return points;
  }

  // text.codes_of: the item codes a folded title names.
  const codes = (title) => title.match(/(?<![a-z0-9])[eio][0-9]{1,2}(?![0-9])/g) || [];

  // The pages that hold every term, best first: candidates checked in the order of their best possible score,
  // in batches, until the first SHOWN are settled (and, below EXACT chunks loaded, until every candidate is).
  async function search(query) {
    const words = terms(query);
    if (!words.length) return { found: [], exact: true };
    const q = await plan(words);
    const found = [];
    let next = 0;
    const better = (a, b) => a.points > b.points || (a.points === b.points && a.page < b.page);
    while (next < q.order.length) {
      const batch = q.order.slice(next, next + BATCH).map(([, page]) => page);
      next += batch.length;
      for (const result of await Promise.all(batch.map((page) => check(page, q)))) {
        if (result.points !== null) found.push(result);
      }
      found.sort((a, b) => (better(a, b) ? -1 : 1));
      if (next < q.order.length && found.length >= SHOWN && files.size >= EXACT) {
        const [bound, page] = q.order[next];
        if (!better({ points: bound, page }, found[SHOWN - 1])) break;
      }
    }
    return { found, exact: next >= q.order.length };
  }

  function digits(n) {
    const s = String(n);
    return thaiDigits ? s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0e50 + Number(d))) : s;
  }

  // Where the terms are in the original text: merged [start, end) ranges, and each term's first.
  function hits(text, words) {
    const { folded, from } = foldMapped(text);
    const ranges = [];
    const firsts = [];
    for (const word of words) {
      const found = occurrences(folded, word, false).map((at) => [from[at], from[at + word.length - 1] + 1]);
      if (found.length) firsts.push(found[0]);
      ranges.push(...found);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    firsts.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    }
    return { merged: merged, firsts: firsts };
  }

  // Pieces of text around the first hit of each term (at most 3, ~160 characters in all, merged
  // where they overlap), the hits in <mark>; made of text nodes only.
  function windows(text, firsts, merged) {
    if (!firsts.length) return [[0, Math.min(text.length, 160)]];
    const shown = firsts.slice(0, 3);
    const room = Math.floor(160 / shown.length);
    const out = [];
    for (const [s, e] of shown) {
      let start = Math.max(0, s - Math.floor(room / 3));
      let end = Math.min(text.length, Math.max(e, start + room));
      for (const [hs, he] of merged) if (hs < end && he > end) end = he; // never a hit cut in two
      for (const [hs, he] of merged) if (hs < start && he > start) start = hs;
      while (start > 0 && COMBINING.test(text[start])) start--;
      while (end < text.length && COMBINING.test(text[end])) end++;
      const last = out[out.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else out.push([start, end]);
    }
    return out;
  }

  function snippet(text, words) {
    const p = document.createElement("p");
    p.className = "snippet";
    const { merged, firsts } = hits(text, words);
    for (const [start, end] of windows(text, firsts, merged)) {
      if (start > 0 || p.childNodes.length) p.append(p.childNodes.length ? " … " : "…");
      let at = start;
      for (const [s, e] of merged) {
        if (e <= start || s >= end) continue;
        const from = Math.max(s, start);
        const to = Math.min(e, end);
        p.append(text.slice(at, from));
        const mark = document.createElement("mark");
        mark.textContent = text.slice(from, to);
        p.append(mark);
        at = to;
      }
      p.append(text.slice(at, end));
      if (end === text.length) return p;
    }
    p.append("…");
    return p;
  }

  let asking = 0; // the latest query: an answer to an earlier one that arrives later is dropped

  async function show(query) {
    if (!manifest) {
      pending = query;
      return;
    }
    const mine = ++asking;
    const words = terms(query);
    let answer;
    try {
      answer = await search(query);
    } catch (error) {
      if (mine === asking) status.textContent = "โหลดดัชนีค้นหาไม่ได้ — ดูรายการหน้าทั้งหมดแทน";
      return;
    }
    if (mine !== asking) return;
    const { found, exact } = answer;
    list.replaceChildren();
    for (const doc of found.slice(0, SHOWN)) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = base + doc.url;
      link.textContent = doc.title || decodeURI(doc.url);
      li.append(link, snippet(doc.text, words));
      list.append(li);
    }
    const asked = query.trim();
    const count = (exact ? "" : "อย่างน้อย ") + digits(found.length);
    if (!words.length) status.textContent = "";
    else if (!found.length) status.textContent = "ไม่พบหน้าที่มีคำว่า “" + asked + "”";
    else {
      status.textContent = "พบ" + (exact ? " " : "") + count + " หน้าที่มีคำว่า “" + asked + "”" +
        (found.length > SHOWN ? " แสดง " + digits(SHOWN) + " หน้าแรก" : "");
    }
    status.dataset.count = String(found.length);
    status.dataset.exact = String(exact);
    status.dataset.query = query;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    show(input.value);
  });
  input.addEventListener("input", () => show(input.value));

  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    pending = asked;
  }
  load("index.json")
    .then((data) => {
      setUp(data);
      form.dataset.ready = "true";
      if (pending !== null) show(pending);
    })
    .catch(() => {
      status.textContent = "โหลดดัชนีค้นหาไม่ได้ — ดูรายการหน้าทั้งหมดแทน";
    });
})();

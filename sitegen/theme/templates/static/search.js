// Thai search of the site, offline: fetches search/index.json (built by sitegen/search.py) and looks
// the query up in it. The rules are those of sitegen/search.py (its docstring; `search()` there is the
// reference the tests compare with): fold text and query alike, AND the terms, return only pages
// whose text holds every term. Page text is shown with DOM text nodes only, never as HTML.
"use strict";
(function () {
  const form = document.querySelector(".search-form");
  if (!form) return;
  const input = form.querySelector("input[type=search]");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const base = form.dataset.base;
  const thaiDigits = document.documentElement.classList.contains("digits-thai");
  const SHOWN = 50;
  let index = null;
  let pending = null;
  const foldedDocs = []; // per page: its folded title and body, made when first needed
  const decoded = new Map(); // per bigram: its page ids

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

  function postings(gram) {
    if (!decoded.has(gram)) {
      let id = 0;
      decoded.set(gram, new Set((index.grams[gram] || []).map((d) => (id += d))));
    }
    return decoded.get(gram);
  }

  // Pages that hold every bigram of every term: a superset of the matches, checked afterwards.
  function candidates(words) {
    let ids = null;
    for (const word of words) {
      for (let i = 0; i + 2 <= word.length; i++) {
        const next = postings(word.slice(i, i + 2));
        ids = ids === null ? [...next] : ids.filter((id) => next.has(id));
        if (!ids.length) return [];
      }
    }
    return ids === null ? index.docs.map((_, id) => id) : ids;
  }

  function score(id, words) {
    const doc = index.docs[id];
    if (!foldedDocs[id]) foldedDocs[id] = [fold(doc[1]), fold(doc[1] + " " + doc[3])];
    const [title, body] = foldedDocs[id];
    if (!words.every((t) => contains(body, t))) return null;
    const whole = words.join("");
    let points = doc[2].includes(whole) ? 1000 : 0;
    points += contains(title, whole) ? 100 : 0;
    points += 10 * words.filter((t) => contains(title, t)).length;
    points += contains(body, whole) ? 5 : 0;
    return points;
  }

  function search(query) {
    const words = terms(query);
    if (!words.length) return [];
    const scored = [];
    for (const id of candidates(words)) {
      const points = score(id, words);
      if (points !== null) scored.push([points, id]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return scored.map((pair) => index.docs[pair[1]]);
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

  function show(query) {
    if (!index) {
      pending = query;
      return;
    }
    const words = terms(query);
    const found = search(query);
    list.replaceChildren();
    for (const doc of found.slice(0, SHOWN)) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = base + doc[0];
      link.textContent = doc[1] || decodeURI(doc[0]);
      li.append(link, snippet(doc[3], words));
      list.append(li);
    }
    const asked = query.trim();
    if (!words.length) status.textContent = "";
    else if (!found.length) status.textContent = "ไม่พบหน้าที่มีคำว่า “" + asked + "”";
    else {
      status.textContent = "พบ " + digits(found.length) + " หน้าที่มีคำว่า “" + asked + "”" +
        (found.length > SHOWN ? " แสดง " + digits(SHOWN) + " หน้าแรก" : "");
    }
    status.dataset.query = query;
    status.dataset.count = String(found.length);
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
  fetch(form.dataset.index)
    .then((response) => {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then((data) => {
      index = data;
      form.dataset.ready = "true";
      if (pending !== null) show(pending);
    })
    .catch(() => {
      status.textContent = "โหลดดัชนีค้นหาไม่ได้ — ดูรายการหน้าทั้งหมดแทน";
    });
})();

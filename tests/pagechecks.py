"""What the browser tests measure inside a page (tests/test_browser.py): small scripts, each returning a list of
problems as text (empty = fine), so a failure names the element and the numbers at once.

Each script is plain JavaScript run by Playwright's ``page.evaluate``; a problem names an element by a short
CSS-like path (``main > p:nth-of-type(2) > a``) and its text.
"""

from __future__ import annotations

# A short path and the start of the text of an element, to name it in a problem.
_DESCRIBE = """
const describe = (el) => {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
    let part = e.localName + (e.id ? '#' + e.id : '') + (e.classList.length ? '.' + [...e.classList].join('.') : '');
    parts.unshift(part);
    if (e.id) break;
  }
  return parts.join(' > ') + ' "' + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
};
// The elements on screen, walked once: a subtree hidden from everyone (display none, visibility hidden) or kept
// only for screen readers (the 1 px clipped .visually-hidden pattern) can neither overflow nor be tapped.
const onScreenElements = () => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT, { acceptNode(el) {
    if (!el.checkVisibility({ visibilityProperty: true })) return NodeFilter.FILTER_REJECT;
    const rect = el.getBoundingClientRect(), style = getComputedStyle(el);
    if ((rect.width <= 1 || rect.height <= 1) && style.overflow !== 'visible') return NodeFilter.FILTER_REJECT;
    return rect.width > 1 && rect.height > 1 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
  } });
  const found = [];
  while (walker.nextNode()) found.push(walker.currentNode);
  return found;
};
"""

# Sideways scroll and clipping: the page is no wider than the window, and no element on screen reaches past its
# right edge (overflow: hidden on a parent would hide such text instead of scrolling it).
OVERFLOW = "() => {" + _DESCRIBE + """
  const width = document.documentElement.clientWidth, problems = [];
  if (document.documentElement.scrollWidth > width)
    problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} px > ${width} px`);
  for (const el of onScreenElements()) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 0.5) problems.push(`${describe(el)} ends at ${Math.round(right)} px > ${width} px`);
  }
  return problems.slice(0, 10);
}"""

# Target size, WCAG 2.2 SC 2.5.8 (AA): every link and control is at least 24 × 24 CSS px, unless
#   - inline: a link inside a sentence (an inline box whose block has text besides the link), its height set by
#     the line of text around it; or
#   - spacing: a 24 px circle centred on its box overlaps no other target and no other small target's circle.
TARGETS = "() => {" + _DESCRIBE + """
  const MIN = 24, problems = [];
  const all = onScreenElements()
    .filter((el) => el.matches('a[href], button, input, select, textarea, summary, [tabindex]') && el.tabIndex >= 0);
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    const own = (el.textContent || '').trim().length;
    return (block.textContent || '').replace(/\\s+/g, '').length > own + 2;
  };
  const boxes = all.map((el) => ({ el, r: el.getBoundingClientRect() }));
  const small = boxes.filter(({ el, r }) => (r.width < MIN - 0.01 || r.height < MIN - 0.01) && !inSentence(el));
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const circleHitsRect = ([x, y], r) => {
    const dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
    return dx * dx + dy * dy < (MIN / 2) * (MIN / 2);
  };
  for (const a of small) {
    const c = centre(a.r);
    const hit = boxes.find((b) => b.el !== a.el && !b.el.contains(a.el) && !a.el.contains(b.el)
                                  && circleHitsRect(c, b.r))
      || small.find((b) => b.el !== a.el && Math.hypot(c[0] - centre(b.r)[0], c[1] - centre(b.r)[1]) < MIN);
    if (hit) problems.push(`${describe(a.el)} is ${a.r.width.toFixed(1)} × ${a.r.height.toFixed(1)} px, `
                           + `too close to ${describe(hit.el)}`);
  }
  return problems.slice(0, 10);
}"""

# The focused element, where it is and how its focus ring is drawn.
FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el), r = el.getBoundingClientRect();
  return { href: el.getAttribute('href'), inMenu: !!el.closest('.main-nav, .phone-menu nav'), cls: el.className,
           tag: el.tagName, text: (el.textContent || '').trim(),
           outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
           inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.width > 1 };
}"""

# Motion: with prefers-reduced-motion, nothing animates or transitions and nothing scrolls smoothly.
MOTION = "() => {" + _DESCRIBE + """
  const problems = [],
    seconds = (t) => Math.max(...t.split(',').map((v) => parseFloat(v) * (v.includes('ms') ? 0.001 : 1)));
  for (const el of [document.documentElement, ...document.body.querySelectorAll('*')]) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      if (style.animationName !== 'none' && seconds(style.animationDuration) > 0.001)
        problems.push(`${describe(el)}${pseudo || ''} animates (${style.animationName} ${style.animationDuration})`);
      if (seconds(style.transitionDuration) > 0.001)
        problems.push(`${describe(el)}${pseudo || ''} has a transition (${style.transitionDuration})`);
    }
    if (getComputedStyle(el).scrollBehavior === 'smooth') problems.push(`${describe(el)} scrolls smoothly`);
  }
  return problems.slice(0, 10);
}"""

# The colours the page is painted in: the body's background and text (for the dark-mode check).
COLOURS = """() => {
  const style = getComputedStyle(document.body), html = getComputedStyle(document.documentElement);
  const bg = style.backgroundColor === 'rgba(0, 0, 0, 0)' ? html.backgroundColor : style.backgroundColor;
  return { background: bg, text: style.color };
}"""

# axe-core, already injected: WCAG 2.0 / 2.1 levels A and AA.
AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — `
    + v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')).join('; '));
}"""


def luminance(css_colour: str) -> float:
    """WCAG relative luminance of an ``rgb(r, g, b)`` / ``rgba(…)`` colour as the browser reports it."""
    channels = [float(v) / 255 for v in css_colour[css_colour.index("(") + 1:-1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two browser colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)

# The generated parts of a page (menu, breadcrumbs, codes, dates, chart captions, badges): the digits they hold,
# which must all be the site's (digits: thai or arabic), whatever the text typed by staff holds.
GENERATED_DIGITS = """() => {
  const parts = document.querySelectorAll('title, .main-nav, .phone-menu, .breadcrumbs, .code, time, figcaption,'
    + ' .badge, .report-links, .status-due, .site-footer .updated');
  const text = [...parts].map((el) => el.textContent).join(' ');
  return { thai: (text.match(/[\u0e50-\u0e59]+/g) || []).slice(0, 5),
           arabic: (text.match(/[0-9]+/g) || []).slice(0, 5) };
}"""

// Large print: a word with a hyphen ("X-ray", "follow-up") is never split over two lines (G003:
// words are not split unless unavoidable). Wraps each one in a no-break span; safe to run twice.
// Only short words: a web address or a long compound must still wrap, or it would stick out of
// the page and Chromium would shrink the whole page to fit it.
() => {
  // A hyphenated word of at most 24 letters, not part of an address (no / . : around it).
  const WORD = /(?<![\w\/.:-])[A-Za-z0-9]{1,12}(?:[-\u2010\u2011][A-Za-z0-9]{1,12}){1,2}(?![\w\/:-]|\.\w)/;
  const SPLIT = new RegExp('(' + WORD.source + ')');
  const article = document.querySelector('article') || document.body;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (WORD.test(node.data) && !node.parentElement.closest('.rfn-keep-whole, svg, script, style, a')) found.push(node);
  }
  for (const node of found) {
    const parts = node.data.split(SPLIT);
    const fragment = document.createDocumentFragment();
    parts.forEach((part, i) => {
      if (i % 2 === 0 || part.length > 24) { if (part) fragment.append(part); return; }
      const span = document.createElement('span');
      span.className = 'rfn-keep-whole';
      span.style.whiteSpace = 'nowrap';
      span.textContent = part;
      fragment.append(span);
    });
    node.replaceWith(fragment);
  }
}

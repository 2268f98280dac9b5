// Large print: a word with a hyphen ("X-ray", "follow-up") is never split over two lines (G003:
// words are not split unless unavoidable). Wraps each one in a no-break span; safe to run twice.
() => {
  const article = document.querySelector('article') || document.body;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (/\w[-\u2010\u2011]\w/.test(node.data) && !node.parentElement.closest('.rfn-keep-whole, svg, script, style')) found.push(node);
  }
  for (const node of found) {
    const parts = node.data.split(/(\S*\w[-\u2010\u2011]\w\S*)/);
    const fragment = document.createDocumentFragment();
    parts.forEach((part, i) => {
      if (i % 2 === 0) { if (part) fragment.append(part); return; }
      const span = document.createElement('span');
      span.className = 'rfn-keep-whole';
      span.style.whiteSpace = 'nowrap';
      span.textContent = part;
      fragment.append(span);
    });
    node.replaceWith(fragment);
  }
}

// Numbers the figures of a one-page handout 1, 2, 3... in the order they are printed, in their
// captions and wherever the text names them ("Figure 3" alone on a handout reads as if figures
// 1 and 2 were missing). Site-wide numbers are unique, so the old number names the figure. Only
// the handout is renumbered; the booklet keeps the site's numbers (it has every figure).
(word) => {
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  const renumber = new Map();
  for (const label of article.querySelectorAll('figure .rfn-figure-number')) {
    const old = label.textContent.match(/(\d+)/)?.[1];
    if (old && !renumber.has(old)) renumber.set(old, String(renumber.size + 1));
  }
  if ([...renumber].every(([old, now]) => old === now)) return 0;
  const pattern = new RegExp('(' + word + '[\\s\\u00a0]+)(\\d+)', 'g');
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let changed = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('svg')) continue;
    const text = node.nodeValue.replace(pattern, (all, head, old) => renumber.has(old) ? head + renumber.get(old) : all);
    if (text !== node.nodeValue) { node.nodeValue = text; changed++; }
  }
  return changed;
}

// Adds `count` ruled "Notes" pages at the end of the booklet (so its page count is a multiple of
// 4 and it folds and staples); the reader writes on them. Their rules are in booklet.css.
([count, title]) => {
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  article.querySelectorAll('.rfn-booklet-notes').forEach(e => e.remove());
  for (let i = 0; i < count; i++) {
    const page = document.createElement('section');
    page.className = 'rfn-booklet-notes';
    page.setAttribute('aria-label', title);
    const heading = document.createElement('h2');
    heading.textContent = title;
    const lines = document.createElement('div');
    lines.className = 'rfn-booklet-notes__lines';
    lines.setAttribute('aria-hidden', 'true');
    page.append(heading, lines);
    article.appendChild(page);
  }
}

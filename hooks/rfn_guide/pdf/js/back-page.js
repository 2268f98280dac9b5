// Puts the booklet's back page (booklet.py back_page_html: the "When to get help" cards again)
// into the emptied article, on a sheet of its own: the outside of a folded booklet.
(markup) => {
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  article.querySelectorAll('.rfn-booklet-back').forEach(e => e.remove());
  const holder = document.createElement('div');
  holder.innerHTML = markup;
  article.append(...holder.childNodes);
}

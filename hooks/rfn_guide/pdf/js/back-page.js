// Puts the booklet's back page (booklet.py back_page_html: the "When to get help" cards again)
// into the article booklet.js has just emptied: a part of its own, so it starts a sheet.
(markup) => {
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  article.insertAdjacentHTML('beforeend', markup);
}

// Readies a loaded page for print: opens collapsed blocks, drops screen-only bits, points links
// into the site at the published site (siteUrl; "" when it has no real address: no link).
// Returns the article as it was before that last step
// (URLs absolute on the export origin), for the booklet.
async ([origin, siteUrl]) => {
  await document.fonts.ready;
  // As the theme's script (not loaded for print: server.py) wraps tables, for the same layout.
  for (const table of document.querySelectorAll('[data-md-component="content"] table:not([class])')) {
    if (table.parentElement.classList.contains('md-typeset__table')) continue;
    const scroll = document.createElement('div');
    scroll.className = 'md-typeset__scrollwrap';
    const inner = document.createElement('div');
    inner.className = 'md-typeset__table';
    table.replaceWith(scroll);
    scroll.append(inner);
    inner.append(table);
  }
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.headerlink, .md-content__button, .rfn-pdf-download').forEach(e => e.remove());
  // Lightbox links: keep the picture, drop the link to the full-size copy.
  document.querySelectorAll('a.glightbox').forEach(a => { a.replaceWith(...a.childNodes); });
  // A tagged PDF has no tag for a word list (<dl>: the Glossary, "Words used in this handout"),
  // and Chromium tags one as untyped groups (NonStruct). As a list, one item a word with its
  // meaning (each in a <div> of its own), a screen reader says how many words there are and
  // reads them one by one (pdfua.py puts each item's content in its LBody). Print only: on
  // screen a <dl> is already read as a list of terms.
  for (const words of document.querySelectorAll('article dl')) {
    if (!words.children.length || [...words.children].some(entry => entry.tagName !== 'DIV')) continue;
    words.setAttribute('role', 'list');
    words.style.listStyleType = 'none';  // no bullets: the tag says so (no /ListNumbering /Disc)
    for (const entry of words.children) entry.setAttribute('role', 'listitem');
  }
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  const copy = article.cloneNode(true);
  copy.querySelectorAll('.rfn-print-link').forEach(e => e.remove());
  for (const el of copy.querySelectorAll('[href]')) {
    if (el.closest('svg')) continue;
    el.setAttribute('href', el.href);
  }
  for (const el of copy.querySelectorAll('img[src], source[src], video[src]')) el.setAttribute('src', el.src);
  for (const el of copy.querySelectorAll('img[srcset], source[srcset]')) el.removeAttribute('srcset');
  // In the handout, links into the site go to the published site, not the export origin.
  const here = location.href.split('#')[0];
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.closest('svg')) continue;
    const target = a.href;
    if (!target.startsWith(origin)) continue;
    if (target.split('#')[0] === here && a.getAttribute('href').startsWith('#')) continue;
    // No published address (a placeholder site_url): the words stay, the link goes.
    if (siteUrl) a.setAttribute('href', siteUrl + target.slice(origin.length));
    else a.removeAttribute('href');
  }
  return copy.innerHTML;
}

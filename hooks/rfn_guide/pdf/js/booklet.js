// Replaces the article of the loaded page with the booklet: cover, contents, every section.
async ([origin, siteUrl, css, front, stylesheets, sections]) => {
  document.documentElement.classList.add('rfn-booklet');
  // The other sections' stylesheets (care cards, tick boxes), before the edition's own styles
  // so large print still has the last word; waited for, so the first print has them.
  const have = new Set([...document.querySelectorAll('link[rel="stylesheet"]')].map(l => l.href));
  const before = document.getElementById('rfn-edition-style');
  await Promise.all(stylesheets.filter(href => !have.has(href)).map(href => new Promise(resolve => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = link.onerror = resolve;
    document.head.insertBefore(link, before);
  })));
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
  document.querySelectorAll('.md-header, .md-tabs, .md-sidebar, .md-footer, .md-top, .md-dialog, .md-search, .md-banner').forEach(e => e.remove());
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  article.innerHTML = front;
  const anchorFor = new Map();  // page URL (no hash) -> section slug
  for (const s of sections) anchorFor.set(origin + s.url, s.slug);
  for (const s of sections) {
    const section = document.createElement('section');
    section.className = 'rfn-booklet-section';
    section.id = 'rfn-s-' + s.slug;
    section.setAttribute('aria-label', s.title);
    section.innerHTML = s.html;
    // Ids repeat from page to page (every page has #sources): give each its section's prefix.
    for (const el of section.querySelectorAll('[id]')) {
      if (el.closest('svg')) continue;
      el.id = s.slug + '--' + el.id;
    }
    for (const el of section.querySelectorAll('[for], [aria-labelledby], [aria-describedby], [aria-controls]')) {
      for (const name of ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls']) {
        const value = el.getAttribute(name);
        if (value) el.setAttribute(name, value.split(/\s+/).map(v => s.slug + '--' + v).join(' '));
      }
    }
    for (const a of section.querySelectorAll('a[href]')) {
      if (a.closest('svg')) continue;
      const href = a.getAttribute('href');
      if (!href.startsWith(origin)) continue;
      const [path, hash] = href.split('#');
      const slug = anchorFor.get(path) ?? anchorFor.get(path.replace(/index\.html$/, ''));
      if (slug !== undefined) a.setAttribute('href', hash ? '#' + slug + '--' + hash : '#rfn-s-' + slug);
      else if (siteUrl) a.setAttribute('href', siteUrl + href.slice(origin.length));
      else a.removeAttribute('href');  // no published address to send a reader to
    }
    article.appendChild(section);
  }
  document.title = front.match(/<h1[^>]*>([^<]*)</)?.[1] || document.title;
}

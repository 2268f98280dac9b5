// Replaces the article of the loaded page with one part of the booklet: the front matter (cover
// and contents, part === ''), one section (part === its slug) or nothing (part === null: the
// notes pages are added after). Each part is printed on its own
// and the parts are merged (assemble.py), so a link to another part cannot be resolved here:
// hidden anchors make Chromium write every link (to a placeholder of its target) and a named
// destination for every id in this part (through a hidden link to it), and the merge joins them.
// A tab lays out one part after another on the same page: each run leaves it as a fresh one would.
async ([origin, siteUrl, css, front, stylesheets, sections, part, html]) => {
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
  // Last in <head>, after the edition's style, whether this tab laid out a part before or not.
  const style = document.getElementById('rfn-booklet-style') || document.createElement('style');
  style.id = 'rfn-booklet-style';
  style.textContent = css;
  document.head.appendChild(style);
  document.querySelectorAll('.md-header, .md-tabs, .md-sidebar, .md-footer, .md-top, .md-dialog, .md-search, .md-banner').forEach(e => e.remove());
  const article = document.querySelector('article.md-content__inner') || document.querySelector('article');
  document.title = front.match(/<h1[^>]*>([^<]*)</)?.[1] || document.title;
  const anchorFor = new Map();  // page URL (no hash) -> section slug
  for (const s of sections) anchorFor.set(origin + s.url, s.slug);
  if (part === '') {
    article.innerHTML = front;
  } else if (part === null) {
    article.innerHTML = '';
  } else {
    const s = sections.find(x => x.slug === part);
    article.innerHTML = '';
    const section = document.createElement('section');
    section.className = 'rfn-booklet-section';
    section.id = 'rfn-s-' + s.slug;
    section.setAttribute('aria-label', s.title);
    section.innerHTML = html;
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
  // Not shown, not tagged: a link to each id here (so Chromium writes its destination), and an
  // empty stand-in for each link target in another part (so Chromium writes the link).
  const hidden = document.createElement('div');
  hidden.hidden = true;
  hidden.className = 'rfn-booklet-anchors';
  const ids = [...article.querySelectorAll('[id]')].filter(el => !el.closest('svg')).map(el => el.id);
  for (const id of ids) {
    const a = document.createElement('a');
    a.href = '#' + id;
    hidden.appendChild(a);
  }
  const here = new Set(ids);
  for (const a of article.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (!id || here.has(id)) continue;
    here.add(id);
    const stand = document.createElement('span');
    stand.id = id;
    hidden.appendChild(stand);
  }
  article.appendChild(hidden);
}

// Every file of the site the loaded document used, as paths under the export origin: what the
// browser fetched, plus what the document points at (a file served from the memory cache may
// leave no timing entry). The PDF cache hashes these files.
(origin) => {
  const used = new Set(performance.getEntriesByType('resource').map(e => e.name));
  used.add(location.href);
  // Not every <link>: rel="prev"/"next" name neighbouring pages, which the print does not load.
  const loaded = 'link[rel~="stylesheet"][href], link[rel~="icon"][href], link[rel~="preload"][href], link[rel~="modulepreload"][href]';
  for (const el of document.querySelectorAll(loaded + ', script[src], img, source[src], image, use')) {
    const raw = el.currentSrc || el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('xlink:href');
    if (raw) used.add(new URL(raw, location.href).href);
  }
  for (const sheet of document.styleSheets) if (sheet.href) used.add(sheet.href);
  return [...used].filter(u => u.startsWith(origin)).map(u => u.slice(origin.length).split(/[?#]/)[0]);
}

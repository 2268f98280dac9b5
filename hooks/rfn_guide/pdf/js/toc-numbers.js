// Writes each section's first page number into the booklet's contents.
(starts) => {
  for (const [slug, number] of Object.entries(starts)) {
    const cell = document.querySelector('#rfn-toc-' + slug + ' .rfn-toc-page');
    if (cell) cell.textContent = String(number);
  }
}

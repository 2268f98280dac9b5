// Turns the loaded page into one edition (large print...): a class on <html> and the edition's
// stylesheet. The classes of the edition printed before in this tab go first (each edition's
// class is also marked rfn-edition-<class>, so it can be found again).
([htmlClass, css]) => {
  const root = document.documentElement;
  const previous = [...root.classList].filter(c => c.startsWith('rfn-edition-'));
  root.classList.remove(...previous, ...previous.map(c => c.slice('rfn-edition-'.length)));
  document.getElementById('rfn-edition-style')?.remove();
  if (htmlClass) root.classList.add(htmlClass, 'rfn-edition-' + htmlClass);
  if (css) {
    const style = document.createElement('style');
    style.id = 'rfn-edition-style';
    style.textContent = css;
    document.head.appendChild(style);
  }
}

// Turns the loaded page into one edition (large print...): a class on <html> and the edition's
// stylesheet. Called with ['', ''] to go back to the standard edition.
([htmlClass, css]) => {
  document.documentElement.classList.remove(...[...document.documentElement.classList].filter(c => c.startsWith('rfn-edition-')));
  document.getElementById('rfn-edition-style')?.remove();
  if (htmlClass) document.documentElement.classList.add(htmlClass, 'rfn-edition-' + htmlClass);
  if (css) {
    const style = document.createElement('style');
    style.id = 'rfn-edition-style';
    style.textContent = css;
    document.head.appendChild(style);
  }
}

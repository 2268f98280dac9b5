// Resolves once every font the page uses has loaded (so a print never catches a fallback font).
async () => { await document.fonts.ready; return true; }

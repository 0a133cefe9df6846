(task, ckpt, text, decoding, width, tab, chapter, lang) => {
  // The copy-link button builds the link in the browser from what is on screen (no server round trip). The tab
  // comes from the page itself (the selected tab's label), not from the server's record of it, which lags while
  // the tab's figures are still being drawn (the first saliency map takes seconds).
  const labels = TAB_OF_LABEL;
  const selected = document.querySelector('[role=tab][aria-selected=true]');
  tab = (selected && labels[selected.textContent.trim()]) || tab;
  const u = new URL(window.location.href.split('?')[0]);
  u.searchParams.set('task', task); u.searchParams.set('checkpoint', ckpt); u.searchParams.set('text', text);
  if (decoding === 'beam') u.searchParams.set('beam', String(width));
  if (tab && tab !== 'playback') u.searchParams.set('tab', tab);
  if (tab === 'lesson') u.searchParams.set('chapter', String(chapter));
  u.searchParams.set('lang', lang);
  const link = u.toString();
  if (navigator.clipboard) navigator.clipboard.writeText(link).catch(() => {});
  return link;
}

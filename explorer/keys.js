() => {
  // The tab strip as the WAI-ARIA tabs pattern asks: one Tab stop (the selected tab), ←/→ move to the previous or
  // next tab and open it, Home/End the first or last (tabs in the strip's overflow menu are reached through its
  // "more" button). Folds (Examples, Decoding settings) say whether they are open: aria-expanded.
  const visibleTabs = (list) => [...list.querySelectorAll('[role=tab]')].filter((t) => t.offsetParent);
  const mark = () => {
    document.querySelectorAll('[role=tablist]').forEach((list) => {
      const tabs = visibleTabs(list);
      const current = tabs.find((t) => t.getAttribute('aria-selected') === 'true') || tabs[0];
      tabs.forEach((t) => t.setAttribute('tabindex', t === current ? '0' : '-1'));
    });
    document.querySelectorAll('button.label-wrap').forEach((b) => {
      const open = b.classList.contains('open') ? 'true' : 'false';
      if (b.getAttribute('aria-expanded') !== open) b.setAttribute('aria-expanded', open);
    });
  };
  let queued = false;  // the page changes often (playback redraws every frame): mark once per frame at most
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; mark(); });
  };
  new MutationObserver(later).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['aria-selected', 'class'],
  });
  mark();
  document.addEventListener('keydown', (e) => {
    const tab = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || !tab.getAttribute || tab.getAttribute('role') !== 'tab') return;
    const tabs = visibleTabs(tab.closest('[role=tablist]') || document);
    const i = tabs.indexOf(tab);
    const to = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1}[e.key];
    if (to === undefined || i < 0) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    next.focus();
    next.click();
  });
}

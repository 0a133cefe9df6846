() => {
  // The tab strip as the WAI-ARIA tabs pattern asks: one Tab stop (the selected tab), ←/→ move to the previous or
  // next tab and open it, Home/End the first or last (tabs in the strip's overflow menu are reached through its
  // "more" button). A radio group (the lesson's answers, the task) is one Tab stop too, its arrow keys moving the
  // choice (Gradio names each option on its own: a Tab stop each, and no arrows). Folds (Examples, Decoding
  // settings) say whether they are open: aria-expanded. A dropdown
  // (the lesson's chapters, the checkpoint) that Tab leaves closes its list, as Escape does: Gradio's list opens
  // when the box takes focus and stayed open over the lesson's text when focus moved on.
  const radiosOf = (group) => [...group.querySelectorAll('input[type=radio]')].filter((r) => r.offsetParent);
  const visibleTabs = (list) => [...list.querySelectorAll('[role=tab]')].filter((t) => t.offsetParent);
  const mark = () => {
    document.querySelectorAll('[role=tablist]').forEach((list) => {
      const tabs = visibleTabs(list);
      const current = tabs.find((t) => t.getAttribute('aria-selected') === 'true') || tabs[0];
      tabs.forEach((t) => t.setAttribute('tabindex', t === current ? '0' : '-1'));
    });
    document.querySelectorAll('fieldset').forEach((group) => {
      const radios = radiosOf(group);
      const current = radios.find((r) => r.checked) || radios[0];
      radios.forEach((r) => {
        const want = r === current ? '0' : '-1';
        if (r.getAttribute('tabindex') !== want) r.setAttribute('tabindex', want);
      });
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
    childList: true, subtree: true, attributes: true, attributeFilter: ['aria-selected', 'class', 'aria-checked'],
  });
  mark();
  document.addEventListener('keydown', (e) => {  // a radio group (the lesson's answers, the task): one stop, arrows
    const radio = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || !(radio instanceof HTMLInputElement) || radio.type !== 'radio') return;
    const group = radio.closest('fieldset');
    if (!group) return;
    const radios = radiosOf(group).filter((r) => !r.disabled);
    const step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[e.key];
    if (!step || radios.indexOf(radio) < 0) return;
    e.preventDefault();
    const next = radios[(radios.indexOf(radio) + step + radios.length) % radios.length];
    next.focus();
    next.click();
  });
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
  document.addEventListener('focusout', (e) => {
    const box = e.target;
    if (!(box instanceof HTMLInputElement) || box.getAttribute('role') !== 'combobox') return;
    setTimeout(() => {
      if (document.activeElement === box || box.getAttribute('aria-expanded') !== 'true') return;
      box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
    }, 0);
  }, true);
}

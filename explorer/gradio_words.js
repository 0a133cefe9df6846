() => {
  // Words Gradio and plotly write themselves (the examples' "Pages:", the tab strip's "More tabs", the figure
  // toolbar's tooltips, the footer's links), said in Korean while the page is Korean and put back when it turns
  // English again.
  const KO = {
    'Pages:': '페이지:',
    'More tabs': '탭 더 보기',
    'Download plot as a png': '그림으로 저장 (PNG)',
    'Download plot as a PNG': '그림으로 저장 (PNG)',
    'Reset axes': '축 되돌리기',
    'Autoscale': '자동 배율',
    'Zoom': '영역 확대',
    'Pan': '옮기기',
    'Zoom in': '확대',
    'Zoom out': '축소',
    'Box Select': '상자로 고르기',
    'Lasso Select': '올가미로 고르기',
    // the footer, in the words of Gradio's own Korean (what a Korean browser shows from the start)
    'Use via API': 'API를 통해 사용',
    'Use via API or MCP': 'API 또는 MCP를 통해 사용',
    'Built with Gradio': 'Gradio로 제작됨',
    'Settings': '설정',
  };
  const EN = Object.fromEntries(Object.entries(KO).map(([en, ko]) => [ko, en]));
  const korean = () => !!document.querySelector('input[type=radio][value=ko]:checked');
  const say = () => {
    queued = false;
    const words = korean() ? KO : EN;
    document.querySelectorAll('.modebar-btn[data-title], [aria-label]').forEach((e) => {
      for (const attr of ['data-title', 'aria-label']) {
        const v = e.getAttribute(attr);
        if (v && words[v]) e.setAttribute(attr, words[v]);
      }
    });
    document.querySelectorAll('.paginate, .paginate *, footer, footer *').forEach((e) => {
      for (const n of e.childNodes) {
        const t = n.nodeType === 3 ? n.textContent.trim() : '';
        if (t && words[t]) n.textContent = n.textContent.replace(t, words[t]);
      }
    });
  };
  let queued = false;
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(say); } })
    .observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ['checked', 'data-title']});
  document.addEventListener('change', () => requestAnimationFrame(say));
  say();
}

() => {
  // Gradio fetches its plotly chunk (4.6 MB; the whole library runs on import: 1–2 s of a 2-core machine's main
  // thread) only when the first figure is drawn, after the first translation's answer. Start it at once when the
  // page opens on a view with figures; otherwise once its first view (playback, the lesson) is drawn and the
  // browser is idle, so that a student's first figure tab finds plotly ready and the first view does not wait.
  const chunk = '__PLOTLY_CHUNK__';
  const index = document.querySelector('script[type=module][src*="assets/index-"]');
  if (!chunk.endsWith('.js') || !index) return;
  const warm = () => import(new URL(chunk, index.src).href).catch(() => {});
  const tab = new URLSearchParams(location.search).get('tab');
  if (tab && tab !== 'playback' && tab !== 'lesson') return warm();
  const idle = (f) => ('requestIdleCallback' in window ? requestIdleCallback(f, { timeout: 3000 }) : setTimeout(f, 500));
  const started = Date.now();
  const shown = (e) => (e.checkVisibility ? e.checkVisibility() : e.getClientRects().length > 0);
  // the page's own view drawn where the reader sees it (the playback diagram is drawn in its hidden tab too)
  // and, on the lesson, its text too (KaTeX typesets it after the figure: plotly's start must not hold it back)
  const lesson = () => [...document.querySelectorAll('#lesson-root .lesson-text')].filter(shown);
  const drawn = () =>
    [...document.querySelectorAll('.pb-root svg, .lesson-pieces, .js-plotly-plot')].some(shown) &&
    lesson().every((e) => e.textContent.trim().length > 0);
  const look = () =>
    drawn() || Date.now() - started > 20000 ? setTimeout(() => idle(warm), 1000) : setTimeout(look, 250);
  look();
}

() => {
  // Gradio fetches, parses and compiles its plotly chunk (4.6 MB) only when the first figure is drawn, after the
  // first translation's answer: ~1 s the reader waits. Start it at once when the page opens on a view with
  // figures, otherwise when the browser is idle after the first view, so the first figure finds it ready.
  const chunk = '__PLOTLY_CHUNK__';
  const index = document.querySelector('script[type=module][src*="assets/index-"]');
  if (!chunk.endsWith('.js') || !index) return;
  const warm = () => import(new URL(chunk, index.src).href).catch(() => {});
  const tab = new URLSearchParams(location.search).get('tab');
  if (tab && tab !== 'playback' && tab !== 'lesson') warm();
  else if ('requestIdleCallback' in window) setTimeout(() => requestIdleCallback(warm, { timeout: 4000 }), 2500);
  else setTimeout(warm, 3000);
}

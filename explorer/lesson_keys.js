() => {
  // ← / → move between the lesson's chapters while it is on screen (not while typing in a field). Whenever another
  // chapter title is drawn — a link to a chapter, the Lesson tab opened the first time, the next chapter, the
  // language switched — the lesson scrolls to the top of the screen (a projector shows the chapter, not the form and
  // translation above it); a "Show" redraws the same chapter and leaves the page where it is.
  // The figure is drawn after the text and makes the page taller: the scroll is repeated for 2 s, unless the
  // reader scrolls first.
  const HEAD = '#lesson-root .lesson-head h2';
  const chapterHead = () => document.querySelector(HEAD);
  let shown = '', timers = [];
  const stop = () => { timers.forEach(clearTimeout); timers = []; };
  ['wheel', 'touchmove', 'keydown', 'mousedown'].forEach((kind) => addEventListener(kind, stop, {passive: true}));
  let queued = false;  // the playback redraws every frame: look once per frame at most
  const follow = () => {
    queued = false;
    const head = chapterHead();
    if (!head || head.textContent === shown || !head.offsetParent) return;
    shown = head.textContent;
    stop();
    const top = () => document.getElementById('lesson-root')?.scrollIntoView({block: 'start'});
    timers = [0, 250, 600, 1200, 2000].map((ms) => setTimeout(top, ms));
  };
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(follow); } })
    .observe(document.body, {childList: true, subtree: true, characterData: true});
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
    const el = e.target;
    if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
    if (el && el.getAttribute && el.getAttribute('role') === 'tab') return;  // arrow keys move between tabs
    const root = document.getElementById('lesson-root');
    if (!root || !root.offsetParent) return;
    const button = document.getElementById(e.key === 'ArrowLeft' ? 'lesson-prev' : 'lesson-next');
    if (button) { e.preventDefault(); button.click(); }
  });
  // A keyboard user keeps their place: choosing a chapter in the list, Gradio takes focus from the box (focus fell
  // to the top of the document, and the next Tab started over from the page's first control). Focus goes to the
  // chapter's heading once it is drawn, as a page that replaces its content does: Tab goes on into the chapter,
  // ←/→ still turn the pages, a screen reader reads the new title. (A click on an option lands there too.) The
  // wait ends when the reader acts first — a key, a click — or after 30 s (a slow server), on the heading anyway.
  document.addEventListener('focusout', (e) => {
    const box = e.target;
    if (!box || !box.closest || !box.closest('#lesson-picker') || e.relatedTarget) return;  // Tab moved it on
    const was = chapterHead()?.textContent, until = Date.now() + 30000;
    let acted = false;
    const act = () => { acted = true; };
    setTimeout(() => ['keydown', 'mousedown'].forEach((k) => addEventListener(k, act, {once: true, capture: true})), 0);
    const back = () => {
      const now = document.activeElement, head = chapterHead();
      if (acted || (now && now !== document.body && now.isConnected)) return;  // the reader, or focus, moved on
      if (head && head.offsetParent && (head.textContent !== was || Date.now() >= until)) {
        head.setAttribute('tabindex', '-1');
        head.focus({preventScroll: true});
      } else setTimeout(back, 100);
    };
    setTimeout(back, 0);
  }, true);
  // Gradio's empty figure placeholders carry an aria-label on a plain div (axe: aria-prohibited-attr): they
  // are pictures of nothing yet, so they get the role an aria-label needs.
  const label = () => document.querySelectorAll('div.empty[aria-label]:not([role])').forEach((d) => d.setAttribute('role', 'img'));
  new MutationObserver(label).observe(document.body, {childList: true, subtree: true});
  label();
  // The lesson's print view: only the chapter, with its figure. Added to the page itself (Gradio scopes the app's
  // CSS inside its container, where `body` cannot be reached).
  const print = document.createElement('style');
  print.textContent = `@media print {
    body * {visibility: hidden;}
    #lesson-root, #lesson-root * {visibility: visible;}
    #lesson-root {position: absolute; left: 0; top: 0; width: 100%;}
    #lesson-root .no-print {display: none !important;}
  }`;
  document.head.appendChild(print);
}

() => {
  // ← / → move between the lesson's chapters while it is on screen (not while typing in a field); a link to a
  // chapter scrolls the lesson to the top of the screen once it is drawn (a projector shows the lesson, not the form).
  if (new URLSearchParams(window.location.search).get('tab') === 'lesson') {
    let tries = 0;
    const wait = setInterval(() => {
      const head = document.querySelector('#lesson-root .lesson-head h2');
      if (head || ++tries > 150) clearInterval(wait);
      if (head) document.getElementById('lesson-root').scrollIntoView({block: 'start'});
    }, 100);
  }
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

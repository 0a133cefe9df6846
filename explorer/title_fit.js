() => {
  // A figure's title is wrapped on the server to the width its view has on a laptop (figures.wrap); on a narrower
  // screen (a phone: 390 px) a title that runs past its figure's right edge is wrapped again, here, to the width
  // it has, and the figure's top margin grows by the lines it gained (figures.TITLE_LINE_PX a line, filled in by layout.py).
  const LINE = __TITLE_LINE_PX__;
  const canvas = document.createElement('canvas').getContext('2d');
  const fit = (gd) => {
    const P = window.Plotly, fl = gd._fullLayout, title = gd.querySelector('.gtitle');
    if (!P || !fl || !fl.title || !title || !gd.offsetParent) return;
    const room = gd.getBoundingClientRect().right - 6, box = title.getBoundingClientRect();
    if (box.right <= room || gd.dataset.fitted === fl.title.text) return;  // fits, or is as narrow as it gets
    const style = getComputedStyle(title);
    canvas.font = `${style.fontSize} ${style.fontFamily}`;
    const plain = (s) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const width = room - box.left, lines = [];
    let line = '';
    for (const word of fl.title.text.split('<br>').join(' ').split(' ')) {
      const trial = line ? `${line} ${word}` : word;
      if (line && canvas.measureText(plain(trial)).width > width) { lines.push(line); line = word; } else line = trial;
    }
    lines.push(line);
    const added = lines.length - fl.title.text.split('<br>').length;
    const text = lines.join('<br>');
    gd.dataset.fitted = text;
    if (added <= 0) return;
    P.relayout(gd, {
      'title.text': text, 'margin.t': fl.margin.t + LINE * added, 'title.pad.b': fl.title.pad.b + LINE * added,
    });
  };
  let queued = false;  // once per frame at most: plotly and the playback change the page often
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; document.querySelectorAll('.js-plotly-plot').forEach(fit); });
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
}

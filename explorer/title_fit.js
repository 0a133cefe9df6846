() => {
  // A figure's title is wrapped on the server to the width its view has on a laptop (figures.wrap); on a narrower
  // screen (a phone: 390 px) a title that runs past its figure's right edge is wrapped again, here, to the width
  // it has, and the figure's top margin grows by the lines it gained (figures.TITLE_LINE_PX a line, filled in by layout.py).
  // The state maps, side by side, are stacked there (below).
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
  // The two PCA maps (encoder, decoder) side by side are ~115 px wide each on a phone: where the figure is narrower
  // than MAPS_SIDE_BY_SIDE px they are stacked, each the figure's full width and MAP_PX tall, its colour bar under it.
  const MAPS_SIDE_BY_SIDE = 560, MAP_PX = 300, UNDER_MAP_PX = 190;  // under the top map: PC1, its colour bar, the next title
  const stack = (gd) => {
    const P = window.Plotly, fl = gd._fullLayout;
    if (!P || !fl || !fl.xaxis2 || !gd.offsetParent || fl.xaxis2.domain[0] === 0) return;  // none, or stacked
    if (!(fl.xaxis.title && fl.xaxis.title.text === 'PC1')) return;  // only the maps
    if (gd.getBoundingClientRect().width >= MAPS_SIDE_BY_SIDE) return;
    const area = 2 * MAP_PX + UNDER_MAP_PX, top = (MAP_PX + UNDER_MAP_PX) / area, low = MAP_PX / area;
    const clouds = gd.data.map((t, i) => (t.marker && t.marker.colorbar ? i : -1)).filter((i) => i >= 0);
    const titles = (fl.annotations || []).map((a, i) => (a.xref === 'paper' && a.yref === 'paper' ? i : -1))
      .filter((i) => i >= 0).slice(0, 2);  // make_subplots' titles: the first paper-placed notes
    const layout = {
      height: fl.margin.t + fl.margin.b + area,
      'xaxis.domain': [0, 1], 'xaxis2.domain': [0, 1], 'yaxis.domain': [top, 1], 'yaxis2.domain': [0, low],
      'yaxis2.title.text': 'PC2',
    };
    titles.forEach((i, k) => { layout[`annotations[${i}].x`] = 0.5; layout[`annotations[${i}].y`] = k ? low : 1; });
    P.relayout(gd, layout);
    const bars = [top - 45 / area, -45 / area];  // under each map's PC1 title
    clouds.slice(0, 2).forEach((i, k) => P.restyle(gd, {
      'marker.colorbar.x': 0.5, 'marker.colorbar.len': 0.9, 'marker.colorbar.y': bars[k],
    }, [i]));
  };
  let queued = false;  // once per frame at most: plotly and the playback change the page often
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      document.querySelectorAll('.js-plotly-plot').forEach((gd) => { stack(gd); fit(gd); });
    });
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
}

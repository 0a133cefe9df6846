// Playback of one translation, step by step, drawn in the browser from the payload explorer/playback.py sends.
// Runs as the js_on_load of a gr.HTML component: `element` is the component, `props.value` the JSON payload,
// `watch('value', fn)` runs fn after each new payload. Stepping never asks the server: a step is a redraw.
// Test hooks: the root carries data-step / data-total / data-unit; each number on the cell diagram is a
// <text data-key="f" data-value="0.93124"> element.

const state = { step: 0, row: 0, playing: false, timer: null, speed: 2, data: null };

function parse() {
  try { return JSON.parse(props.value || "null"); } catch (e) { return null; }
}

function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => (k in values ? values[k] : "{" + k + "}"));
}

function mix(a, b, t) {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return "rgb(" + pa.map((v, i) => Math.round(v + (pb[i] - v) * t)).join(",") + ")";
}

function ramp(stops, v) {  // stops: [[position, "#rrggbb"], ...] ascending; v clipped to their range
  v = Math.min(stops[stops.length - 1][0], Math.max(stops[0][0], v));
  for (let i = 1; i < stops.length; i++) {
    if (v <= stops[i][0]) {
      const [p0, c0] = stops[i - 1], [p1, c1] = stops[i];
      return mix(c0, c1, (v - p0) / (p1 - p0 || 1));
    }
  }
  return stops[stops.length - 1][1];
}

// The heatmap figures' own scales, sent with the data (playback.py): gates on [0, 1]; states and candidates on
// [-1, 1] (the unbounded c divided by its size when it passes 1).
function colour(d, key, v) {
  if (d.gates.includes(key)) return ramp(d.scales.gate, v);
  const m = key === "c" ? Math.max(1, Math.abs(v)) : 1;
  return ramp(d.scales.state, v / m);
}

function ink(d, key, v) {  // readable text on a coloured block
  if (d.gates.includes(key)) return v > 0.6 ? "#111" : "#fff";
  return Math.abs(v) > 0.55 ? "#fff" : "#111";
}

// h̃ drawn as h with a tilde above it (the combining tilde is missing from many fonts' h)
const HTILDE = 'h<tspan dx="-7.5" dy="-8" font-size="10">~</tspan><tspan dy="8"> </tspan>';

function num(v) { return (v < 0 ? "−" : "") + Math.abs(v).toFixed(3); }

function phase(d, step) {
  const S = d.source.length;
  return step < S ? { side: "enc", t: step } : { side: "dec", t: step - S };
}

// A bidirectional encoder's units from d.backward_from on read the source from its last piece to its first:
// at the encoder's step t such a unit is at column S−1−t, and it started from the column after it.
function backward(d, side, row) {
  return side === "enc" && d.backward_from !== null && d.backward_from !== undefined && d.units[row] >= d.backward_from;
}

function column(d, side, t, row) {
  return backward(d, side, row) ? d.source.length - 1 - t : t;
}

// -- the values of one unit at one step, as the diagram needs them -------------------------------------------
function values(d, step, row) {
  const { side, t: step_t } = phase(d, step);
  const rec = d[side], t = column(d, side, step_t, row), back = backward(d, side, row);
  const v = {};
  for (const k of d.keys) v[k] = rec[k][t][row];
  for (const k of d.states) {
    if (back) v[k + "_prev"] = t + 1 < d.source.length ? rec[k][t + 1][row] : 0;
    else if (t > 0) v[k + "_prev"] = rec[k][t - 1][row];
    else v[k + "_prev"] = side === "enc" ? 0 : d.dec_init[k][row];
  }
  v.x = side === "enc" ? d.source[t] : d.inputs[t];
  v.back = back;  // a backward unit's previous state is the next piece's: the diagram says t+1
  const terms = d[side + "_terms"];  // the arrows' terms, from the cell's spec (playback.py)
  for (const name in terms) v[name] = terms[name][t][row];
  return v;
}

// -- heatmap of h (units × steps) with the current column marked ---------------------------------------------
function heatmap(d, side, title, current, revealed) {  // columns from `revealed` on are not computed yet
  const rec = d[side].h, pieces = side === "enc" ? d.source : d.outputs;
  const n = d.units.length, cols = pieces.length;
  // labels of 10–11 px (readable from a classroom's back row): rows of 11, a margin for "255←", room under it
  // for the pieces at 45°
  const cw = Math.max(12, Math.min(34, Math.floor(520 / Math.max(cols, 1)))), ch = 11, left = 40, top = 4;
  const w = left + cw * cols + 4, h = top + ch * n + 70;
  let s = `<svg class="pb-heat" data-side="${side}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">`;
  for (let t = 0; t < cols; t++) {
    for (let r = 0; r < n; r++) {
      const val = rec[t][r], back = backward(d, side, r);
      const later = back ? t < cols - revealed : t >= revealed;  // a backward row computes from the last column
      s += `<rect data-row="${r}" x="${left + t * cw}" y="${top + r * ch}" width="${cw - 1}" height="${ch - 1}"` +
        ` fill="${colour(d, "h", val)}"${later ? ' opacity="0.12"' : ""}><title>${esc(pieces[t])} · ${esc(d.text.unit)} ${d.units[r]}${back ? " ←" : ""} · ${num(val)}</title></rect>`;
    }
  }
  const arrow = (r) => side !== "enc" || d.backward_from === null || d.backward_from === undefined ? ""
    : backward(d, side, r) ? "←" : "→";
  for (let r = 0; r < n; r++) {
    s += `<text data-row="${r}" x="${left - 3}" y="${top + r * ch + 8}" class="pb-unit${r === state.row ? " pb-sel" : ""}"` +
      ` text-anchor="end">${d.units[r]}${arrow(r)}</text>`;
  }
  s += `<rect x="${left - 1}" y="${top + state.row * ch - 1}" width="${cw * cols + 1}" height="${ch + 1}" class="pb-rowmark"/>`;
  // where the backward rows are at this step (a bidirectional encoder's ← units read from the last column)
  const mirror = current >= 0 && arrow(0) !== "" ? cols - 1 - current : -1;
  if (current >= 0) {
    s += `<rect class="pb-colmark" x="${left + current * cw - 1.5}" y="${top - 2}" width="${cw + 2}" height="${ch * n + 3}"/>`;
    if (mirror >= 0) {  // on the middle piece both read the same column: the dashed mark drawn around the solid one
      const out = mirror === current ? 3 : 0;
      s += `<rect class="pb-colmark pb-back" x="${left + mirror * cw - 1.5 - out}" y="${top - 2 - out}" ` +
        `width="${cw + 2 + 2 * out}" height="${ch * n + 3 + 2 * out}"/>`;
    }
  }
  for (let t = 0; t < cols; t++) {
    const x = left + t * cw + cw / 2, y = top + ch * n + 6;
    const now = t === current ? (t === mirror ? " pb-now pb-both" : " pb-now") : t === mirror ? " pb-now pb-back" : "";
    s += `<text class="pb-tick${now}" transform="translate(${x},${y}) rotate(45)">${esc(pieces[t])}</text>`;
  }
  return `<div class="pb-heat-title">${esc(title)}</div>` + s + "</svg>";
}

// -- colah's diagram of one cell ----------------------------------------------------------------------------
function block(d, key, x, y, symbol, v, at) {  // at: where its value goes ([x, y, anchor]); under it by default
  const bg = colour(d, key, v), fg = ink(d, key, v), [lx, ly, anchor] = at || [x + 28, y + 62, "middle"];
  return `<rect x="${x}" y="${y}" width="56" height="34" rx="5" fill="${bg}" stroke="#333"/>` +
    `<text x="${x + 28}" y="${y + 22}" text-anchor="middle" fill="${fg}" class="pb-sym">${symbol}</text>` +
    `<text x="${lx}" y="${ly}" text-anchor="${anchor}" class="pb-val" data-key="${key}" data-value="${v}">` +
    `${key === "hh" ? HTILDE : key} = ${num(v)}</text>`;
}

function node(x, y, op) {
  return `<circle cx="${x}" cy="${y}" r="11" fill="#fff" stroke="#333"/>` +
    `<text x="${x}" y="${y + 5}" text-anchor="middle" class="pb-op">${op}</text>`;
}

function label(x, y, key, v, text, anchor) {
  return `<text x="${x}" y="${y}" text-anchor="${anchor || "start"}" class="pb-val" data-key="${key}" data-value="${v}">` +
    `${text} = ${num(v)}</text>`;
}

function line(points, arrow) {
  return `<polyline points="${points}" class="pb-line"${arrow ? ' marker-end="url(#pb-arrow)"' : ""}/>`;
}

function diagram(d, v) {
  const p = v.back ? "₍t+1₎" : "₍t−1₎";  // the step the state came from (a backward unit read piece t+1 before t)
  const defs = `<defs><marker id="pb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>`;
  let s = `<svg class="pb-cell" viewBox="0 0 680 330" width="100%">` + defs +
    `<rect x="130" y="38" width="440" height="246" rx="18" class="pb-cellbox"/>`;
  const x = `<text x="150" y="322" text-anchor="middle" class="pb-x">x_t = ${esc(v.x)}</text>`;
  // Every value label sits in free space: gate values under the h/x line, outputs to the right of the vertical
  // line that carries h_t, outside the cell's box (tests/test_class_page.py measures each label's box against
  // every line, box edge, node and label).
  if (d.cell === "lstm") {
    const fc = v.fc, ig = v.ig, tc = v.tanh_c;
    s += line("20,75 194,75", true) + line("216,75 304,75", true) + line("326,75 670,75", true);
    s += node(205, 75, "×") + node(315, 75, "+") + node(315, 140, "×") + node(495, 190, "×");
    s += `<ellipse cx="495" cy="130" rx="26" ry="14" fill="#fff" stroke="#333"/><text x="495" y="135" text-anchor="middle" class="pb-op">tanh</text>`;
    s += line("495,75 495,116", true) + line("495,144 495,179", true);
    s += line("20,245 470,245") + line("150,305 150,245");
    for (const bx of [177, 255, 319, 402]) s += line(`${bx + 28},245 ${bx + 28},238`);
    s += block(d, "f", 177, 204, "σ", v.f) + block(d, "i", 255, 204, "σ", v.i) + block(d, "g", 319, 204, "tanh", v.g) +
      block(d, "o", 402, 204, "σ", v.o);
    s += line("205,204 205,86", true) + line("283,204 283,160 304,145", true) + line("347,204 347,160 326,145", true);
    s += line("315,129 315,86", true) + line("430,204 430,190 484,190", true);
    s += line("506,190 585,190 585,245 670,245", true) + line("585,190 585,30 670,30", true);
    s += label(22, 66, "c_prev", v.c_prev, `c${p}`) + label(591, 66, "c", v.c, "c_t");
    s += label(22, 238, "h_prev", v.h_prev, `h${p}`) + label(591, 238, "h", v.h, "h_t");
    s += label(211, 104, "fc", fc, `f⊙c${p}`) + label(330, 122, "ig", ig, "i⊙g");
    s += label(483, 166, "tanh_c", tc, "tanh(c_t)", "end") + label(591, 22, "h_top", v.h, "h_t");
  } else if (d.cell === "gru") {
    const zh = v.zh, zhh = v.zhh;
    s += line("20,75 264,75", true) + line("286,75 414,75", true) + line("436,75 670,75", true);
    s += node(275, 75, "×") + node(425, 75, "+") + node(425, 150, "×") + node(345, 150, "1−");
    s += line("20,245 400,245") + line("150,305 150,245");
    for (const bx of [160, 247, 382]) s += line(`${bx + 28},245 ${bx + 28},238`);
    s += block(d, "r", 160, 204, "σ", v.r) + block(d, "z", 247, 204, "σ", v.z) + block(d, "hh", 382, 204, "tanh", v.hh);
    s += line("188,204 188,180 396,180 396,204", true);  // r gates the recurrent part inside h̃
    s += `<text x="306" y="197" class="pb-val">r ⊙ (h${p} U)</text>`;  // under the line that carries r
    s += line("275,204 275,86", true) + line("275,128 334,146", true) + line("356,150 414,150", true);
    s += line("410,204 418,161", true) + line("425,139 425,86", true);
    s += line("585,75 585,245 670,245", true);
    s += label(22, 66, "h_prev", v.h_prev, `h${p}`) + label(591, 66, "h", v.h, "h_t");
    s += label(282, 100, "zh", zh, `z⊙h${p}`) + label(436, 172, "zhh", zhh, "(1−z)⊙h̃");
    s += label(591, 238, "h_out", v.h, "h_t");
  } else {
    s += line("20,245 300,245") + line("150,305 150,245") + line("328,245 328,219", true);
    s += block(d, "h", 300, 185, "tanh", v.h, [362, 232, "start"]);
    s += line("356,202 585,202 585,75 670,75", true) + line("585,202 670,202", true);
    s += label(22, 238, "h_prev", v.h_prev, `h${p}`) + label(591, 66, "h_out", v.h, "h_t");
  }
  return s + x + "</svg>";
}

// -- the rest of the view ----------------------------------------------------------------------------------
function chips(pieces, probs, upto) {
  let s = "";
  for (let i = 0; i <= upto && i < pieces.length; i++) {
    const p = probs ? probs[i] : null;
    // light to mid red, dark text at every probability: readable (contrast ≥ 4.5:1) at the chips' small size
    const style = p === null ? "" : ` style="background: rgba(214,39,40,${(0.1 + 0.5 * p).toFixed(2)}); color: #111"`;
    s += `<span class="pb-chip${i === upto ? " pb-now" : ""}"${style}>${esc(pieces[i])}${p === null ? "" : `<sub>${p.toFixed(2)}</sub>`}</span>`;
  }
  return s;
}

function prefixText(pieces) {  // sentencepiece pieces back to text: ▁ starts a word
  return pieces.filter((p) => !/^<.*>$/.test(p)).join("").replace(/▁/g, " ").trim();
}

function candidates(d, t) {
  let s = "";
  for (const [piece, p] of d.topk[t]) {
    const chosen = piece === d.outputs[t];
    const prefix = esc(prefixText([...d.outputs.slice(0, t), piece]));
    s += `<div class="pb-cand${chosen ? " pb-chosen" : ""}" data-prefix="${prefix}" title="${esc(d.text.cand_hint)}">` +
      `<span class="pb-cand-piece">${esc(piece)}</span>` +
      `<span class="pb-bar" style="width:${(p * 100).toFixed(1)}%"></span><span class="pb-cand-p">${(p * 100).toFixed(1)}%</span></div>`;
  }
  return s;
}

function attention(d, t) {
  const row = d.attention[t];
  const best = row.indexOf(Math.max(...row));
  return d.source.map((piece, j) => `<span class="pb-att${j === best ? " pb-now" : ""}" style="background: ` +
    `rgba(33,102,172,${(0.6 * row[j]).toFixed(3)}); color: #111" title="${row[j].toFixed(3)}">` +
    `${esc(piece)}<sub>${row[j].toFixed(2)}</sub></span>`).join("");
}

function draw() {
  const d = state.data, root = element.querySelector(".pb-root");
  if (!root) return;
  if (!d) { root.innerHTML = ""; return; }
  const S = d.source.length, T = d.outputs.length, total = S + T, L = d.text;
  state.step = Math.max(0, Math.min(total - 1, state.step));
  state.row = Math.max(0, Math.min(d.units.length - 1, state.row));
  const { side, t } = phase(d, state.step);
  const v = values(d, state.step, state.row);
  root.dataset.step = state.step;
  root.dataset.total = total;
  root.dataset.unit = d.units[state.row];
  root.dataset.side = side;
  root.dataset.t = t;
  const both = d.backward_from !== null && d.backward_from !== undefined;  // a bidirectional encoder
  let what = side === "enc" ? fill(L.encoder_reads, { piece: `“${esc(d.source[t])}”` })
    : fill(L.decoder_writes, { piece: `“${esc(d.outputs[t])}”` });
  if (side === "enc" && both) {
    what += " " + fill(L.backward_reads, { piece: `“${esc(d.source[S - 1 - t])}”` });
  }
  // the side's own step is its index t (from 0, as h_t, the step inspector and teacher forcing); the run counts from 1
  const sideStep = fill(L.side_step, { side: side === "enc" ? L.encoder : L.decoder, t });
  root.querySelector(".pb-status").innerHTML = `<b>${what}</b> · ${sideStep} · ${fill(L.step_of, { n: state.step + 1, total })}`;
  root.querySelector(".pb-slider").max = total - 1;
  root.querySelector(".pb-slider").value = state.step;
  root.querySelector(".pb-play").textContent = state.playing ? "Ⅱ " + L.pause : "▶ " + L.play;
  const layer = fill(L.layer, { n: d.layer });
  // what the model has computed so far is drawn in full; what is still to come, faintly
  root.querySelector(".pb-enc").innerHTML = heatmap(d, "enc", `${L.encoder} ${layer}: ${d.names.h}`,
    side === "enc" ? t : -1, side === "enc" ? t + 1 : S);
  root.querySelector(".pb-dec").innerHTML = heatmap(d, "dec", `${L.decoder} ${layer}: ${d.names.h}`,
    side === "dec" ? t : -1, side === "dec" ? t + 1 : 0);
  // the two heatmaps grow together to the column's width, by one factor (a unit's square stays the same size in
  // both) up to 1.8 times: on a projector's wide column they sat at 210 px with half of it empty
  for (const box of root.querySelectorAll(".pb-enc, .pb-dec")) {
    const w = box.querySelector("svg.pb-heat")?.viewBox.baseVal.width;
    if (w) { box.style.flex = `${w} 1 ${w}px`; box.style.maxWidth = `${(1.8 * w).toFixed(0)}px`; }
  }
  root.querySelector(".pb-hint").textContent = fill(L.units_hint, { n: d.units.length });
  const att = root.querySelector(".pb-attn");
  if (side === "enc") att.innerHTML = `<div class="pb-h">${esc(both ? L.read_forward : L.read)}</div>` +
    chips(d.source, null, t) +
    (both ? `<div class="pb-h">${esc(L.read_backward)}</div>` + chips([...d.source].reverse(), null, t) : "") +
    `<p class="pb-note">${esc(L.encoder_phase)}</p>`;
  else if (d.attention) att.innerHTML = `<div class="pb-h">${esc(L.attention)}</div>` + attention(d, t);
  else att.innerHTML = `<p class="pb-note">${esc(L.no_attention)}</p>`;
  root.querySelector(".pb-written").innerHTML = `<div class="pb-h">${esc(L.written)}</div>` +
    (side === "dec" ? chips(d.outputs, d.probs, t) : "");
  root.querySelector(".pb-cands").innerHTML = side === "dec"
    ? `<div class="pb-h">${esc(L.candidates)}</div>` + candidates(d, t) + `<p class="pb-note">${esc(L.cand_hint)}</p>` : "";
  root.querySelector(".pb-celltitle").textContent = fill(L.cell_title, { label: d.label, unit: d.units[state.row] }) +
    ` (${side === "enc" ? L.encoder : L.decoder})`;
  root.querySelector(".pb-diagram").innerHTML = diagram(d, v);
}

function stop() {
  state.playing = false;
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

function play() {
  const d = state.data;
  if (!d) return;
  const total = d.source.length + d.outputs.length;
  if (state.step >= total - 1) state.step = 0;
  state.playing = true;
  if (state.timer) clearInterval(state.timer);
  state.timer = setInterval(() => {
    state.step += 1;
    if (state.step >= total - 1) stop();  // the last decoder step: the run is over
    draw();
  }, 1000 / state.speed);
}

function build() {
  const root = element.querySelector(".pb-root");
  if (!root || root.dataset.built === "1") return;
  root.dataset.built = "1";
  const L = (state.data && state.data.text) || {};
  root.innerHTML = `
    <div class="pb-controls">
      <button type="button" data-act="first" title="${esc(L.first || "")}">|◀</button>
      <button type="button" data-act="back" title="${esc(L.back || "")}">◀</button>
      <button type="button" data-act="play" class="pb-play"></button>
      <button type="button" data-act="forward" title="${esc(L.forward || "")}">▶</button>
      <input class="pb-slider" type="range" min="0" max="1" step="1" value="0" aria-label="${esc(L.slider || "")}">
      <label class="pb-speed-label">${esc(L.speed || "")}
        <select class="pb-speed">${[0.5, 1, 2, 4].map((x) => `<option value="${x}"${x === state.speed ? " selected" : ""}>${x}</option>`).join("")}</select>
        ${esc(L.steps_per_s || "")}</label>
      <span class="pb-status"></span>
    </div>
    <div class="pb-grid">
      <div class="pb-left"><div class="pb-heats"><div class="pb-enc"></div><div class="pb-dec"></div></div><div class="pb-hint"></div><div class="pb-attn"></div></div>
      <div class="pb-right"><div class="pb-celltitle"></div><p class="pb-swipe">${esc(L.swipe || "")}</p><div class="pb-diagram"></div><div class="pb-written"></div><div class="pb-cands"></div></div>
    </div>`;
}

// One set of listeners on the component itself (it outlives the rebuilt contents).
element.addEventListener("click", (ev) => {
  const act = ev.target.closest("[data-act]");
  if (act) {
    const a = act.dataset.act;
    if (a === "play") { if (state.playing) stop(); else play(); }
    else { stop(); if (a === "first") state.step = 0; if (a === "back") state.step -= 1; if (a === "forward") state.step += 1; }
    draw();
    return;
  }
  const row = ev.target.closest("[data-row]");
  if (row) { state.row = parseInt(row.dataset.row, 10); draw(); return; }
  const cand = ev.target.closest("[data-prefix]");
  if (cand) {  // try this candidate: the what-if view opens with it as the prefix
    const prefix = cand.dataset.prefix;
    const tab = [...document.querySelectorAll("[role=tab]")].find((b) => b.textContent.trim() === state.data.text.why_tab);
    if (tab) tab.click();
    let tries = 0;
    const fill = () => {  // the tab's contents appear once it is open
      const box = document.querySelector("#whatif-prefix textarea, #whatif-prefix input");
      if (box) {
        box.value = prefix;
        box.dispatchEvent(new Event("input", { bubbles: true }));
        // and continue from it, as the hint says (once the page has taken the new value)
        setTimeout(() => { const go = document.getElementById("whatif-go"); if (go) go.click(); }, 150);
      } else if (tries++ < 40) setTimeout(fill, 50);
    };
    fill();
  }
});
element.addEventListener("input", (ev) => {
  if (!ev.target.classList.contains("pb-slider")) return;
  stop();
  state.step = parseInt(ev.target.value, 10);
  draw();
});
element.addEventListener("change", (ev) => {
  if (!ev.target.classList.contains("pb-speed")) return;
  state.speed = parseFloat(ev.target.value);
  if (state.playing) play();
});

function refresh() {
  stop();
  const d = parse();
  const langChanged = !state.data || !d || state.data.lang !== d.lang;
  state.data = d;
  state.step = 0;
  state.row = 0;
  const root = element.querySelector(".pb-root");
  if (root && langChanged) root.dataset.built = "";
  build();
  draw();
  window.pbLoads = (window.pbLoads || 0) + 1;  // payloads drawn so far (the benchmark waits on it)
}

watch("value", refresh);
refresh();

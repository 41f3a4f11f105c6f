"use strict";
const manifest = JSON.parse(document.getElementById("manifest").textContent);
const colormaps = JSON.parse(document.getElementById("colormaps").textContent);
const layers = manifest.tensors.filter(t => t.image);
const $ = id => document.getElementById(id);
const view = { layer: null, zoom: 1, x: 0, y: 0, drag: null, fit: "all" };
const WeightAtlas = window.WeightAtlas = { tiles: {}, describe, select, step, fit, selftest };

// Per-tile statistics arrive as script files (file:// allows script tags, not fetch).
WeightAtlas.tilesLoaded = (name, base64) => {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const values = new Float32Array(bytes.buffer);
  // Four arrays of the tile count (min, max, mean, non-finite), a fifth (each tile's filter's
  // roughness) for spatial filters: the layer's own tile count says which.
  const layer = layers.find(l => l.name === name), g = layer && layer.grid;
  const tiles = layer && layer.layout === "filter-bank" ? layer.filters * g.cols : (layer ? layer.filters : 0);
  const n = tiles && values.length === 5 * tiles ? tiles : values.length / 4;
  WeightAtlas.tiles[name] = { min: values.subarray(0, n), max: values.subarray(n, 2 * n),
                              mean: values.subarray(2 * n, 3 * n), nonFinite: values.subarray(3 * n, 4 * n),
                              roughness: values.length === 5 * n ? values.subarray(4 * n) : null };
  if (view.layer && view.layer.name === name) drawShade();
  if (WeightAtlas.onTiles) WeightAtlas.onTiles(name);
};

// With "shade by roughness" on, each tile of a spatial filter gets a red veil whose opacity
// grows with its filter's roughness (0.6 at r = 1.5 and above); the tiles' script carries r.
function drawShade() {
  const canvas = $("canvas"), layer = view.layer, old = canvas.querySelector("svg.shade");
  if (old) old.remove();
  $("shade-box").hidden = !layer.roughness;
  const t = WeightAtlas.tiles[layer.name];
  if (!$("shade").checked || !t || !t.roughness || WeightAtlas.dzi) return;
  const g = layer.grid, ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "shade");
  svg.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const cellW = g.tile_width * g.scale + g.padding, cellH = g.tile_height * g.scale + g.padding;
  t.roughness.forEach((r, tile) => {
    if (Number.isNaN(r)) return;
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", (tile % g.cols) * cellW); rect.setAttribute("y", Math.floor(tile / g.cols) * cellH);
    rect.setAttribute("width", g.tile_width * g.scale); rect.setAttribute("height", g.tile_height * g.scale);
    rect.setAttribute("fill-opacity", (Math.min(r, 1.5) / 1.5 * 0.6).toFixed(3));
    svg.appendChild(rect);
  });
  canvas.appendChild(svg);
  if (view.zoom) apply();
}

function loadTiles(layer) {
  if (!layer.tiles || WeightAtlas.tiles[layer.name] || document.querySelector(`script[data-tiles="${layer.tiles}"]`)) return;
  const script = document.createElement("script");
  script.src = encodeURI(layer.tiles);
  script.dataset.tiles = layer.tiles;
  document.head.appendChild(script);
}

function format(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  const a = Math.abs(v);
  return (a !== 0 && (a < 1e-3 || a >= 1e5)) ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}

function buildList() {
  const list = $("layers");
  layers.forEach((layer, i) => {
    const item = document.createElement("li");
    item.dataset.name = layer.name.toLowerCase();
    item.innerHTML = `<span class="name"></span><span class="meta"></span>`;
    item.querySelector(".name").textContent = layer.name;
    item.querySelector(".meta").textContent = `${layer.shape.join("×")} ${layer.dtype} · ${layer.layout}`;
    item.addEventListener("click", () => select(i));
    list.appendChild(item);
  });
  $("search").addEventListener("input", event => {
    const query = event.target.value.trim().toLowerCase();
    for (const item of list.children) item.hidden = query !== "" && !item.dataset.name.includes(query);
  });
  $("count").textContent = `${layers.length} images · ${manifest.tensors.length} tensors`;
}

function select(i) {
  const layer = layers[i];
  view.layer = layer;
  [...$("layers").children].forEach((item, k) => item.classList.toggle("selected", k === i));
  const s = layer.stats;
  $("title").textContent = layer.name;
  $("facts").innerHTML = "";
  const facts = [["shape", layer.shape.join(" × ")], ["dtype", layer.dtype], ["layout", layer.layout],
    ["min", format(s.min)], ["max", format(s.max)], ["mean", format(s.mean)], ["std", format(s.std)],
    ["NaN", s.nan], ["Inf", s.inf]];
  if (layer.dead_filters !== undefined) facts.push(["dead filters", `${layer.dead_filters} / ${layer.filters}`]);
  if (layer.heads) facts.push(["heads", `${layer.heads} (${layer.head_role}, ${layer.head_axis === "rows" ? "row" : "column"} blocks)`]);
  for (const [k, v] of facts) {
    const row = document.createElement("div");
    row.innerHTML = "<dt></dt><dd></dd>";
    row.firstChild.textContent = k;
    row.lastChild.textContent = v;
    $("facts").appendChild(row);
  }
  const canvas = $("canvas");
  canvas.innerHTML = "";
  canvas.style.width = layer.grid.width + "px";
  canvas.style.height = layer.grid.height + "px";
  if (layer.dzi) WeightAtlas.dzi = new DeepZoom(layer, canvas);
  else {
    WeightAtlas.dzi = null;
    const img = document.createElement("img");
    img.src = encodeURI(layer.image);
    img.alt = layer.name;
    img.width = layer.grid.width;
    img.height = layer.grid.height;
    canvas.appendChild(img);
  }
  drawHeads(layer, canvas);
  drawHistogram();
  drawShade();
  fit("auto");
  loadTiles(layer);
  drawLegend();
}

// The layer's 64-bin histogram (manifest `histogram`) as bars, linear or log counts. A diff's
// entries carry A's and B's on one shared range (`histogram_a`, `histogram_b`): then those
// two are drawn overlaid, red A and blue B, instead of B − A's own.
function drawHistogram() {
  const layer = view.layer, box = $("histogram-box"), canvas = $("histogram");
  const pair = layer.histogram_a && layer.histogram_b ? [["rgba(229,57,53,0.55)", layer.histogram_a], ["rgba(30,136,229,0.55)", layer.histogram_b]] : null;
  const series = pair || (layer.histogram ? [["#607d8b", layer.histogram]] : []);
  box.hidden = series.length === 0;
  if (!series.length) return;
  const log = $("histogram-log").checked, ctx = canvas.getContext("2d");
  const scaleOf = c => log ? Math.log10(1 + c) : c;
  const top = Math.max(1, ...series.flatMap(([, s]) => s.counts.map(scaleOf)));
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  for (const [colour, s] of series) {
    const w = canvas.width / s.counts.length;
    ctx.fillStyle = colour;
    s.counts.forEach((c, i) => { const y = scaleOf(c) / top * canvas.height; ctx.fillRect(i * w, canvas.height - y, Math.max(1, w - 0.5), y); });
  }
  const h = series[0][1];
  $("histogram-range").textContent = `[${format(h.lo)}, ${format(h.hi)}]` + (pair ? " · A red, B blue" : "");
  canvas.dataset.bars = series.map(([, s]) => s.counts.filter(c => c > 0).length).join(",");
}

// A heatmap of an attention projection: a line between heads (rows of Q/K/V, columns of O),
// at the head boundary's place in the block-reduced image; an SVG over the image, sized with it.
function drawHeads(layer, canvas) {
  if (!layer.heads || layer.layout !== "heatmap" || layer.heads < 2) return;
  const g = layer.grid, rows = layer.head_axis === "rows";
  const block = layer.heatmap ? (rows ? layer.heatmap.block_rows : layer.heatmap.block_cols) : 1;
  const per = (rows ? layer.shape[0] : layer.shape[1]) / layer.heads;
  const ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "heads");
  svg.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.style.width = g.width + "px";
  svg.style.height = g.height + "px";
  for (let h = 1; h < layer.heads; h++) {
    const at = h * per / block, line = document.createElementNS(ns, "line");
    const [x1, y1, x2, y2] = rows ? [0, at, g.width, at] : [at, 0, at, g.height];
    line.setAttribute("x1", x1); line.setAttribute("y1", y1); line.setAttribute("x2", x2); line.setAttribute("y2", y2);
    svg.appendChild(line);
  }
  canvas.appendChild(svg);
}

// The head a heatmap position (its first value row or column) falls in, with its numbers.
function headAt(layer, row, col) {
  if (!layer.heads || !layer.head_stats) return null;
  const rows = layer.head_axis === "rows";
  const head = Math.floor((rows ? row : col) / ((rows ? layer.shape[0] : layer.shape[1]) / layer.heads));
  return head < layer.heads ? { head, stats: layer.head_stats[head] } : null;
}

// Fits the image into the viewport: "all" of it, its "width" or its "height" (then it
// starts at its top or left). "auto" (a layer's first view) is "all" unless that would
// show the short side as a sliver, under a quarter of the viewport's side: then the short
// side gets that quarter and the image starts at its top or left (a 16×4096 matrix shows
// its first rows as a band a quarter of the viewport wide, not a 3-px line).
function fit(mode) {
  const box = $("viewport").getBoundingClientRect(), g = view.layer.grid;
  const zw = box.width / g.width, zh = box.height / g.height, z = Math.min(zw, zh);
  let zoom = mode === "width" ? zw : (mode === "height" ? zh : z);
  if (mode === "auto" && z < zw / 4) zoom = zw / 4;
  else if (mode === "auto" && z < zh / 4) zoom = zh / 4;
  view.fit = mode;
  view.zoom = Math.min(zoom, 64);
  view.x = Math.max(0, (box.width - g.width * view.zoom) / 2);
  view.y = Math.max(0, (box.height - g.height * view.zoom) / 2);
  apply();
}

// An image is sized, not scaled by a transform, so the browser resamples it for the
// screen: smoothly below one screen pixel per image pixel (nearest-neighbour would draw
// bands that are not in the data), as crisp squares above.
function apply() {
  const canvas = $("canvas"), g = view.layer.grid, img = canvas.querySelector("img");
  canvas.classList.toggle("smooth", view.zoom < 1);
  if (WeightAtlas.dzi) {
    canvas.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.zoom})`;
    WeightAtlas.dzi.update(view);
  } else {
    canvas.style.transform = `translate(${view.x}px, ${view.y}px)`;
    if (img) { img.style.width = g.width * view.zoom + "px"; img.style.height = g.height * view.zoom + "px"; }
    for (const overlay of canvas.querySelectorAll("svg.heads, svg.shade")) {
      overlay.style.width = g.width * view.zoom + "px";
      overlay.style.height = g.height * view.zoom + "px";
    }
  }
  $("zoom").textContent = `${(view.zoom * 100).toFixed(view.zoom < 0.1 ? 2 : 0)}%`;
}

// Moves the selection `delta` places through the layers the search leaves shown.
function step(delta) {
  const items = [...$("layers").children];
  const shown = items.map((item, i) => i).filter(i => !items[i].hidden);
  if (!shown.length) return;
  const at = shown.indexOf(layers.indexOf(view.layer));
  const next = shown[at < 0 ? (delta > 0 ? 0 : shown.length - 1) : Math.min(Math.max(at + delta, 0), shown.length - 1)];
  select(next);
  items[next].scrollIntoView({ block: "nearest" });
}

// What lies under image pixel (px, py) of a layer: the tile, its filter and statistics.
function describe(layer, px, py) {
  const g = layer.grid;
  if (px < 0 || py < 0 || px >= g.width || py >= g.height) return null;
  const cellW = g.tile_width * g.scale + g.padding, cellH = g.tile_height * g.scale + g.padding;
  const col = Math.floor(px / cellW), row = Math.floor(py / cellH);
  const inX = px - col * cellW, inY = py - row * cellH;
  const tileCount = layer.layout === "heatmap" ? 1 : (layer.layout === "filter-bank" ? layer.filters * g.cols : layer.filters);
  const tile = row * g.cols + col;
  if (inX >= g.tile_width * g.scale || inY >= g.tile_height * g.scale || tile >= tileCount) return { layer: layer.name, padding: true };
  const result = { layer: layer.name, tile, x: Math.floor(inX / g.scale), y: Math.floor(inY / g.scale) };
  if (layer.layout === "filter-bank") { result.filter = Math.floor(tile / g.cols); result.input = tile % g.cols; }
  else if (layer.layout === "heatmap") {
    const br = layer.heatmap ? layer.heatmap.block_rows : 1, bc = layer.heatmap ? layer.heatmap.block_cols : 1;
    result.rows = [result.y * br, Math.min(layer.shape[0], (result.y + 1) * br) - 1];
    result.cols = [result.x * bc, (result.x + 1) * bc - 1];
    const head = headAt(layer, result.rows[0], result.cols[0]);
    if (head) { result.head = head.head; result.headStats = head.stats; }
  } else result.filter = tile;
  const t = WeightAtlas.tiles[layer.name];
  if (t && layer.layout !== "heatmap") {
    result.min = t.min[tile]; result.max = t.max[tile]; result.mean = t.mean[tile]; result.nonFinite = t.nonFinite[tile];
    if (t.roughness && !Number.isNaN(t.roughness[tile])) result.roughness = t.roughness[tile];
  }
  return result;
}

function showHover(event) {
  if (!view.layer) return;
  const box = $("viewport").getBoundingClientRect();
  const px = Math.floor((event.clientX - box.left - view.x) / view.zoom);
  const py = Math.floor((event.clientY - box.top - view.y) / view.zoom);
  const d = describe(view.layer, px, py);
  const hover = $("hover");
  if (!d || d.padding) { hover.textContent = d ? "padding" : ""; return; }
  let text = view.layer.layout === "heatmap"
    ? `rows ${d.rows[0]}–${d.rows[1]}, columns ${d.cols[0]}–${d.cols[1]}`
    : (d.input !== undefined ? `filter ${d.filter}, input ${d.input}` : `filter ${d.filter}`) + ` · value (${d.y}, ${d.x})`;
  if (d.min !== undefined) text += ` · min ${format(d.min)} max ${format(d.max)} mean ${format(d.mean)} NaN/Inf ${d.nonFinite}`;
  if (d.roughness !== undefined) text += ` · roughness ${format(d.roughness)}`;
  if (d.head !== undefined) {
    const h = d.headStats;
    text += ` · head ${d.head} of ${view.layer.heads}: mean ${format(h.mean)} std ${format(h.std)} min ${format(h.min)} max ${format(h.max)}`;
  }
  hover.textContent = text;
}

function drawLegend() {
  // The layer's own record of what was done (manifest `render`), else the run's options.
  const options = manifest.options, legend = $("legend"), render = view.layer.render || {};
  const rgb = view.layer.grid.channels === 3;
  const colormap = render.colormap || options.colormap;
  const table = colormaps[colormap];
  const ctx = legend.getContext("2d");
  ctx.clearRect(0, 0, legend.width, legend.height);
  for (let i = 0; i < 256; i++) {
    const k = rgb ? [i, i, i] : table.slice(3 * i, 3 * i + 3);
    ctx.fillStyle = `rgb(${k[0]},${k[1]},${k[2]})`;
    ctx.fillRect(i, 0, 1, legend.height);
  }
  $("legend-text").textContent = (rgb ? "RGB channels · " : "") + (render.legend ||
    `${options.colormap} · ${options.normalize} per ${options.scope}`);
  const m = colormaps.markers[colormap];
  $("marker").style.background = `rgb(${m[0]},${m[1]},${m[2]})`;
}

function wire() {
  const vp = $("viewport");
  $("histogram-log").addEventListener("change", drawHistogram);
  $("shade").addEventListener("change", drawShade);
  vp.addEventListener("wheel", event => {
    event.preventDefault();
    const box = vp.getBoundingClientRect(), mx = event.clientX - box.left, my = event.clientY - box.top;
    const factor = Math.exp(-event.deltaY * 0.0015), zoom = Math.min(Math.max(view.zoom * factor, 1e-4), 256);
    view.x = mx - (mx - view.x) * zoom / view.zoom;
    view.y = my - (my - view.y) * zoom / view.zoom;
    view.zoom = zoom;
    apply();
  }, { passive: false });
  vp.addEventListener("mousedown", event => { view.drag = [event.clientX - view.x, event.clientY - view.y]; });
  window.addEventListener("mouseup", () => { view.drag = null; });
  vp.addEventListener("mousemove", event => {
    if (view.drag) { view.x = event.clientX - view.drag[0]; view.y = event.clientY - view.drag[1]; apply(); }
    showHover(event);
  });
  $("fit").addEventListener("click", () => fit("all"));
  $("fit-width").addEventListener("click", () => fit("width"));
  $("fit-height").addEventListener("click", () => fit("height"));
  window.addEventListener("resize", () => view.layer && fit(view.fit));
  document.addEventListener("keydown", event => {
    if (event.altKey || event.ctrlKey || event.metaKey || !view.layer) return;
    const typing = event.target instanceof HTMLInputElement, key = event.key;
    const delta = key === "ArrowDown" || (!typing && key === "j") ? 1 : (key === "ArrowUp" || (!typing && key === "k") ? -1 : 0);
    if (!delta) return;
    event.preventDefault();
    step(delta);
  });
}

// Deep Zoom pyramids: the level whose pixels are nearest the screen's, only visible tiles.
class DeepZoom {
  constructor(layer, canvas) {
    this.layer = layer; this.canvas = canvas; this.d = layer.dzi; this.shown = new Map();
    this.maxLevel = Math.ceil(Math.log2(Math.max(this.d.width, this.d.height)));
  }
  update(v) {
    const d = this.d, box = $("viewport").getBoundingClientRect();
    const level = Math.min(this.maxLevel, Math.max(0, this.maxLevel + Math.ceil(Math.log2(Math.min(v.zoom, 1)))));
    const f = Math.pow(2, this.maxLevel - level), size = d.tile_size * f;
    const x0 = Math.max(0, -v.x / v.zoom), y0 = Math.max(0, -v.y / v.zoom);
    const x1 = Math.min(d.width, (box.width - v.x) / v.zoom), y1 = Math.min(d.height, (box.height - v.y) / v.zoom);
    const wanted = new Set();
    for (let r = Math.floor(y0 / size); r * size < y1; r++) for (let c = Math.floor(x0 / size); c * size < x1; c++) {
      const key = `${level}/${c}_${r}`;
      wanted.add(key);
      if (this.shown.has(key)) continue;
      const img = document.createElement("img");
      const ox = c > 0 ? d.overlap : 0, oy = r > 0 ? d.overlap : 0;
      img.src = encodeURI(`${d.files}/${key}.${d.format}`);
      img.style.left = (c * size - ox * f) + "px"; img.style.top = (r * size - oy * f) + "px";
      img.onload = () => { img.style.width = img.naturalWidth * f + "px"; img.style.height = img.naturalHeight * f + "px"; };
      this.canvas.appendChild(img);
      this.shown.set(key, img);
    }
    for (const [key, img] of this.shown) if (!wanted.has(key)) { img.remove(); this.shown.delete(key); }
  }
}

// Headless tests can read the DOM but cannot move a mouse or type. #selftest=LAYER,x,y
// selects a layer and writes describe() of pixel (x, y) as JSON into #selftest;
// #selftest=do;STEP;STEP… runs steps as a user would and writes state() there. Steps
// (arguments URI-encoded): layer=NAME, search=TEXT (typed: the box's value and an
// `input` event), key=KEY (a keydown on the focused element), fit=all|width|height (a
// click on the "fit", "fit width" or "fit height" button), zoom=Z.
function selftest() {
  if (location.hash.startsWith("#selftest=do;")) {
    for (const part of location.hash.slice(13).split(";")) {
      const [verb, arg] = [part.slice(0, part.indexOf("=")), decodeURIComponent(part.slice(part.indexOf("=") + 1))];
      if (verb === "layer") select(layers.findIndex(l => l.name === arg));
      else if (verb === "search") { $("search").focus(); $("search").value = arg; $("search").dispatchEvent(new Event("input", { bubbles: true })); }
      else if (verb === "key") (document.activeElement || document.body).dispatchEvent(new KeyboardEvent("keydown", { key: arg, bubbles: true, cancelable: true }));
      else if (verb === "fit") $(arg === "all" ? "fit" : "fit-" + arg).click();
      else if (verb === "zoom") { view.zoom = +arg; apply(); }
    }
    $("selftest").textContent = JSON.stringify(state());
    return;
  }
  const m = decodeURIComponent(location.hash).match(/^#selftest=(.*),(\d+),(\d+)(,shade)?$/);
  if (!m) return;
  if (m[4]) $("shade").checked = true;
  const i = layers.findIndex(l => l.name === m[1]);
  select(i);
  const report = () => {
    $("selftest").textContent = JSON.stringify({ layers: layers.map(l => l.name), hover: describe(layers[i], +m[2], +m[3]),
      separators: document.querySelectorAll("#canvas svg.heads line").length, histogram: $("histogram").dataset.bars || null,
      shaded: document.querySelectorAll("#canvas svg.shade rect").length,
      histogramShown: !$("histogram-box").hidden });
  };
  if (layers[i].tiles && !WeightAtlas.tiles[layers[i].name]) WeightAtlas.onTiles = report; else report();
}

// What a person would see: the layers displayed (by computed style), the selection,
// the fit, the zoom, the image's size on screen and how it is resampled, and the legend.
function state() {
  const img = $("canvas").querySelector("img"), box = $("viewport").getBoundingClientRect();
  const shown = img && img.getBoundingClientRect();
  return { layers: layers.map(l => l.name), selected: view.layer && view.layer.name,
    displayed: [...$("layers").children].filter(li => getComputedStyle(li).display !== "none").map(li => li.querySelector(".name").textContent),
    fit: view.fit, zoom: view.zoom, viewport: [box.width, box.height], image: shown ? [shown.width, shown.height] : null,
    rendering: img ? getComputedStyle(img).imageRendering : null, legend: $("legend-text").textContent };
}

buildList();
wire();
if (layers.length) select(0);
selftest();

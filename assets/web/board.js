// The board on the web: the hall's board drawn in a browser from the live feed (`/live?lang=L`,
// net/web.py): `page` messages (the whole board, its names and texts in the page's language)
// and `clock` messages (the header alone). The same board as the Qt hall board: the layout of
// ui/layout.py (columns and font size chosen together, measured in the same fonts), the lights
// of ui/painter.py (colour, shape and letter), the colours of core/palette.py
// (/static/palette.css). Two views: the board (`/`) and a lower third for a video mixer
// (`/overlay`, `<body data-view="overlay">`).
//
// No framework, no build, nothing from the network but this server: the page's policy is
// `default-src 'self'`, so nothing here is inline and styles are set through the CSSOM only.
// `window.voteboard` tells the tests (read only) what the page holds.

(() => {
  "use strict";

  const root = document.documentElement;
  const body = document.body;
  const OVERLAY = body.dataset.view === "overlay";
  const RTL = root.dir === "rtl";
  const LANG = (root.lang || "en").toLowerCase();
  const TEMPLATES = {
    connecting: body.dataset.connecting || "",
    lost: body.dataset.lost || "",
  };
  const SVG = "http://www.w3.org/2000/svg";

  // ---- the layout of ui/layout.py --------------------------------------------------------

  const MIN_FONT_PX = 10; // below this a name is not legible on a projector: the board scrolls
  const SCROLL_PX = 16; // a narrow window (a phone): the names' size, at most ...
  const SCROLL_MIN_PX = 13; // ... and at least (then names are shortened)
  const SCROLL_ROW = 1.7; // a narrow window's row, in font sizes (room for a finger)

  /** Python's round(): halves to even (Qt's fonts are sized so in ui/theme.py). */
  function pyRound(x) {
    const r = Math.round(x);
    return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }

  /** A font's pixel size as ui/theme.py `font()` makes it: whole, at least 1. */
  function whole(px) {
    return Math.max(1, pyRound(px));
  }

  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  let family = "sans-serif";
  function readFamily() {
    family = getComputedStyle(root).getPropertyValue("--family").trim() || "sans-serif";
  }
  function fontSpec(px, bold) {
    return `${bold ? "700" : "400"} ${px}px ${family}`;
  }
  /** Width in CSS pixels of a text at a font size (the board's font, as CSS draws it). */
  function measure(text, px, bold = false) {
    const spec = fontSpec(px, bold);
    if (ctx.font !== spec) ctx.font = spec;
    return ctx.measureText(text).width;
  }

  /** The cells of a grid, in board order, columns filled top to bottom (layout_board). */
  function place(width, height, band, grid, members, columns, rows, px, mode) {
    const cellW = grid.w / columns;
    const cellH = grid.h / rows;
    const lightSize = Math.min(cellH * 0.8, px * 1.35);
    const gap = px * 0.45;
    const cells = members.map((member, index) => {
      const column = Math.floor(index / rows);
      const row = index % rows;
      const x = grid.x + column * cellW;
      const y = grid.y + row * cellH;
      const light = { x: x + gap * 0.5, y: y + (cellH - lightSize) / 2, w: lightSize, h: lightSize };
      const nameX = light.x + light.w + gap;
      const name = { x: nameX, y, w: x + cellW - gap * 0.5 - nameX, h: cellH };
      return { code: member.code, label: member.name, light, name, shortened: false };
    });
    const layout = { width, height, band, grid, columns, rows, px, cellW, cellH, cells, mode };
    for (const cell of cells) cell.shortened = measure(cell.label, px) > cell.name.w + 0.5;
    return RTL ? mirrored(layout) : layout;
  }

  /** Read from the right (Arabic): the first column rightmost, each light on its name's right
   * (layout.mirrored). */
  function mirrored(layout) {
    const flip = (r) => ({ x: layout.width - (r.x + r.w), y: r.y, w: r.w, h: r.h });
    for (const cell of layout.cells) {
      cell.light = flip(cell.light);
      cell.name = flip(cell.name);
    }
    return layout;
  }

  /** The widest name at one pixel of font size. */
  function widestOf(members) {
    const reference = 100;
    let widest = 0;
    for (const m of members) widest = Math.max(widest, measure(m.name, reference));
    return widest / reference;
  }

  /** layout_board: the column count and the font size chosen together, the largest font at
   * which every name fits its cell. Null when that font is under MIN_FONT_PX: the window is
   * too small for the whole board, which then scrolls (scrollLayout). */
  function layoutBoard(width, height, members) {
    const margin = Math.max(4, Math.min(width, height) * 0.012);
    const band = Math.max(48, pyRound(Math.min(height, width) * 0.115));
    const grid = { x: margin, y: band + margin, w: width - 2 * margin, h: height - 2 * band - 2 * margin };
    const count = Math.max(members.length, 1);
    const widest = widestOf(members);
    const fit = (columns) => {
      const rows = Math.ceil(count / columns);
      const cellH = grid.h / rows;
      const cellW = grid.w / columns;
      const byHeight = cellH * 0.62;
      const light = Math.min(cellH * 0.8, byHeight * 1.35);
      const room = cellW - light - byHeight * 0.9;
      const byWidth = widest ? room / widest : byHeight;
      return Math.min(byHeight, byWidth);
    };
    let bestColumns = 1;
    let bestPx = 0;
    for (let columns = 1; columns <= count; columns++) {
      const px = fit(columns);
      if (px > bestPx) {
        bestColumns = columns;
        bestPx = px;
      }
    }
    if (grid.h <= 0 || bestPx < MIN_FONT_PX) return null;
    const rows = Math.ceil(count / bestColumns);
    const px = Math.max(Math.floor(bestPx), 1); // fonts come in whole pixels: never round up
    return place(width, height, band, grid, members, bestColumns, rows, px, "fit");
  }

  /** A window too small for the whole board at a legible size: the names at a legible size
   * (SCROLL_MIN_PX to SCROLL_PX), in as many columns as the width allows with every name
   * whole, and the board as tall as it needs (it scrolls down, never across). */
  function scrollLayout(width, height, members) {
    const margin = Math.max(4, Math.min(width, height) * 0.012);
    const band = Math.max(64, pyRound(Math.min(height, width) * 0.115));
    const count = Math.max(members.length, 1);
    const widest = widestOf(members);
    const gridW = width - 2 * margin;
    const lightK = Math.min(SCROLL_ROW * 0.8, 1.35);
    const pxFor = (columns) => Math.min(SCROLL_PX, gridW / columns / (widest + lightK + 0.9));
    let columns = 1;
    for (let c = count; c >= 1; c--) {
      if (pxFor(c) >= SCROLL_MIN_PX) {
        columns = c;
        break;
      }
    }
    const px = Math.max(SCROLL_MIN_PX, Math.floor(pxFor(columns)));
    const rows = Math.ceil(count / columns);
    const cellH = Math.round(px * SCROLL_ROW);
    const grid = { x: margin, y: band + margin, w: gridW, h: rows * cellH };
    return place(width, grid.y + grid.h + margin + band, band, grid, members, columns, rows, px, "scroll");
  }

  // ---- the state ------------------------------------------------------------------------

  let socket = null;
  let connected = false;
  let fresh = false; // a board came since the socket opened (else the one shown is old)
  let attempt = 0;
  let lostAt = null;
  let boardsReceived = 0;
  let last = null; // the last `page` message, frozen
  let header = null; // the header shown (a `clock` message replaces it)
  let layout = null;
  let layoutKey = "";
  let sizeKey = "";
  const cells = new Map(); // code -> {el, lightEl, nameEl, light, label}
  const shown = { header: "", footer: "" };

  function deepFreeze(value) {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const key of Object.keys(value)) deepFreeze(value[key]);
    }
    return value;
  }

  function isLive() {
    return connected && fresh && !!last && last.view.live;
  }

  // ---- drawing the board ----------------------------------------------------------------

  const boardEl = document.getElementById("board");
  const headerEl = document.getElementById("header");
  const gridEl = document.getElementById("grid");
  const footerEl = document.getElementById("footer");
  const noticeEl = document.getElementById("notice");

  function px(value) {
    return `${value}px`;
  }

  function setRect(el, r) {
    el.style.left = px(r.x);
    el.style.top = px(r.y);
    el.style.width = px(r.w);
    el.style.height = px(r.h);
  }

  /** Whether a text holds letters written from right to left (painter._right_to_left): such a
   * line is laid out as a right-to-left paragraph, any other left to right. */
  const RTL_LETTERS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
  function direction(text) {
    return RTL_LETTERS.test(text) ? "rtl" : "ltr";
  }

  /** One line of a band in its rectangle, centred vertically, aligned left or right. */
  function line(parent, text, rect, size, { bold = false, tone = "", right = false } = {}) {
    const el = document.createElement("p");
    el.className = `line${bold ? " bold" : ""}${tone ? ` ${tone}` : ""}`;
    el.textContent = text;
    el.dir = direction(text);
    setRect(el, rect);
    el.style.fontSize = px(size);
    el.style.lineHeight = px(rect.h);
    el.style.textAlign = right ? "right" : "left";
    parent.appendChild(el);
    return el;
  }

  /** painter._fitted: the font size, or smaller until the text fits the room. */
  function fitted(text, pixels, room, bold = false) {
    let size = whole(pixels);
    const width = measure(text, size, bold);
    if (width > room && room > 0) size = whole(Math.max(1, Math.floor((pixels * room) / width)));
    return size;
  }

  function mirror(rect, width) {
    return { x: width - (rect.x + rect.w), y: rect.y, w: rect.w, h: rect.h };
  }

  /** The header as painter._draw_header places it: the symbol over the title on the left,
   * the phase (accent) over the mode and clock on the right; mirrored right to left. */
  function drawHeader() {
    if (!layout || !header) return;
    const key = JSON.stringify([header, layout.width, layout.band]);
    if (key === shown.header) return;
    shown.header = key;
    const { symbol, title, banner, mode, countdown } = header;
    const width = layout.width;
    const h = layout.band;
    headerEl.replaceChildren();
    headerEl.style.height = px(h);
    const pad = h * 0.18;
    const inner = width - 2 * pad;
    const bannerPx = h * (countdown ? 0.34 : 0.28);
    const bannerW = measure(banner, whole(bannerPx), true);
    const modeW = measure(mode, whole(h * 0.2));
    const rightW = Math.min(Math.max(width * 0.3, bannerW, modeW), inner * 0.5);
    let left = { x: pad, y: pad * 0.6, w: inner - rightW - pad, h: h - pad * 1.2 };
    let right = { x: width - rightW - pad, y: left.y, w: rightW, h: left.h };
    if (RTL) {
      left = mirror(left, width);
      right = mirror(right, width);
    }
    const half = left.h * 0.5;
    const top = (r) => ({ x: r.x, y: r.y, w: r.w, h: half });
    const bottom = (r) => ({ x: r.x, y: r.y + half, w: r.w, h: half });
    line(headerEl, symbol, top(left), fitted(symbol, h * 0.34, left.w, true), { bold: true, right: RTL });
    line(headerEl, title, bottom(left), whole(h * 0.2), { tone: "dim", right: RTL });
    line(headerEl, banner, top(right), fitted(banner, bannerPx, right.w, true), {
      bold: true,
      tone: "accent",
      right: !RTL,
    });
    line(headerEl, mode, bottom(right), fitted(mode, h * 0.2, right.w), { right: !RTL });
    document.title = [symbol, banner].filter(Boolean).join(" · ") || "voteboard";
  }

  /** The footer as painter._draw_footer places it: the totals, and the arithmetic and outcome
   * (accent once the result is locked). A narrow window's footer wraps its lines instead of
   * shrinking them out of sight. */
  function drawFooter() {
    if (!layout || !last) return;
    const [first, second] = last.view.footer;
    const final = last.view.final;
    const key = JSON.stringify([first, second, final, layout.width, layout.band, layout.mode]);
    if (key === shown.footer) return;
    shown.footer = key;
    const width = layout.width;
    const h = layout.band;
    const pad = h * 0.15;
    const room = width - 2 * pad;
    footerEl.replaceChildren();
    const firstPx = fitted(first, h * 0.34, room, true);
    let secondPx = fitted(second, h * 0.22, room);
    if (secondPx < h * 0.14) secondPx = whole(h * 0.14); // below this, shorten instead
    const tone = final ? "accent" : "";
    if (layout.mode === "scroll") {
      footerEl.classList.add("flow");
      footerEl.style.height = "auto";
      footerEl.style.minHeight = px(h);
      footerEl.style.padding = `${px(pad * 0.5)} ${px(pad)}`;
      footerEl.style.boxSizing = "border-box";
      const a = line(footerEl, first, { x: 0, y: 0, w: room, h: h * 0.5 }, Math.max(firstPx, 14), {
        bold: true,
        right: RTL,
      });
      // The totals break between their groups ("NO 14"), never inside one ("NON-VOTING 10").
      a.replaceChildren(
        ...first.split(/( {2,})/).map((part, i) => {
          if (i % 2) return document.createTextNode(part);
          const group = document.createElement("span");
          group.className = "group";
          group.textContent = part;
          return group;
        }),
      );
      const b = line(footerEl, second, { x: 0, y: 0, w: room, h: h * 0.4 }, Math.max(secondPx, 12), {
        tone,
        right: RTL,
      });
      for (const el of [a, b]) {
        el.style.width = "auto";
        el.style.height = "auto";
        el.style.lineHeight = "1.3";
      }
      return;
    }
    footerEl.classList.remove("flow");
    footerEl.style.height = px(h);
    footerEl.style.minHeight = "";
    footerEl.style.padding = "0";
    line(footerEl, first, { x: pad, y: pad * 0.5, w: room, h: h * 0.5 }, firstPx, { bold: true, right: RTL });
    line(footerEl, second, { x: pad, y: h * 0.52, w: room, h: h * 0.42 }, secondPx, { tone, right: RTL });
  }

  /** A light's drawing (painter.paint_light): yes a green disc with its letter, no a red square,
   * abstain an amber diamond, voted a white disc, none a dark ring, ineligible a struck ring;
   * inset 6% of its side, outlined 8% (at least a pixel). */
  function drawLight(entry, light) {
    const { lightEl, svg, letterEl } = entry;
    const size = entry.size;
    const inset = 6;
    const stroke = (Math.max(1, size * 0.08) / size) * 100;
    svg.replaceChildren();
    let shape;
    if (light === "no") {
      shape = document.createElementNS(SVG, "rect");
      shape.setAttribute("x", inset);
      shape.setAttribute("y", inset);
      shape.setAttribute("width", 100 - 2 * inset);
      shape.setAttribute("height", 100 - 2 * inset);
    } else if (light === "abstain") {
      const half = ((100 - 2 * inset) / 2) * 1.08;
      shape = document.createElementNS(SVG, "polygon");
      shape.setAttribute("points", `50,${50 - half} ${50 + half},50 50,${50 + half} ${50 - half},50`);
    } else {
      shape = document.createElementNS(SVG, "ellipse");
      shape.setAttribute("cx", 50);
      shape.setAttribute("cy", 50);
      shape.setAttribute("rx", 50 - inset);
      shape.setAttribute("ry", 50 - inset);
    }
    shape.setAttribute("class", "shape");
    shape.setAttribute("stroke-width", stroke);
    svg.appendChild(shape);
    if (light === "ineligible") {
      const strike = document.createElementNS(SVG, "line");
      strike.setAttribute("x1", inset);
      strike.setAttribute("y1", 100 - inset);
      strike.setAttribute("x2", 100 - inset);
      strike.setAttribute("y2", inset);
      strike.setAttribute("class", "strike");
      strike.setAttribute("stroke-width", stroke);
      svg.appendChild(strike);
    }
    let letter = (last && last.view.letters[light]) || "";
    if (letter && LANG === "zh" && size * 0.5 < 12) letter = ""; // a blot: shape and colour tell
    letterEl.textContent = letter;
    if (letter) {
      letterEl.style.fontSize = px(pyRound(size * (LANG === "zh" ? 0.5 : 0.62)));
      letterEl.style.lineHeight = px(size);
      letterEl.style.height = px(size);
    }
    lightEl.className = "light";
    entry.el.className = `cell l-${light}`;
    entry.el.dataset.light = light;
    const spoken = (last && last.view.spoken && last.view.spoken[light]) || light;
    entry.el.setAttribute("aria-label", `${entry.label}: ${spoken}`);
    entry.light = light;
  }

  /** Every cell made again, at the places of a new layout (names changed, the window resized). */
  function relayout() {
    const members = last.board.members;
    readFamily();
    let next = null;
    root.classList.remove("scroll");
    if (members.length) next = layoutBoard(window.innerWidth, window.innerHeight, members);
    if (!next) {
      root.classList.add("scroll");
      next = scrollLayout(root.clientWidth, window.innerHeight, members);
    }
    layout = next;
    shown.header = "";
    shown.footer = "";
    boardEl.style.width = px(layout.width);
    boardEl.style.height = layout.mode === "fit" ? px(layout.height) : "auto";
    gridEl.style.height = px(layout.height - 2 * layout.band);
    gridEl.setAttribute("aria-label", header ? header.symbol : "");
    const fragment = document.createDocumentFragment();
    cells.clear();
    const fontPx = px(layout.px);
    for (const [index, cell] of layout.cells.entries()) {
      const member = members[index];
      const el = document.createElement("div");
      el.setAttribute("role", "listitem");
      el.dataset.code = member.code;
      const left = Math.min(cell.light.x, cell.name.x);
      const right = Math.max(cell.light.x + cell.light.w, cell.name.x + cell.name.w);
      const area = { x: left, y: cell.name.y - layout.band, w: right - left, h: cell.name.h };
      setRect(el, area);
      const lightEl = document.createElement("div");
      lightEl.setAttribute("aria-hidden", "true");
      const size = cell.light.w;
      // Whole pixels, as the hall's board copies its lights' images.
      setRect(lightEl, {
        x: Math.round(cell.light.x) - area.x,
        y: Math.round(cell.light.y - layout.band) - area.y,
        w: size,
        h: size,
      });
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", "0 0 100 100");
      svg.setAttribute("focusable", "false");
      const letterEl = document.createElement("span");
      letterEl.className = "letter";
      lightEl.append(svg, letterEl);
      const nameEl = document.createElement("div");
      nameEl.className = "name";
      nameEl.setAttribute("aria-hidden", "true");
      nameEl.textContent = member.name;
      setRect(nameEl, { x: cell.name.x - area.x, y: 0, w: cell.name.w, h: cell.name.h });
      nameEl.style.fontSize = fontPx;
      nameEl.style.lineHeight = px(cell.name.h);
      el.append(lightEl, nameEl);
      const entry = { el, lightEl, svg, letterEl, nameEl, size, light: null, label: member.name };
      cells.set(member.code, entry);
      drawLight(entry, member.light);
      fragment.appendChild(el);
    }
    gridEl.replaceChildren(fragment);
  }

  /** Only the cells whose light changed (a page that is sent at every ballot). */
  function updateCells() {
    for (const member of last.board.members) {
      const entry = cells.get(member.code);
      if (entry && entry.light !== member.light) drawLight(entry, member.light);
    }
  }

  function viewportKey() {
    return `${window.innerWidth}x${window.innerHeight}`;
  }

  function drawBoard() {
    if (!last) return;
    const key = last.board.members.map((m) => `${m.code}\u0001${m.name}`).join("\u0002");
    const size = viewportKey();
    if (key !== layoutKey || size !== sizeKey || !layout) {
      layoutKey = key;
      sizeKey = size;
      relayout();
    } else {
      updateCells();
    }
    boardEl.hidden = false;
    drawHeader();
    drawFooter();
  }

  // ---- the overlay: a lower third ----------------------------------------------------------

  const third = document.getElementById("third");
  const ov = third && {
    inner: third.querySelector(".inner"),
    top: third.querySelector(".row.top"),
    symbol: third.querySelector(".symbol"),
    title: third.querySelector(".title"),
    banner: third.querySelector(".banner"),
    rule: third.querySelector(".rule"),
    mid: third.querySelector(".row.mid"),
    totals: third.querySelector(".totals"),
    bottom: third.querySelector(".row.bottom"),
    outcome: third.querySelector(".outcome"),
    note: third.querySelector(".note"),
  };

  /** The lower third of a 1920x1080 frame (scaled to the window): the symbol and the title
   * (dimmed, shortened), the phase; the totals; the arithmetic and outcome (PROVISIONAL until
   * locked: the footer's words say it). Nothing outside it. */
  function drawOverlay() {
    readFamily();
    const width = window.innerWidth;
    const height = window.innerHeight;
    const u = Math.min(width / 1920, height / 1080);
    const panelW = 1728 * u;
    const panelH = 232 * u;
    const panel = { x: (width - panelW) / 2, y: height - 64 * u - panelH, w: panelW, h: panelH };
    setRect(third, panel);
    third.style.borderInlineStartWidth = px(8 * u);
    const padX = 32 * u;
    const room = panelW - 2 * padX - 8 * u;
    const row = (el, y, h) => {
      setRect(el, { x: padX, y, w: room, h });
      el.style.lineHeight = px(h);
    };
    row(ov.top, 14 * u, 56 * u);
    setRect(ov.rule, { x: padX, y: 76 * u, w: room, h: Math.max(1, 2 * u) });
    row(ov.mid, 84 * u, 80 * u);
    row(ov.bottom, 166 * u, 54 * u);
    ov.top.style.columnGap = px(24 * u);
    ov.note.style.left = "0";
    ov.note.style.top = "0";
    ov.note.style.width = "100%";
    ov.note.style.height = px(76 * u);
    ov.note.style.lineHeight = px(76 * u);
    ov.note.style.padding = `0 ${px(padX)}`;
    ov.note.style.fontSize = px(whole(28 * u));
    ov.note.style.borderBottomWidth = px(Math.max(1, 3 * u));
    if (!last) return;
    const { symbol, title, banner } = header || last.view.header;
    const [first, second] = last.view.footer;
    const set = (el, text, size, bold) => {
      el.textContent = text;
      el.dir = direction(text);
      el.style.textAlign = RTL ? "right" : "left"; // beside the symbol, whatever its script
      el.style.fontSize = px(size);
      el.hidden = !text;
      return measure(text, size, bold);
    };
    const bannerPx = whole(34 * u);
    const bannerW = set(ov.banner, banner, bannerPx, true);
    const symbolPx = fitted(symbol, 40 * u, room - bannerW - 48 * u, true);
    set(ov.symbol, symbol, symbolPx, true);
    set(ov.title, title, whole(28 * u), false);
    set(ov.totals, first, fitted(first, 58 * u, room, true), true);
    let secondPx = fitted(second, 34 * u, room);
    if (secondPx < 24 * u) secondPx = whole(24 * u); // below this, shorten instead
    set(ov.outcome, second, secondPx, false);
    ov.outcome.classList.toggle("final", last.view.final);
    document.title = [symbol, banner].filter(Boolean).join(" · ") || "voteboard";
  }

  // ---- what is live, and what is not --------------------------------------------------------

  function hhmmss(date) {
    const two = (n) => String(n).padStart(2, "0");
    return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  }

  /** The notice over the board: before the first board, connecting; once the socket is lost,
   * since when (the board stays, dimmed: it never looks live when it is not); when the server
   * has lost the desk, its own words. */
  function drawNotice() {
    let text = "";
    if (!last) {
      text = TEMPLATES.connecting;
    } else if (!connected || !fresh) {
      const template = TEMPLATES.lost || last.view.lost;
      text = template.replace("{time}", hhmmss(lostAt || new Date()));
    } else if (!last.view.live) {
      text = last.view.notice || last.view.lost.replace("{time}", "");
    }
    const target = OVERLAY ? ov.note : noticeEl;
    if (target.textContent !== text) target.textContent = text;
    target.classList.toggle("shown", !!text);
    if (OVERLAY) ov.inner.classList.toggle("stale", !!text);
    else boardEl.classList.toggle("stale", !!text && !!last);
  }

  function draw() {
    if (OVERLAY) drawOverlay();
    else drawBoard();
    drawNotice();
  }

  // ---- the feed ------------------------------------------------------------------------

  function onMessage(event) {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === "page") {
      last = deepFreeze(message);
      header = message.view.header;
      fresh = true;
      attempt = 0;
      lostAt = null;
      draw();
      boardsReceived += 1;
    } else if (message.type === "clock" && last) {
      header = message.header;
      if (OVERLAY) drawOverlay();
      else drawHeader();
    }
  }

  function connect() {
    // Beside the page (`live`, not `/live`): behind a proxy or a CDN that serves the board
    // under a path of its own, the feed is found under the same path.
    const feed = new URL(`live?lang=${encodeURIComponent(LANG)}`, location.href);
    feed.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    const url = feed.href;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      retry();
      return;
    }
    socket = ws;
    ws.addEventListener("open", () => {
      if (socket !== ws) return;
      connected = true;
      fresh = false;
    });
    ws.addEventListener("message", (event) => {
      if (socket === ws) onMessage(event);
    });
    ws.addEventListener("close", () => {
      if (socket !== ws) return;
      socket = null;
      if (last && !lostAt) lostAt = new Date(); // the first loss: the board is no longer live
      connected = false;
      fresh = false;
      drawNotice();
      retry();
    });
  }

  /** Again after 0.5 s, 1 s, 2 s, 4 s, then every 5 s. */
  function retry() {
    const delay = Math.min(5000, 500 * 2 ** attempt);
    attempt += 1;
    setTimeout(connect, delay);
  }

  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (last) draw();
      else if (OVERLAY) drawOverlay();
    });
  });

  // ---- for the tests ----------------------------------------------------------------------

  function pageRect(el) {
    const r = el.getBoundingClientRect();
    return { x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height };
  }

  function textWidth(el) {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect().width;
  }

  const api = {
    get connected() {
      return connected;
    },
    get live() {
      return isLive();
    },
    get boardsReceived() {
      return boardsReceived;
    },
    get lastBoard() {
      return last;
    },
    get view() {
      return OVERLAY ? "overlay" : "board";
    },
    get layout() {
      return (
        layout && {
          columns: layout.columns,
          rows: layout.rows,
          fontPx: layout.px,
          mode: layout.mode,
          viewport: sizeKey, // the window's size it was made for ("1920x1080")
        }
      );
    },
    /** Every cell: its light's rectangle in page coordinates (CSS pixels), its name's. */
    cells() {
      return [...cells.entries()].map(([code, entry]) => {
        const light = pageRect(entry.lightEl);
        return {
          code,
          light: entry.light,
          x: light.x,
          y: light.y,
          w: light.w,
          h: light.h,
          name: pageRect(entry.nameEl),
          text: entry.nameEl.textContent,
          textWidth: textWidth(entry.nameEl),
        };
      });
    },
  };
  Object.defineProperty(window, "voteboard", { value: Object.freeze(api), enumerable: true });

  // ---- start: the fonts first (the layout measures in them), then the feed ------------------

  readFamily();
  if (OVERLAY) drawOverlay();
  drawNotice();
  const faces = [fontSpec(16, false), fontSpec(16, true)];
  const loading = Promise.all(faces.map((face) => document.fonts.load(face, "Aa1 ا 中")));
  const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
  Promise.race([loading, timeout])
    .catch(() => undefined)
    .then(connect);
})();

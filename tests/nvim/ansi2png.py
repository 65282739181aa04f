#!/usr/bin/env python3
"""Renders `tmux capture-pane -e -p` output (text with SGR colour codes) to a
PNG with Pillow: a terminal screenshot without a display.
Usage: ansi2png.py IN.ansi OUT.png [--cols N] [--rows N] [--title TEXT]"""
import argparse
import re

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu/"]
BASE16 = [
    (0x1d, 0x1f, 0x21), (0xcc, 0x66, 0x66), (0xb5, 0xbd, 0x68), (0xf0, 0xc6, 0x74),
    (0x81, 0xa2, 0xbe), (0xb2, 0x94, 0xbb), (0x8a, 0xbe, 0xb7), (0xc5, 0xc8, 0xc6),
    (0x66, 0x66, 0x66), (0xd5, 0x4e, 0x53), (0xb9, 0xca, 0x4a), (0xe7, 0xc5, 0x47),
    (0x7a, 0xa6, 0xda), (0xc3, 0x97, 0xd8), (0x70, 0xc0, 0xb1), (0xea, 0xea, 0xea),
]
DEFAULT_FG = (0xe0, 0xe2, 0xea)
DEFAULT_BG = (0x14, 0x16, 0x1b)


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


def parse(text):
    """Yields rows of cells (char, fg, bg, bold, underline)."""
    rows = []
    fg, bg, bold, ul, rev = None, None, False, False, False
    for line in text.split("\n"):
        cells = []
        pos = 0
        for m in re.finditer(r"\x1b\[([0-9;:]*)m|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]", line):
            for ch in line[pos:m.start()]:
                f, b = (bg, fg) if rev else (fg, bg)
                cells.append((ch, f, b, bold, ul))
            pos = m.end()
            if not m.group(0).startswith("\x1b["):
                continue
            codes = [c for c in re.split(r"[;:]", m.group(1))] or ["0"]
            i = 0
            while i < len(codes):
                c = int(codes[i] or 0)
                if c == 0:
                    fg, bg, bold, ul, rev = None, None, False, False, False
                elif c == 1:
                    bold = True
                elif c == 22:
                    bold = False
                elif c in (4, 21):
                    ul = True
                elif c == 24:
                    ul = False
                elif c == 7:
                    rev = True
                elif c == 27:
                    rev = False
                elif 30 <= c <= 37:
                    fg = BASE16[c - 30]
                elif 90 <= c <= 97:
                    fg = BASE16[c - 90 + 8]
                elif 40 <= c <= 47:
                    bg = BASE16[c - 40]
                elif 100 <= c <= 107:
                    bg = BASE16[c - 100 + 8]
                elif c == 39:
                    fg = None
                elif c == 49:
                    bg = None
                elif c in (38, 48) and i + 1 < len(codes):
                    mode = int(codes[i + 1] or 0)
                    if mode == 5 and i + 2 < len(codes):
                        col = xterm256(int(codes[i + 2]))
                        i += 2
                    elif mode == 2 and i + 4 < len(codes):
                        col = tuple(int(x or 0) for x in codes[i + 2:i + 5])
                        i += 4
                    else:
                        col = None
                    if c == 38:
                        fg = col
                    else:
                        bg = col
                    i += 1
                i += 1
        for ch in line[pos:]:
            f, b = (bg, fg) if rev else (fg, bg)
            cells.append((ch, f, b, bold, ul))
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--cols", type=int, default=0)
    ap.add_argument("--rows", type=int, default=0)
    ap.add_argument("--size", type=int, default=15)
    ap.add_argument("--title", default="")
    a = ap.parse_args()
    rows = parse(open(a.inp, encoding="utf-8", errors="replace").read())
    font = bold_font = None
    for d in FONT_DIRS:
        try:
            font = ImageFont.truetype(d + "DejaVuSansMono.ttf", a.size)
            bold_font = ImageFont.truetype(d + "DejaVuSansMono-Bold.ttf", a.size)
        except OSError:
            continue
        break
    if font is None:
        font = bold_font = ImageFont.load_default()
    cw = round(font.getlength("M"))
    ch = round(a.size * 1.35)
    cols = a.cols or max((len(r) for r in rows), default=80)
    nrows = a.rows or len(rows)
    pad = 12
    top = pad + (ch + 8 if a.title else 0)
    img = Image.new("RGB", (cols * cw + 2 * pad, nrows * ch + top + pad), DEFAULT_BG)
    draw = ImageDraw.Draw(img)
    if a.title:
        draw.text((pad, pad), a.title, font=bold_font, fill=(0x9a, 0xa0, 0xb0))
    for y, cells in enumerate(rows[:nrows]):
        for x, (c, fg, bg, bold, ul) in enumerate(cells[:cols]):
            px, py = pad + x * cw, top + y * ch
            if bg is not None:
                draw.rectangle([px, py, px + cw - 1, py + ch - 1], fill=bg)
            if c != " ":
                draw.text((px, py + (ch - a.size) // 2 - 1), c, font=bold_font if bold else font, fill=fg or DEFAULT_FG)
            if ul:
                draw.line([px, py + ch - 2, px + cw - 1, py + ch - 2], fill=fg or DEFAULT_FG)
    img.save(a.out)


if __name__ == "__main__":
    main()

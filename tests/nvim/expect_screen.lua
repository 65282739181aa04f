-- Prints what the screenshot must show, computed from the golden reports:
-- line 1: the inlay hint of cache.go:23; line 2: the start of Put's lens;
-- line 3: the numbers of :PprofTop's first row (the heaviest function).
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')
local lines = H.golden_lines('heap-2.inuse_space.lines.txt', '/cache/cache.go')
local funcs, rows = H.golden_functions('heap-2.inuse_space.functions.txt')
local put = funcs['example.com/leakyfeed/cache.(*Cache).Put']
io.stdout:write(H.hint_text(lines[23].flat, lines[23].cum), '\n')
io.stdout:write('pprof: ', H.fmt_bytes(put.flat), ' flat', '\n')
io.stdout:write(H.fmt_bytes(rows[1].flat), ' flat (', string.format('%.2f%%', 100 * rows[1].flat / H.parse_top(H.golden .. '/heap-2.inuse_space.functions.txt').total), ')', '\n')
os.exit(0)

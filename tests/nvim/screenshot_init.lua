-- Neovim config for the screenshot (tests/nvim/run.sh runs it in tmux):
-- the plugin on the demo workspace, cache.go open, hints and lenses on.
local repo = assert(os.getenv('REPO_ROOT'))
local fixture = repo .. '/tests/fixtures/leakyfeed'
vim.opt.rtp:prepend(repo .. '/editors/nvim')
vim.o.termguicolors = true
vim.o.number = true
vim.o.wrap = false
vim.o.swapfile = false
vim.o.laststatus = 2
vim.o.statusline = ' %f %= %{v:lua.require("pprof").statusline()} '
vim.o.shortmess = vim.o.shortmess .. 'IF'
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
if os.getenv("PPROF_LSP_DEBUG") then vim.lsp.set_log_level("debug") end
require("pprof").setup({
  cmd = { os.getenv('PPROF_LSP_BIN') or (repo .. '/target/release/pprof-lsp') },
  root_dir = fixture,
  settings = { profile = 'profiles/heap-2.pb.gz' },
})
vim.cmd('edit ' .. vim.fn.fnameescape(fixture .. '/src/cache/cache.go'))
vim.api.nvim_win_set_cursor(0, { 20, 5 })
vim.fn.winrestview({ topline = 12 })

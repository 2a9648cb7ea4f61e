-- Neovim 0.11+ discovers this file on 'runtimepath': `vim.lsp.enable('velo_lsp')`
-- starts velo-lsp with these defaults, and `vim.lsp.config('velo_lsp', {...})`
-- overrides them (cmd, settings).
local velo = require('velo_lsp')
local cfg = velo.config({})
cfg.name = nil
cfg.root_dir = velo.root_dir_fn
return cfg

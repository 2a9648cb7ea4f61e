-- Driven by nvim_e2e_test.go: evaluates the plugin's pure functions for the
-- paths in $VELO_CASES (a JSON list) and writes the answers to $VELO_OUT.
local out = assert(os.getenv('VELO_OUT'))
local res = { roots = {}, velo = {} }
local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(assert(os.getenv('VELO_PLUGIN_DIR')))
  local velo = require('velo_lsp')
  for _, p in ipairs(vim.fn.json_decode(os.getenv('VELO_CASES'))) do
    res.roots[p] = velo.root_dir(p) or ''
    res.velo[p] = velo.is_velo_document(p)
  end
  res.default = velo.config({})
  res.custom = velo.config({ cmd = { '/opt/velo-lsp', 'serve' }, log_level = 'debug', settings = { rules = { VELO001 = 'off' } } })
  res.wrapped = velo.config({ settings = { veloLsp = { packageRoots = { 'pk/*' } } } })
  res.string_cmd = velo.config({ cmd = '/x/velo-lsp' })
  res.empty_rules = velo.config({ settings = { rules = {} } })
  -- lsp/velo_lsp.lua, as Neovim 0.11 would load it.
  local discovered = dofile(assert(os.getenv('VELO_PLUGIN_DIR')) .. '/lsp/velo_lsp.lua')
  res.discovered = { cmd = discovered.cmd, filetypes = discovered.filetypes, root_dir_is_fn = type(discovered.root_dir) == 'function' }
end)
if not ok then
  res.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(res) }, out)
vim.cmd('qa!')

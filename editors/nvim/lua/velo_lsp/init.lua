-- velo-lsp for Neovim: starts `velo-lsp serve` for the JavaScript and
-- TypeScript buffers of a Wix Velo site and passes settings through.
--
--   require('velo_lsp').setup({
--     cmd = { 'velo-lsp', 'serve' },            -- optional
--     settings = { rules = { VELO001 = 'error' }, packageRoots = { '.wix/packages/*' } },
--     codelens = true,                          -- optional: "Copy a sample event" lenses
--   })
--
-- "Copy a sample event" (a code action, and a code lens above each handler)
-- puts the handler's sample event (`velo-lsp sample`) in the unnamed and
-- clipboard registers and opens it in a scratch JSON buffer.
--
-- Neovim 0.11+: vim.lsp.config + vim.lsp.enable (lsp/velo_lsp.lua is the
-- discoverable default). 0.8-0.10: vim.lsp.start from a FileType autocmd.
-- 0.7: vim.lsp.start_client, one client per root, attached from the autocmd.
local M = {}

local uv = vim.uv or vim.loop

M.name = 'velo_lsp'
M.default_cmd = { 'velo-lsp', 'serve' }
M.filetypes = { 'javascript', 'typescript', 'javascriptreact', 'typescriptreact' }

-- Files named like an events file that Wix never loads; the server reports them.
M.look_alikes = { 'events.web.js', 'events.jsw', 'Events.js', 'event.js', 'events.js' }

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function is_file(path)
  local st = uv.fs_stat(path)
  return st ~= nil and st.type ~= 'directory'
end

local function dirname(path)
  local d = path:match('^(.*)/[^/]*$')
  if d == nil or d == '' then
    return '/'
  end
  return d
end

local function basename(path)
  return path:match('([^/]*)$')
end

-- Nearest directory at or above `dir` that holds `marker`, or nil.
local function find_up(dir, marker)
  while true do
    if exists(dir .. '/' .. marker) then
      return dir
    end
    local parent = dirname(dir)
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

local function normalize(path)
  path = path:gsub('\\', '/')
  if path:sub(1, 1) ~= '/' and not path:match('^%a:/') then
    path = (uv.cwd() or '.') .. '/' .. path
  end
  return path
end

--- Whether the file is a Velo backend file or a look-alike events file.
function M.is_velo_document(path)
  path = normalize(path)
  local base = basename(path)
  for _, name in ipairs(M.look_alikes) do
    if base == name then
      return true
    end
  end
  if not (base:match('%.js$') or base:match('%.ts$') or base:match('%.jsw$') or base:match('%.mjs$') or base:match('%.cjs$')) then
    return false
  end
  return ('/' .. dirname(path) .. '/'):find('/backend/', 1, true) ~= nil
end

-- The outermost folder at or above `dir` named backend that holds an
-- events file, or nil (the server's BackendAbove).
local function backend_above(dir)
  local found = nil
  while true do
    if basename(dir) == 'backend' and (is_file(dir .. '/events.js') or is_file(dir .. '/events.ts')) then
      found = dir
    end
    local parent = dirname(dir)
    if parent == dir then
      return found
    end
    dir = parent
  end
end

--- The site root of a file, by the server's rule (analyzer/site RootOf;
--- TestPluginLogic compares the two): the nearest folder with
--- wix.config.json, else the nearest with .git, else the folder above the
--- outermost backend folder holding an events file (above src for
--- src/backend), else the file's folder. Nil for a file that is no Velo file
--- in a root without wix.config.json: the server is then not started.
function M.root_dir(path)
  if path == nil or path == '' then
    return nil
  end
  path = normalize(path)
  local dir = dirname(path)
  local wix = find_up(dir, 'wix.config.json')
  if wix then
    return wix
  end
  if not M.is_velo_document(path) then
    return nil
  end
  local git = find_up(dir, '.git')
  if git then
    return git
  end
  local backend = backend_above(dir)
  if backend then
    local root = dirname(backend)
    if basename(root) == 'src' then
      root = dirname(root)
    end
    return root
  end
  return dir
end

-- An empty Lua table is sent as a JSON array ([]); the server wants objects.
local function as_object(t)
  if type(t) == 'table' and next(t) == nil then
    return vim.empty_dict()
  end
  return t
end

-- The settings object the server reads, wrapped in {veloLsp = ...}, with
-- empty tables sent as JSON objects.
local function wrap_settings(settings)
  settings = vim.deepcopy(settings or {})
  if settings.veloLsp == nil then
    settings = { veloLsp = settings }
  end
  local inner = as_object(settings.veloLsp)
  if type(inner) == 'table' and next(inner) ~= nil and inner.rules ~= nil then
    inner.rules = as_object(inner.rules)
  end
  settings.veloLsp = inner
  return settings
end

M.sample_command = 'veloLsp.showSampleEvent'

--- Shows a sample event: the server's command arguments are the handler's
--- name and the sample as JSON text.
function M.show_sample(command)
  local args = command and command.arguments or {}
  local handler, sample = args[1], args[2]
  if type(handler) ~= 'string' or type(sample) ~= 'string' then
    return
  end
  vim.fn.setreg('"', sample)
  if vim.fn.has('clipboard') == 1 then
    pcall(vim.fn.setreg, '+', sample)
  end
  vim.cmd('new')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  pcall(vim.api.nvim_buf_set_name, buf, 'sample event: ' .. handler)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(sample, '\n', { plain = true }))
  vim.bo[buf].filetype = 'json'
  vim.notify('A sample event for ' .. handler .. ' is in the unnamed register. To test the handler before publishing, '
    .. 'call it with this event from the Velo functional-testing pane (velo-lsp sample ' .. handler .. ' --format js).')
end

-- Keeps the code lenses of a buffer fresh while our client is attached.
local function refresh_lenses(client, bufnr)
  if not (vim.lsp.codelens and vim.lsp.codelens.refresh) then
    return
  end
  local caps = client.server_capabilities or client.resolved_capabilities or {}
  if not (caps.codeLensProvider or caps.code_lens) then
    return
  end
  local function refresh()
    if vim.api.nvim_buf_is_valid(bufnr) and vim.api.nvim_get_current_buf() == bufnr then
      pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
    end
  end
  refresh()
  vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost' }, {
    group = vim.api.nvim_create_augroup('velo_lsp_codelens_' .. bufnr, { clear = true }),
    buffer = bufnr,
    callback = refresh,
  })
end

--- The client configuration for opts (also what lsp/velo_lsp.lua returns).
--- root_dir is left out: each code path computes it.
function M.config(opts)
  opts = opts or {}
  local cmd = opts.cmd or M.default_cmd
  if type(cmd) == 'string' then
    cmd = { cmd, 'serve' }
  end
  cmd = vim.deepcopy(cmd)
  if opts.log_level then
    table.insert(cmd, '--log-level')
    table.insert(cmd, opts.log_level)
  end
  local settings = wrap_settings(opts.settings)
  -- sampleCommand: this client runs M.sample_command (see M.show_sample).
  local init_options = vim.deepcopy(settings)
  if type(init_options.veloLsp) == 'table' then
    init_options.veloLsp.sampleCommand = true
  end
  local on_attach = opts.on_attach
  if opts.codelens ~= false then
    on_attach = function(client, bufnr)
      refresh_lenses(client, bufnr)
      if opts.on_attach then
        opts.on_attach(client, bufnr)
      end
    end
  end
  local cfg = {
    name = M.name,
    cmd = cmd,
    filetypes = opts.filetypes or M.filetypes,
    settings = settings,
    init_options = init_options,
    capabilities = opts.capabilities,
    on_attach = on_attach,
    handlers = opts.handlers,
    commands = { [M.sample_command] = M.show_sample },
  }
  return cfg
end

-- 0.11+: root_dir as a function of (bufnr, on_dir).
function M.root_dir_fn(bufnr, on_dir)
  local root = M.root_dir(vim.api.nvim_buf_get_name(bufnr))
  if root then
    on_dir(root)
  end
end

local function has(feature)
  return vim.fn.has(feature) == 1
end

-- 0.7: one client id per root; restarted when the client has stopped.
local clients_by_root = {}

local function start_07(cfg, bufnr, root)
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if client == nil or client.is_stopped() then
    local c = vim.deepcopy(cfg)
    c.root_dir = root
    c.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    c.filetypes = nil
    id = vim.lsp.start_client(c)
    if id == nil then
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function attach(cfg, bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = M.root_dir(name)
  if root == nil then
    return
  end
  if vim.lsp.start then
    local c = vim.deepcopy(cfg)
    c.root_dir = root
    c.filetypes = nil
    vim.lsp.start(c, { bufnr = bufnr })
  else
    start_07(cfg, bufnr, root)
  end
end

local function ft_wanted(cfg, ft)
  for _, f in ipairs(cfg.filetypes) do
    if f == ft then
      return true
    end
  end
  return false
end

--- Sets velo-lsp up for every matching buffer, now and later.
function M.setup(opts)
  opts = opts or {}
  -- .jsw (old web modules, the events.jsw look-alike) has no filetype of its own.
  if opts.jsw_filetype ~= false then
    if has('nvim-0.8') and vim.filetype and vim.filetype.add then
      vim.filetype.add({ extension = { jsw = 'javascript' } })
    else
      -- 0.7 reads filetype.vim unless g:do_filetype_lua is set.
      vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
        group = vim.api.nvim_create_augroup('velo_lsp_jsw', { clear = true }),
        pattern = '*.jsw',
        command = 'setfiletype javascript',
      })
    end
  end
  local cfg = M.config(opts)

  if has('nvim-0.11') and vim.lsp.config and vim.lsp.enable then
    local c = vim.deepcopy(cfg)
    c.name = nil
    c.root_dir = M.root_dir_fn
    vim.lsp.config(M.name, c)
    vim.lsp.enable(M.name)
    return
  end

  local group = vim.api.nvim_create_augroup('velo_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = cfg.filetypes,
    callback = function(args)
      attach(cfg, args.buf)
    end,
  })
  -- Buffers opened before setup().
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and ft_wanted(cfg, vim.bo[bufnr].filetype) then
      attach(cfg, bufnr)
    end
  end
end

return M

-- prisma-architect for every Neovim from 0.7 on, from one configuration.
--
-- On 0.11+ `setup(overrides)` is `vim.lsp.config` + `vim.lsp.enable`, the
-- native way, which reads lsp/prisma_architect.lua. Older Neovims have neither,
-- so on 0.7 to 0.10 `setup` reads that same file and starts one client per
-- workspace root when a `prisma` buffer opens: `vim.lsp.start` on 0.8+,
-- `vim.lsp.start_client` + `vim.lsp.buf_attach_client` on 0.7.
local M = {}

M.name = 'prisma_architect'

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

--- The defaults: the table lsp/prisma_architect.lua returns.
function M.defaults()
  local files = vim.api.nvim_get_runtime_file('lsp/' .. M.name .. '.lua', false)
  if #files == 0 then
    error('prisma_architect: lsp/prisma_architect.lua is not on the runtimepath')
  end
  return dofile(files[1])
end

--- The nearest folder upwards from `path` holding one of `markers`, else nil.
local function find_root(path, markers)
  local uv = vim.uv or vim.loop
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while true do
    for _, marker in ipairs(markers or {}) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

local legacy_clients = {} -- root directory -> client id (Neovim 0.7)

--- Start (or reuse) the client for buffer `bufnr` on Neovim 0.7 to 0.10.
local function start_legacy(config, bufnr)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local root = (file ~= '' and find_root(file, config.root_markers)) or vim.fn.getcwd()
  local start = vim.tbl_extend('force', config, { name = M.name, root_dir = root })
  start.filetypes, start.root_markers = nil, nil
  -- 0.7 neither advertises workspace/configuration nor sends the settings;
  -- hand them over as nvim-lspconfig does (the server reads either).
  local on_init = config.on_init
  start.on_init = function(client, result)
    if config.settings then
      client.notify('workspace/didChangeConfiguration', { settings = config.settings })
    end
    if on_init then
      return on_init(client, result)
    end
  end
  if has('0.8') then
    vim.lsp.start(start, { bufnr = bufnr })
    return
  end
  local id = legacy_clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(start)
    legacy_clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

--- Start prisma-architect for `prisma` buffers; `overrides` (cmd, settings, …)
--- are merged over lsp/prisma_architect.lua.
function M.setup(overrides)
  overrides = overrides or {}
  if has('0.11') then
    if next(overrides) ~= nil then
      vim.lsp.config(M.name, overrides)
    end
    vim.lsp.enable(M.name)
    return
  end
  local config = vim.tbl_deep_extend('force', M.defaults(), overrides)
  local group = vim.api.nvim_create_augroup('prisma_architect', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start_legacy(config, args.buf)
    end,
  })
  -- Buffers that got their filetype before setup ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start_legacy(config, bufnr)
    end
  end
end

return M

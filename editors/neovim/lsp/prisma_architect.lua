-- prisma-architect: the language server's configuration for Neovim 0.11+.
--
-- Neovim reads lsp/<name>.lua from every 'runtimepath' directory when
-- `vim.lsp.enable('prisma_architect')` is called, and merges what
-- `vim.lsp.config('prisma_architect', {...})` adds on top, so this file holds
-- only the defaults. Neovim 0.7 to 0.10 read the same table through
-- `require('prisma_architect').setup()` (lua/prisma_architect/init.lua).

---@type vim.lsp.Config
return {
  -- The console script `pip install prisma-architect` (or pipx / uv tool) puts on
  -- PATH. Another interpreter: cmd = { '/path/to/python', '-m', 'server' }.
  cmd = { 'prisma-architect', 'server' },
  filetypes = { 'prisma' },
  -- The workspace root; the server itself finds which files make up the schema
  -- (prisma.config.ts, package.json "prisma.schema", or the schema's folder).
  root_markers = { 'prisma-architect.toml', 'prisma.config.ts', 'package.json', '.git' },
  -- Answered to the server's workspace/configuration request for the section
  -- "prismaArchitect"; the keys are the VS Code extension's settings without the
  -- prefix (editors/neovim/README.md lists them). Empty: the files' settings.
  settings = { prismaArchitect = vim.empty_dict() },
}

-- prisma-architect: `.prisma` files have the filetype `prisma`.
--
-- Neovim's own filetype table has had this mapping since 0.7; the line below
-- only makes sure of it on builds that lack it. Starting the server is left to
-- the user's configuration (`vim.lsp.enable('prisma_architect')` on 0.11+,
-- `require('prisma_architect').setup()` before), see editors/neovim/README.md.
if vim.g.loaded_prisma_architect then
  return
end
vim.g.loaded_prisma_architect = true

if vim.fn.has('nvim-0.8') == 1 then
  vim.filetype.add({ extension = { prisma = 'prisma' } })
else
  vim.cmd([[autocmd BufRead,BufNewFile *.prisma setfiletype prisma]])
end

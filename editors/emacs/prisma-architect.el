;;; prisma-architect.el --- Eglot setup for the prisma-architect language server -*- lexical-binding: t -*-

;; Keywords: languages, tools
;; Package-Requires: ((emacs "26.3") (eglot "1.9"))

;;; Commentary:

;; Runs `prisma-architect server' (stdio) for `.prisma' buffers through Eglot,
;; which is built into Emacs 29+ and packaged for older ones (Debian's
;; elpa-eglot).  Load this file, then `M-x eglot' in a schema, or start it
;; automatically:
;;
;;   (load "/path/to/prisma-architect/editors/emacs/prisma-architect.el")
;;   (add-hook 'prisma-mode-hook #'eglot-ensure)
;;
;; Findings appear through Flymake; `M-x eglot-code-actions' offers their
;; fixes.  Settings (the VS Code extension's, without the `prismaArchitect.'
;; prefix) go in `eglot-workspace-configuration', see README.md.
;;
;; Emacs has no Prisma major mode of its own.  When none is installed (such as
;; prisma-mode from MELPA, loaded before this file), a minimal one is defined
;; here: comments and strings, nothing more.

;;; Code:

(require 'eglot)

(defgroup prisma-architect nil
  "The prisma-architect language server for Prisma schemas."
  :group 'languages
  :prefix "prisma-architect-")

(defcustom prisma-architect-server-command '("prisma-architect" "server")
  "The command that starts the language server on stdio.
Another interpreter: (\"/path/to/python\" \"-m\" \"server\")."
  :type '(repeat string))

(unless (fboundp 'prisma-mode)
  (defvar prisma-architect-mode-syntax-table
    (let ((table (make-syntax-table)))
      (modify-syntax-entry ?/ ". 12" table)
      (modify-syntax-entry ?\n ">" table)
      (modify-syntax-entry ?\" "\"" table)
      (modify-syntax-entry ?@ "_" table)
      table)
    "Syntax of Prisma schemas: `//' comments and double-quoted strings.")

  (define-derived-mode prisma-mode prog-mode "Prisma"
    "Minimal major mode for Prisma schemas (defined by prisma-architect.el)."
    :syntax-table prisma-architect-mode-syntax-table
    (setq-local comment-start "// ")
    (setq-local comment-start-skip "//+[ \t]*")
    (setq-local indent-tabs-mode nil)
    (setq-local tab-width 2))

  (add-to-list 'auto-mode-alist '("\\.prisma\\'" . prisma-mode)))

(defun prisma-architect--contact (&optional _interactive)
  "The server command, read when Eglot starts (so later changes apply)."
  prisma-architect-server-command)

;; First in the list, so it wins over any other Prisma server Eglot knows.
(add-to-list 'eglot-server-programs '(prisma-mode . prisma-architect--contact))

(provide 'prisma-architect)

;;; prisma-architect.el ends here

;;; eglot_e2e.el --- drive Eglot + Flymake headless, record what they saw -*- lexical-binding: t -*-

;; timeout 60 emacs --batch -q -l tests/editors/eglot_e2e.el SCHEMA
;;
;; Loads editors/emacs/prisma-architect.el (PA_EL), starts Eglot on SCHEMA
;; with the server command PA_SERVER (a JSON array; default: the
;; configuration's, `prisma-architect server' from PATH) and the settings
;; PA_SETTINGS (a JSON object, as `eglot-workspace-configuration'), waits for
;; the finding PA_CODE through Flymake (and for PA_ABSENT to be gone: Eglot
;; sends the settings only after opening the buffer), asks for hover at
;; PA_LINE/PA_COL (0-based), runs `eglot-code-actions' over the finding and
;; picks PA_TITLE from its menu, then waits for the finding to go.  The record
;; is written as JSON to PA_OUT after every step; tests/editors/test_emacs.py
;; asserts on it.  Exit 0 when the script ran to the end, 2 on an error.
;;
;; Batch Emacs never runs `post-command-hook' or idle timers, so three things
;; Eglot and Flymake do from those are done here by hand: connecting
;; (`eglot-ensure' waits for a command), starting Flymake's checks, and
;; sending the buffer's changes (`eglot--signal-textDocument/didChange', the
;; function Eglot's idle timer calls).

(require 'cl-lib)
(require 'json)
(require 'subr-x)

(defvar e2e-record nil "What was seen, an alist encoded as the result file.")
(defvar e2e-out (or (getenv "PA_OUT") (error "PA_OUT is not set")))
(defvar e2e-timeout (/ (string-to-number (or (getenv "PA_TIMEOUT_MS") "20000")) 1000.0))

(defun e2e-save ()
  (let ((json-encoding-pretty-print nil))
    (with-temp-file e2e-out (insert (json-encode e2e-record)))))

(defun e2e-put (key value)
  (setf (alist-get key e2e-record) value)
  (e2e-save))

(defvar e2e-started (float-time))

(defun e2e-step (name)
  "Record that step NAME starts, and when (seconds since this file was loaded)."
  (setf (alist-get (intern name) (alist-get 'seconds e2e-record))
        (- (float-time) e2e-started))
  (e2e-put 'steps (vconcat (alist-get 'steps e2e-record) (list name))))

(defun e2e-bool (value) (if value t :json-false))

(defun e2e-line-col (pos)
  (save-excursion
    (goto-char pos)
    (vector (1- (line-number-at-pos)) (current-column))))

(defun e2e-diagnostics ()
  "Flymake's diagnostics of the buffer, in buffer order, as JSON-ready alists."
  (vconcat
   (mapcar (lambda (d)
             `((start . ,(e2e-line-col (flymake-diagnostic-beg d)))
               (end . ,(e2e-line-col (flymake-diagnostic-end d)))
               (type . ,(symbol-name (flymake-diagnostic-type d)))
               (text . ,(flymake-diagnostic-text d))))
           (sort (flymake-diagnostics)
                 (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))

(defun e2e-has (code)
  (let ((tag (format "[%s]:" code)))
    (cl-some (lambda (d) (string-search tag (flymake-diagnostic-text d)))
             (flymake-diagnostics))))

(defun e2e-wait (predicate)
  "Pump the server's output and Flymake until PREDICATE holds or time is up."
  (let ((start (float-time)) (done nil))
    (while (and (not (setq done (funcall predicate)))
                (< (- (float-time) start) e2e-timeout))
      (accept-process-output nil 0.05)
      (flymake-start))
    (e2e-bool done)))

(defun e2e-fail (fmt &rest args)
  (let ((message (apply #'format fmt args)))
    (e2e-put 'error message)
    (princ (concat message "\n") #'external-debugging-output)
    (kill-emacs 2)))

(defun e2e-run (file)
  (let* ((code (getenv "PA_CODE"))
         (absent (getenv "PA_ABSENT"))
         (line (string-to-number (getenv "PA_LINE")))
         (col (string-to-number (getenv "PA_COL")))
         (wanted (getenv "PA_TITLE"))
         (buffer (find-file-noselect (expand-file-name file)))
         server)
    (e2e-put 'emacs emacs-version)
    (e2e-put 'eglot (file-name-nondirectory
                     (directory-file-name (file-name-directory (locate-library "eglot")))))
    (with-current-buffer buffer
      (e2e-put 'mode (symbol-name major-mode))
      (e2e-step "connect")
      (setq eglot-sync-connect t)
      (apply #'eglot (eglot--guess-contact))
      (setq server (eglot-current-server))
      (unless server (e2e-fail "Eglot did not connect"))
      (e2e-put 'server (plist-get (eglot--server-info server) :name))
      (flymake-start)

      (e2e-step "wait for diagnostics")
      (e2e-put 'waited_for_diagnostics
               (e2e-wait (lambda () (and (e2e-has code) (not (and absent (e2e-has absent)))))))
      (e2e-put 'diagnostics (e2e-diagnostics))

      (goto-char (point-min))
      (forward-line line)
      (forward-char col)
      (e2e-step "hover")
      (let ((hover (jsonrpc-request server :textDocument/hover
                                    (eglot--TextDocumentPositionParams))))
        (e2e-put 'hover `((kind . ,(plist-get (plist-get hover :contents) :kind))
                          (value . ,(plist-get (plist-get hover :contents) :value)))))

      ;; The user's path: M-x eglot-code-actions over the finding, then its menu.
      (e2e-step "code action")
      (let* ((finding (cl-find-if (lambda (d) (string-search (format "[%s]:" code)
                                                             (flymake-diagnostic-text d)))
                                  (flymake-diagnostics)))
             (tick (buffer-chars-modified-tick))
             (last-nonmenu-event 13)) ; a key, not a mouse click: no popup menu
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest _)
                     (e2e-put 'actions (vconcat (mapcar #'car collection)))
                     wanted)))
          (eglot-code-actions (flymake-diagnostic-beg finding)
                              (flymake-diagnostic-end finding) nil t))
        (e2e-put 'applied (e2e-bool (/= tick (buffer-chars-modified-tick)))))
      (e2e-put 'text (buffer-substring-no-properties (point-min) (point-max)))
      (e2e-put 'modified (e2e-bool (buffer-modified-p)))

      (e2e-step "wait for the finding to go")
      (eglot--signal-textDocument/didChange)
      (e2e-put 'finding_gone (e2e-wait (lambda () (not (e2e-has code)))))
      (e2e-put 'diagnostics_after (e2e-diagnostics))

      (e2e-step "done")
      (ignore-errors (eglot-shutdown server))
      (set-buffer-modified-p nil)
      (kill-emacs 0))))

(condition-case err
    (progn
      (load (or (getenv "PA_EL") (error "PA_EL is not set")) nil t)
      (when (getenv "PA_SERVER")
        (setq prisma-architect-server-command
              (append (json-parse-string (getenv "PA_SERVER") :array-type 'array) nil)))
      (setq-default eglot-workspace-configuration
                    (list (cons :prismaArchitect
                                (json-parse-string (or (getenv "PA_SETTINGS") "{}")
                                                   :object-type 'plist :array-type 'array))))
      (let ((file (car command-line-args-left)))
        (setq command-line-args-left nil) ; Emacs must not visit FILE again
        (e2e-run file)))
  (error (e2e-fail "error: %S" err)))

;;; eglot_e2e.el ends here

;;; eglot-e2e.el --- drive velo-lsp through Eglot in batch mode  -*- lexical-binding: t; -*-
;;
;; Run by eglot_e2e_test.go:  emacs --batch -q -l eglot-e2e.el
;; Environment: VELO_LSP_BIN, VELO_FILE (an events.js to open), VELO_OUT
;; (where the JSON results go).  Registers velo-lsp the way the README tells
;; users to, opens the file, waits for diagnostics, asks for a completion and
;; a hover, writes what it saw and exits.

(require 'eglot)
(require 'js)
(require 'json)

(defvar velo-results nil)
(defvar velo-diagnostics nil)

(defun velo-put (key value)
  (push (cons key value) velo-results))

(defun velo-finish ()
  (with-temp-file (getenv "VELO_OUT")
    (insert (json-encode velo-results)))
  (kill-emacs 0))

;; The README's snippet, with the binary under test.
(add-to-list 'eglot-server-programs
             `(js-mode . (,(getenv "VELO_LSP_BIN") "serve"
                          :initializationOptions (:veloLsp (:rules (:VELO002 "warning"))))))

;; Record every publishDiagnostics for our file (flymake's display needs a
;; live frame).
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (and (eq method 'textDocument/publishDiagnostics)
                         (equal (file-truename (eglot--uri-to-path (plist-get params :uri)))
                                (file-truename (getenv "VELO_FILE"))))
                (push (plist-get params :diagnostics) velo-diagnostics))))

(defun velo-wait (pred seconds what)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall pred)
      (error "timed out waiting for %s" what))))

(condition-case err
    (progn
      (velo-put 'emacs emacs-version)
      (velo-put 'eglot (with-temp-buffer
                         (insert-file-contents (locate-library "eglot.el"))
                         (if (re-search-forward "^;; Version: \\(.*\\)$" nil t) (match-string 1) "?")))
      (find-file (getenv "VELO_FILE"))
      (velo-put 'major_mode (symbol-name major-mode))
      (apply #'eglot--connect (eglot--guess-contact))
      (let ((server (eglot-current-server)))
        (unless server (error "eglot did not connect"))
        (velo-wait (lambda () velo-diagnostics) 20 "diagnostics")
        (velo-put 'diagnostics
                  (mapcar (lambda (d)
                            (let ((start (plist-get (plist-get d :range) :start)))
                              `((code . ,(plist-get d :code))
                                (message . ,(plist-get d :message))
                                (line . ,(plist-get start :line))
                                (character . ,(plist-get start :character)))))
                          (car velo-diagnostics)))
        ;; Completion at the end of a freshly typed handler prefix.
        (goto-char (point-max))
        (insert "export function wixBilling_onInvoiceC")
        (eglot--signal-textDocument/didChange)
        (let* ((res (jsonrpc-request server :textDocument/completion
                                     (eglot--TextDocumentPositionParams)))
               (items (if (vectorp res) res (plist-get res :items))))
          (velo-put 'completion (mapcar (lambda (it) (plist-get it :label)) items)))
        ;; Hover on the correctly spelled handler.
        (goto-char (point-min))
        (search-forward "wixBilling_onInvoicePaid")
        (backward-char 3)
        (let* ((res (jsonrpc-request server :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
               (contents (plist-get res :contents)))
          (velo-put 'hover (if (stringp contents) contents (plist-get contents :value))))))
  (error (velo-put 'error (error-message-string err))))
(velo-finish)
;;; eglot-e2e.el ends here

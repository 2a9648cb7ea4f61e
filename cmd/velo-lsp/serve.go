package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/velo-lsp/velo-lsp/lsp"
)

func init() {
	register("serve", command{summary: "run the language server on stdin/stdout", run: runServe})
}

// stdio joins stdin and stdout into the connection the server speaks on.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return os.Stdin.Close() }

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "speak LSP over stdin/stdout (the only transport; accepted for editors that pass it)")
	logFile := fs.String("log-file", "", "write the log to this file instead of stderr")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: velo-lsp serve [--stdio] [--log-file FILE] [--log-level LEVEL]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	log, closeLog, err := lsp.NewLogger(stderr, *logFile, *logLevel)
	if err != nil {
		fmt.Fprintln(stderr, "velo-lsp serve:", err)
		return 2
	}
	defer closeLog()
	ctx, stop := stopSignals(context.Background())
	defer stop()
	return lsp.Serve(ctx, stdio{stdin, stdout}, lsp.Options{Logger: log, Version: version})
}

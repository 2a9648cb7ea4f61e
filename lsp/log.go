package lsp

import (
	"fmt"
	"io"
	"os"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// NewLogger returns the server's logger: JSON-free console lines to the
// file at path (appending) when path is set, else to w (stderr). Never
// stdout: stdout carries the protocol. level is debug, info, warn or error.
// The returned function flushes and closes the log.
func NewLogger(w io.Writer, path, level string) (*zap.Logger, func(), error) {
	var lvl zapcore.Level
	switch strings.ToLower(level) {
	case "", "info":
		lvl = zapcore.InfoLevel
	case "debug", "trace":
		lvl = zapcore.DebugLevel
	case "warn", "warning":
		lvl = zapcore.WarnLevel
	case "error":
		lvl = zapcore.ErrorLevel
	default:
		return nil, nil, fmt.Errorf("unknown log level %q (want debug, info, warn or error)", level)
	}
	closeFn := func() {}
	if path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("opening the log file: %w", err)
		}
		w = f
		closeFn = func() { _ = f.Close() }
	}
	enc := zap.NewDevelopmentEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.AddSync(zapcore.Lock(zapcore.AddSync(w))), lvl)
	log := zap.New(core, zap.ErrorOutput(zapcore.AddSync(w)))
	return log, func() { _ = log.Sync(); closeFn() }, nil
}

//go:build !wasip1

package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals returns a context that ends on SIGINT or SIGTERM, so that
// `serve` stops its work and exits when an editor or the npm launcher asks.
func stopSignals(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

//go:build wasip1

package main

import "context"

// stopSignals does not watch signals under WASI: none are ever delivered to
// a wasip1 program (the host's default action ends the whole process), and
// os/signal's watcher there waits by yielding in a loop, so the scheduler is
// never idle and never polls stdin: `serve` under the npm launcher's
// WebAssembly fallback stopped after the first message.
func stopSignals(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(ctx)
}

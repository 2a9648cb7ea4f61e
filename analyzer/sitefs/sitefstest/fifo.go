// Package sitefstest helps tests of the guarded opener's promises make the
// files those promises are about, on every platform the tests build for.
package sitefstest

import "errors"

// ErrNoFIFO: the platform has no named pipes in its file system (Windows,
// WASI); tests that need one skip.
var ErrNoFIFO = errors.New("no named pipes in this file system")

// MakeFIFO creates a named pipe at path (mode 0644), or returns ErrNoFIFO
// or the system's error.
func MakeFIFO(path string) error { return makeFIFO(path) }

//go:build unix

package sitefstest

import "syscall"

// mknod with S_IFIFO: every Unix has it (Mkfifo is missing from Go's
// syscall package on some, macOS among them).
func makeFIFO(path string) error { return syscall.Mknod(path, syscall.S_IFIFO|0o644, 0) }

//go:build unix

package sitefs

import "syscall"

// nonBlock makes opening a named pipe return at once instead of waiting for
// a writer; fstat then refuses it. Reads of regular files ignore the flag.
const nonBlock = syscall.O_NONBLOCK

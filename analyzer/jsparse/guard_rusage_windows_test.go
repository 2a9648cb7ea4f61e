package jsparse

import (
	"os"
	"syscall"
	"time"
)

// cpuTime is this process's CPU time so far, user and system, all threads.
func cpuTime() time.Duration {
	h, err := syscall.GetCurrentProcess()
	if err != nil {
		return 0
	}
	var created, exited, kernel, user syscall.Filetime
	if syscall.GetProcessTimes(h, &created, &exited, &kernel, &user) != nil {
		return 0
	}
	// Filetime counts 100 ns intervals.
	ticks := func(f syscall.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) }
	return time.Duration((ticks(kernel) + ticks(user)) * 100)
}

// maxRSSKB is a finished child's peak resident set, in KiB; Windows does
// not report it through os.ProcessState.
func maxRSSKB(*os.ProcessState) int64 { return 0 }

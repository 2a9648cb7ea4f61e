//go:build !unix && !windows

package jsparse

import (
	"os"
	"time"
)

// cpuTime is 0 where the platform reports no CPU time (WASI, js): the
// tests' CPU bounds then hold trivially there.
func cpuTime() time.Duration { return 0 }

func maxRSSKB(*os.ProcessState) int64 { return 0 }

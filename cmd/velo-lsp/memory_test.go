package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestHeapLimitFor(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, baseHeapLimit},
		{40 << 20, baseHeapLimit},              // 60 MiB with room: under the base
		{baseHeapLimit * 2 / 3, baseHeapLimit}, // exactly the base
		{100 << 20, 150 << 20},                 // half the live heap as room
	} {
		if got := heapLimitFor(tc.live); got != tc.want {
			t.Errorf("heapLimitFor(%d MiB) = %d MiB, want %d MiB", tc.live>>20, got>>20, tc.want>>20)
		}
	}
}

// TestLimitMemoryRisesWithTheLiveHeap keeps 96 MiB live: the limit must
// leave it room (144 MiB) instead of pinning the collector at the base.
func TestLimitMemoryRisesWithTheLiveHeap(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(math.MaxInt64)
	stop := limitMemory()
	defer stop()
	if got := debug.SetMemoryLimit(-1); got != baseHeapLimit {
		t.Fatalf("limit at start = %d MiB, want %d MiB", got>>20, baseHeapLimit>>20)
	}
	live := make([]byte, 96<<20)
	for i := range live {
		live[i] = byte(i)
	}
	runtime.GC() // the live-heap figure is updated by a collection
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) < 144<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("limit = %d MiB with 96 MiB live, want at least 144 MiB", debug.SetMemoryLimit(-1)>>20)
		}
		time.Sleep(5 * time.Millisecond)
	}
	runtime.KeepAlive(live)
}

func TestLimitMemoryLeavesGOMEMLIMITAlone(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "500MiB")
	before := debug.SetMemoryLimit(-1)
	stop := limitMemory()
	defer stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit changed from %d to %d with GOMEMLIMIT set", before, got)
	}
}

package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// check's soft heap limit: a typical repository stays under 100 MB of RSS,
// and a large one does not pay for that with a collector that never rests.
//
// Analysis makes much short-lived garbage (esbuild's ASTs and printed
// output), while what check keeps for the report (the findings, and the text
// of each file with findings) grows with the repository: 35 to 45 MB of live
// heap after 2,000 generated events files. With Go's default GOGC the heap
// grows to twice the live data between collections, and those 2,000 files
// peak at 150 MB. A fixed soft limit holds them under 100 MB, but once the
// kept results come near it the collector runs almost without pause: on
// 5,000 files an 88 MiB limit took twice the CPU time of no limit. So the
// limit starts at baseHeapLimit and, while check runs, rises to keep at
// least half the live heap as room for garbage (what GOGC=50 would give).
const (
	baseHeapLimit = 80 << 20 // bytes; RSS is about 10 MB more (the binary, stacks)
	// heapRoomDivisor: the limit stays at least live + live/heapRoomDivisor.
	heapRoomDivisor = 2
	// heapSampleEvery is how often the live heap is read. The runtime
	// updates the figure at the end of each collection; near the limit
	// those come every few milliseconds.
	heapSampleEvery = 10 * time.Millisecond
)

// heapLimitFor is the soft limit (bytes) for a live heap of live bytes.
func heapLimitFor(live uint64) int64 {
	want := live + live/heapRoomDivisor
	if want < baseHeapLimit {
		return baseHeapLimit
	}
	return int64(want)
}

// limitMemory sets check's soft heap limit and keeps raising it with the
// live heap until the returned function is called. GOMEMLIMIT in the
// environment overrides all of it.
func limitMemory() (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := heapLimitFor(0)
	debug.SetMemoryLimit(limit)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(heapSampleEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return // not this runtime's metric: keep the base limit
			}
			// The live heap only grows while check runs (results are
			// kept), so the limit only rises.
			if want := heapLimitFor(sample[0].Value.Uint64()); want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

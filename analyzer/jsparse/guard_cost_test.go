package jsparse

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestGuardCost prints esbuild's CPU time (Transform as Validate runs it,
// and as Check runs it) per shape and size, in this process:
//
//	VELO_GUARD_COST='shape name,other shape' VELO_GUARD_COST_N=1000,2000 go test -run TestGuardCost -v
func TestGuardCost(t *testing.T) {
	names := os.Getenv("VELO_GUARD_COST")
	if names == "" {
		t.Skip("set VELO_GUARD_COST to shape names")
	}
	ns := []int{500, 1000, 2000, 4000}
	if v := os.Getenv("VELO_GUARD_COST_N"); v != "" {
		ns = nil
		for _, f := range strings.Split(v, ",") {
			var n int
			fmt.Sscan(f, &n)
			ns = append(ns, n)
		}
	}
	for _, name := range strings.Split(names, ",") {
		sh, ok := shapeByName(name)
		if !ok {
			t.Fatalf("no shape %q", name)
		}
		for _, n := range ns {
			src := []byte(sh.gen(n))
			best := [2]float64{1e18, 1e18}
			var alloc uint64
			for rep := 0; rep < 3; rep++ {
				for m, minify := range []bool{false, true} {
					var m0, m1 runtime.MemStats
					runtime.ReadMemStats(&m0)
					c0 := cpuTime()
					transform(src, string(src), sh.lang, minify)
					if d := float64(cpuTime()-c0) / 1e6; d < best[m] {
						best[m] = d
					}
					runtime.ReadMemStats(&m1)
					alloc = m1.TotalAlloc - m0.TotalAlloc
				}
			}
			verdict := "accepted"
			if c := Complexity(src, sh.lang); c != nil {
				verdict = c.Error()
			}
			t.Logf("%-30s n=%-7d %7d bytes  Validate %8.1f ms  Check %8.1f ms (allocates %d MB)  guard: %s", name, n, len(src), best[0], best[1], alloc>>20, verdict)
		}
	}
}

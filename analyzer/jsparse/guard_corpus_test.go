package jsparse

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var _ = time.Second

// TestGuardRealCode walks a directory of real JavaScript and TypeScript
// (VELO_GUARD_CORPUS=dir) and reports every file the guard refuses and, per
// measure, the largest value found as a share of its limit: the headroom
// the limits leave real code. With VELO_GUARD_CORPUS_TIME=1 it also times
// the guard against esbuild's Transform on each file.
func TestGuardRealCode(t *testing.T) {
	root := os.Getenv("VELO_GUARD_CORPUS")
	if root == "" {
		t.Skip("set VELO_GUARD_CORPUS=dir to measure real code")
	}
	type top struct {
		share float64
		value int
		file  string
	}
	var tops [numGShapes]top
	var files, refused, bytes int
	var guardTime, esbuildTime time.Duration
	timing := os.Getenv("VELO_GUARD_CORPUS_TIME") != ""
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		ext := filepath.Ext(p)
		if ext != ".js" && ext != ".mjs" && ext != ".cjs" && ext != ".ts" && ext != ".jsw" || strings.HasSuffix(p, ".d.ts") {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > 4<<20 || info.Size() == 0 {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		lang := LangFromPath(p)
		files++
		bytes += len(src)
		t0 := cpuTime()
		w := walkSource(src, lang)
		c := w.verdict()
		guardTime += cpuTime() - t0
		if timing {
			t1 := cpuTime()
			transform(src, string(src), lang, false)
			esbuildTime += cpuTime() - t1
		}
		if c != nil {
			refused++
			t.Logf("refused %s (%d bytes): %s", p, len(src), c.Error())
		}
		lim := w.limits()
		for s := gShape(0); s < numGShapes; s++ {
			v, _, _ := w.value(s)
			if sh := float64(v) / float64(lim[s]); sh > tops[s].share {
				tops[s] = top{sh, v, p}
			}
		}
		return nil
	})
	t.Logf("%d files, %d MB, %d refused", files, bytes>>20, refused)
	var lines []string
	for s := gShape(0); s < numGShapes; s++ {
		lines = append(lines, fmt.Sprintf("%-13s largest %5.1f%% of its limit (%d) in %s", gShapeNames[s], 100*tops[s].share, tops[s].value, tops[s].file))
	}
	sort.Strings(lines)
	for _, l := range lines {
		t.Log(l)
	}
	if timing {
		t.Logf("CPU time: guard %v, esbuild Transform %v (%.1f%%)", guardTime, esbuildTime, 100*float64(guardTime)/float64(esbuildTime))
	}
}

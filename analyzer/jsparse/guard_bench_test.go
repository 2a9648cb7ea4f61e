package jsparse

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

// BenchmarkGuard is the guard alone on the generated events files of
// BenchmarkValidate (whose Transform it precedes): compare the two.
func BenchmarkGuard(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if c := Complexity(src, LangJS); c != nil {
			b.Fatal(c.Error())
		}
	})
}

// BenchmarkGuardTransform is the Transform that Validate runs after the
// guard, without the guard.
func BenchmarkGuardTransform(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if v, _ := transform(src, string(src), LangJS, false); v.Error != nil {
			b.Fatal(v.Error.Message)
		}
	})
}

// BenchmarkCheckGuard prices the guard where it runs: Check (the guard,
// then esbuild's Transform and the scan) against the same call without
// the guard, side by side on the same generated events files, plus the
// files of VELO_GUARD_CORPUS (a directory of real events files) when set:
//
//	for i in 1 2 3 4 5; do go test -run - -bench CheckGuard ./analyzer/jsparse/; done
//
// (separate runs interleave the two sides; read cpu-ns/op).
func BenchmarkCheckGuard(b *testing.B) {
	type input struct {
		name  string
		srcs  [][]byte
		langs []Lang
	}
	inputs := []input{
		{"200lines", [][]byte{corpus.GenerateFile(42, 200).Text}, []Lang{LangJS}},
		{"2000lines", [][]byte{corpus.GenerateFile(42, 2000).Text}, []Lang{LangJS}},
	}
	if dir := os.Getenv("VELO_GUARD_CORPUS"); dir != "" {
		var srcs [][]byte
		var langs []Lang
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".ts")) {
				if src, err := os.ReadFile(p); err == nil {
					srcs, langs = append(srcs, src), append(langs, LangFromPath(p))
				}
			}
			return nil
		})
		inputs = append(inputs, input{"realcode", srcs, langs})
	}
	for _, in := range inputs {
		n := 0
		for _, src := range in.srcs {
			n += len(src)
		}
		for _, guarded := range []bool{true, false} {
			name := in.name + "/guard"
			if !guarded {
				name = in.name + "/noguard"
			}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(n))
				b.ReportAllocs()
				// CPU time, all threads (Check scans while esbuild
				// transforms): steadier than wall time on a shared machine.
				c0 := cpuTime()
				defer func() { b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op") }()
				for i := 0; i < b.N; i++ {
					for k, src := range in.srcs {
						lang := in.langs[k]
						if guarded {
							Check("events.js", src, lang)
						} else {
							checkGuarded(lexShared(src, lang), lang, true) // the lexing is the scan's
						}
					}
				}
			})
		}
	}
}

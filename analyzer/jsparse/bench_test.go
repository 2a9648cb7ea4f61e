package jsparse

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

func benchSizes(b *testing.B, fn func(b *testing.B, src []byte)) {
	for _, lines := range []int{200, 2000} {
		f := corpus.GenerateFile(42, lines)
		b.Run(strconv.Itoa(lines)+"lines", func(b *testing.B) {
			b.SetBytes(int64(len(f.Text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				fn(b, f.Text)
			}
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if v := Validate("events.js", src, LangJS); v.Error != nil {
			b.Fatal(v.Error.Message)
		}
	})
}

// BenchmarkLex is the lexer alone.
func BenchmarkLex(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if toks := Lex(src, LangJS).List; len(toks) < 100 {
			b.Fatal("few tokens")
		}
	})
}

// BenchmarkParse is the scanner (lexer included).
func BenchmarkParse(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if f := Parse(src, LangJS); len(f.Exports) == 0 || f.HasErrors {
			b.Fatal("bad parse")
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if v, f := Check("events.js", src, LangJS); v.Error != nil || len(f.Exports) == 0 {
			b.Fatal("bad check")
		}
	})
}

// corpusFiles is the benchmark corpus: 2,000 generated events files.
var corpusFiles = sync.OnceValue(func() []corpus.File { return corpus.Generate(1, 2000) })

// smallFiles are 2,000 small events files (about 50 lines: five handlers
// and their imports).
var smallFiles = sync.OnceValue(func() []corpus.File {
	out := make([]corpus.File, 2000)
	for i := range out {
		out[i] = corpus.GenerateFile(int64(i), 20)
		out[i].Name = "events-" + strconv.Itoa(i) + ".js"
	}
	return out
})

// overCorpus runs fn on every corpus file with two goroutines (the machine
// has two cores) and reports ms/file and the process's peak RSS.
func overCorpus(b *testing.B, fn func(f corpus.File)) {
	overFiles(b, corpusFiles(), fn)
}

func overFiles(b *testing.B, files []corpus.File, fn func(f corpus.File)) {
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		next := make(chan corpus.File)
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range next {
					fn(f)
				}
			}()
		}
		for _, f := range files {
			next <- f
		}
		close(next)
		wg.Wait()
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N)/float64(len(files)), "ms/file")
	// CPU time is steadier than wall time on a shared machine.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N)/float64(len(files)), "cpu-ms/file")
	if hwm := peakRSSMB(); hwm > 0 {
		b.ReportMetric(hwm, "peakRSS-MB")
	}
}

// BenchmarkTransformFloor is the floor `check` is compared against: esbuild
// Transform only, default options, over 2,000 corpus files, two goroutines.
func BenchmarkTransformFloor(b *testing.B) {
	overCorpus(b, transformOnly)
}

func transformOnly(f corpus.File) {
	loader := api.LoaderJS
	if LangFromPath(f.Name) == LangTS {
		loader = api.LoaderTS
	}
	api.Transform(string(f.Text), api.TransformOptions{Loader: loader})
}

// BenchmarkTransformFloorSmall is the floor over 2,000 small files.
func BenchmarkTransformFloorSmall(b *testing.B) {
	overFiles(b, smallFiles(), transformOnly)
}

// BenchmarkCorpusCheckSmall is Check over 2,000 small files.
func BenchmarkCorpusCheckSmall(b *testing.B) {
	overFiles(b, smallFiles(), func(f corpus.File) {
		Check(f.Name, f.Text, LangFromPath(f.Name))
	})
}

// BenchmarkCorpusCheckSequential is Check with the scan after the
// Transform instead of beside it.
func BenchmarkCorpusCheckSequential(b *testing.B) {
	checkConcurrently = false
	defer func() { checkConcurrently = true }()
	overCorpus(b, func(f corpus.File) {
		Check(f.Name, f.Text, LangFromPath(f.Name))
	})
}

// BenchmarkCorpusCheck is this package's share of `check`: Validate and
// Parse on every corpus file, same setup as the floor.
func BenchmarkCorpusCheck(b *testing.B) {
	overCorpus(b, func(f corpus.File) {
		Check(f.Name, f.Text, LangFromPath(f.Name))
	})
}

// BenchmarkCorpusParse is the scanner alone over the corpus.
func BenchmarkCorpusParse(b *testing.B) {
	overCorpus(b, func(f corpus.File) {
		Parse(f.Text, LangFromPath(f.Name))
	})
}

func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("VmHWM:")) {
			fields := bytes.Fields(line[len("VmHWM:"):])
			if len(fields) > 0 {
				kb, _ := strconv.ParseFloat(string(fields[0]), 64)
				return kb / 1024
			}
		}
	}
	return 0
}

// BenchmarkCorpusTransformCheckOptions is the Transform with Check's own
// options (ESM output, whitespace minified), no scan: Check's floor.
func BenchmarkCorpusTransformCheckOptions(b *testing.B) {
	overCorpus(b, func(f corpus.File) {
		transform(f.Text, string(f.Text), LangFromPath(f.Name), true)
	})
}

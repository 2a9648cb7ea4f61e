//go:build treesitter

package jsparse

import (
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

// The tree-sitter side of the benchmarks, to run beside the scanner's in
// one `go test -tags treesitter -bench` run.

func BenchmarkParseTreeSitter(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if f := ParseTreeSitter(src, LangJS); len(f.Exports) == 0 || f.HasErrors {
			b.Fatal("bad parse")
		}
	})
}

func BenchmarkCheckTreeSitter(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if v, f := CheckTreeSitter("events.js", src, LangJS); v.Error != nil || len(f.Exports) == 0 {
			b.Fatal("bad check")
		}
	})
}

func BenchmarkCorpusParseTreeSitter(b *testing.B) {
	overCorpus(b, func(f corpus.File) {
		ParseTreeSitter(f.Text, LangFromPath(f.Name))
	})
}

func BenchmarkCorpusCheckTreeSitter(b *testing.B) {
	overCorpus(b, func(f corpus.File) {
		CheckTreeSitter(f.Name, f.Text, LangFromPath(f.Name))
	})
}

func BenchmarkCorpusCheckSmallTreeSitter(b *testing.B) {
	overFiles(b, smallFiles(), func(f corpus.File) {
		CheckTreeSitter(f.Name, f.Text, LangFromPath(f.Name))
	})
}

package analyzer_test

import (
	"context"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

// BenchmarkAnalyzeRepo checks 200 generated sites in memory (the in-process
// part of `check`; go run ./analyzer/internal/bench compares the whole
// command with its floor).
func BenchmarkAnalyzeRepo(b *testing.B) {
	fsys := corpus.Sites(corpus.Generate(1, 200))
	cfg := analyzer.Config{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := analyzer.AnalyzeRepo(context.Background(), fsys, cfg)
		if err != nil || res.EventsFiles != 200 {
			b.Fatal(err, res.EventsFiles)
		}
	}
}

package main

import (
	"io"
	"os"
	"testing"
)

func BenchmarkZZCheck(b *testing.B) {
	dir := os.Getenv("VELO_BENCH_DIR")
	if dir == "" {
		b.Skip()
	}
	for i := 0; i < b.N; i++ {
		run([]string{"check", "--format", "json", dir}, nil, io.Discard, io.Discard)
	}
}

// Command latency measures editor latency of `velo-lsp serve` end to end,
// as an editor sees it: a client over the child process's stdin and stdout
// opens a generated 2,000-line events file in a site folder and types into
// it, one keystroke at a time, waiting for each keystroke's diagnostics
// before the next.
//
//	go run ./lsp/internal/latency                  # builds ./cmd/velo-lsp, one session
//	go run ./lsp/internal/latency -bin /tmp/old -bin /tmp/new -rounds 3   # side by side, in turn
//
// It prints, per kind of edit, p50/p90/max of didChange → the
// publishDiagnostics of that version; p50/p90/max of completion requests;
// and the server's VmHWM and VmRSS. It is a program, not a benchmark: a
// session is one child process running several scripted scenarios with
// percentiles over hundreds of edits each, which b.N does not model, and
// several binaries (or environments, such as GOGC) can be measured in one
// run and printed side by side. There is no pass or fail: the machines are
// shared and noisy, so compare columns of one run. latency_test.go checks
// the harness itself (every edit answered, the misspellings seen, the
// final diagnostics equal to `velo-lsp check --format json`).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

type binFlag []string

func (b *binFlag) String() string     { return strings.Join(*b, ", ") }
func (b *binFlag) Set(v string) error { *b = append(*b, v); return nil }

func main() {
	var bins binFlag
	flag.Var(&bins, "bin", "velo-lsp binary to measure, optionally followed by environment settings (\"/tmp/velo-lsp GOGC=50\"); repeat to compare side by side (default: build ./cmd/velo-lsp)")
	lines := flag.Int("lines", 2000, "lines of the generated events file")
	edits := flag.Int("edits", 200, "at least this many edits per kind of edit")
	completions := flag.Int("completions", 200, "completion requests per kind")
	rounds := flag.Int("rounds", 1, "sessions per binary, run in turn ([1] [2] [1] [2] …) so that a change in the machine's load falls on every column; their samples are pooled")
	flag.Parse()

	if len(bins) == 0 {
		dir, err := os.MkdirTemp("", "velo-lsp-latency-")
		if err != nil {
			fatal(err)
		}
		defer os.RemoveAll(dir)
		bin, err := build(dir)
		if err != nil {
			fatal(err)
		}
		bins = append(bins, bin)
	}
	results := make([]*result, len(bins))
	for round := 0; round < *rounds; round++ {
		for i, b := range bins {
			f := strings.Fields(b)
			cfg := config{bin: f[0], env: f[1:], lines: *lines, edits: *edits, completions: *completions}
			fmt.Fprintf(os.Stderr, "latency: round %d, measuring %s …\n", round+1, b)
			r, err := session(cfg)
			if err != nil {
				fatal(fmt.Errorf("%s: %w", b, err))
			}
			if results[i] == nil {
				results[i] = r
			} else {
				results[i].pool(r)
			}
		}
	}
	report(os.Stdout, bins, *rounds, results)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "latency:", err)
	os.Exit(1)
}

// build compiles ./cmd/velo-lsp of this module into dir.
func build(dir string) (string, error) {
	bin := filepath.Join(dir, "velo-lsp")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/velo-lsp/velo-lsp/cmd/velo-lsp").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// report prints one block per measure, one column group per binary, and
// the ratio of each p50 to the first binary's.
func report(w *os.File, bins []string, rounds int, rs []*result) {
	r0 := rs[0]
	fmt.Fprintf(w, "velo-lsp serve over stdio: %d-line events file (%d bytes), %d session(s) per binary, GOMAXPROCS %d, %s\n",
		r0.lines, r0.bytes, rounds, runtime.GOMAXPROCS(0), time.Now().Format("2006-01-02 15:04"))
	for i, b := range bins {
		fmt.Fprintf(w, "  [%d] %s\n", i+1, b)
	}
	fmt.Fprintln(w, "times in ms (n, p50, p90, max); ratio is p50 against [1]; memory in kB, the largest of the sessions")
	type row struct {
		name string
		get  func(*result) []time.Duration
	}
	rows := []row{
		{"didOpen → publish", func(r *result) []time.Duration { return r.open }},
		{"didChange → publish: inside a body", func(r *result) []time.Duration { return r.body }},
		{"didChange → publish: handler name at top level", func(r *result) []time.Duration { return r.top }},
		{"didChange → publish: misspell a handler", func(r *result) []time.Duration { return r.misspell }},
		{"didChange → publish: correct it (memo hit)", func(r *result) []time.Duration { return r.correct }},
		{"completion: handler prefix", func(r *result) []time.Duration { return r.complHandler }},
		{"completion: handler prefix, right after a keystroke", func(r *result) []time.Duration { return r.complHandlerKey }},
		{"completion: event. in a body", func(r *result) []time.Duration { return r.complMember }},
		{"completion: event. right after typing '.'", func(r *result) []time.Duration { return r.complMemberKey }},
		// Less sensitive to the machine's load than wall times: what the
		// server spent on the whole script (every edit and completion
		// after the open), per session.
		{"server CPU time (user+sys), all edits of a session", func(r *result) []time.Duration { return r.cpu }},
	}
	for _, rw := range rows {
		fmt.Fprintf(w, "%-52s", rw.name)
		base := pct(rw.get(r0), 50)
		for i, r := range rs {
			ds := rw.get(r)
			fmt.Fprintf(w, "  [%d] %4d %7.1f %7.1f %7.1f", i+1, len(ds), ms(pct(ds, 50)), ms(pct(ds, 90)), ms(pct(ds, 100)))
			if i > 0 && base > 0 {
				fmt.Fprintf(w, " (%.2fx)", float64(pct(ds, 50))/float64(base))
			}
		}
		fmt.Fprintln(w)
	}
	for _, m := range []struct {
		name string
		get  func(*result) int
	}{
		{"VmHWM after open", func(r *result) int { return r.hwmOpen }},
		{"VmRSS after open", func(r *result) int { return r.rssOpen }},
		{"VmHWM after the edits", func(r *result) int { return r.hwm }},
		{"VmRSS after the edits", func(r *result) int { return r.rss }},
	} {
		fmt.Fprintf(w, "%-52s", m.name)
		for i, r := range rs {
			fmt.Fprintf(w, "  [%d] %8d", i+1, m.get(r))
		}
		fmt.Fprintln(w)
	}
	for i, r := range rs {
		if r.misses > 0 {
			fmt.Fprintf(w, "[%d] WARNING: %d misspellings (or corrections) not reflected in their diagnostics\n", i+1, r.misses)
		}
	}
}

// pct is the p-th percentile (nearest rank) of ds; 100 is the maximum.
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := (p*len(s) + 99) / 100 // ceil(p/100 · n), 1-based
	if k < 1 {
		k = 1
	}
	return s[k-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Command bench measures `velo-lsp check` against its floor, side by side in
// one run: the wall time and peak memory (max RSS) of checking N generated
// events files, and of esbuild's Go API merely transforming the same files
// on two goroutines, on a realistic corpus and on a corpus of small files.
//
//	go run ./analyzer/internal/bench -files 2000 -runs 3
//
// Each measurement runs in a fresh process (this program re-executed with
// -mode, or the velo-lsp binary it builds), so that peak memory is the
// process's own. Figures are medians over -runs; the machines are shared
// and noisy, so read the ratios, not the absolute numbers, and prefer the
// CPU ratio when the machine is busy (wall time then measures the others).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
)

func main() {
	files := flag.Int("files", 2000, "number of generated events files")
	runs := flag.Int("runs", 3, "measurements of each side (median reported)")
	mode := flag.String("mode", "", "internal: 'floor' runs the transform-only floor over -dir")
	dir := flag.String("dir", "", "internal: corpus folder for -mode")
	write := flag.String("write", "", "only write the two corpora under this folder (realistic/, small/) and exit, for profiling")
	flag.Parse()
	if *write != "" {
		if err := writeCorpora(*write, *files); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *mode == "floor" {
		floor(*dir)
		return
	}
	if err := compare(*files, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// floor transforms every events file under dir with esbuild on two
// goroutines and nothing else: the least any checker built on esbuild
// must spend.
func floor(dir string) {
	var paths []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasPrefix(d.Name(), "events.") {
			paths = append(paths, p)
		}
		return nil
	})
	next := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				src, err := os.ReadFile(p)
				if err != nil {
					continue
				}
				loader := api.LoaderJS
				if strings.HasSuffix(p, ".ts") {
					loader = api.LoaderTS
				}
				api.Transform(string(src), api.TransformOptions{Loader: loader, Format: api.FormatESModule, Sourcefile: p})
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	fmt.Println(len(paths))
}

type sample struct {
	wall   time.Duration
	cpu    time.Duration // user + system time of the process
	maxRSS int64         // bytes: the process's VmHWM, sampled every 5 ms
	out    []byte
}

// measure runs name and reports its wall time, CPU time and peak RSS. The
// peak is read from /proc/<pid>/status (VmHWM) while it runs: the rusage
// figure is useless here, since Go starts children with vfork and the
// kernel carries this (large) process's high-water mark into the child's.
func measure(name string, args ...string) (sample, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	var out bytes.Buffer
	cmd.Stdout = &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return sample{}, err
	}
	var hwm atomic.Int64
	done := make(chan struct{})
	go func() {
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
		for {
			if kb := vmHWM(status); kb > hwm.Load() {
				hwm.Store(kb)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 { // check exits 1 on findings
			return sample{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return sample{wall: wall, cpu: cpu, maxRSS: hwm.Load() * 1024, out: out.Bytes()}, nil
}

// vmHWM reads the VmHWM line (kilobytes) of a /proc status file, 0 when
// the process is gone.
func vmHWM(status string) int64 {
	b, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// compare measures check against the floor on two corpora of n files each:
// realistic ones (100–400 lines, corpus.Generate) and small ones (about 20
// lines, where the fixed cost per file shows), interleaved run by run so
// that load drifts on the shared machine hit every side alike.
func compare(n, runs int) error {
	tmp, err := os.MkdirTemp("", "velo-lsp-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	corpora := []struct{ name, dir string }{
		{"realistic (100-400 lines)", filepath.Join(tmp, "realistic")},
		{"small (about 20 lines)", filepath.Join(tmp, "small")},
	}
	if err := writeCorpora(tmp, n); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	bin := filepath.Join(tmp, "velo-lsp")
	build := exec.Command("go", "build", "-o", bin, "github.com/velo-lsp/velo-lsp/cmd/velo-lsp")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building velo-lsp: %w", err)
	}

	floors := make([][]sample, len(corpora))
	checks := make([][]sample, len(corpora))
	for i := 0; i < runs; i++ {
		for k, c := range corpora {
			f, err := measure(self, "-mode", "floor", "-dir", c.dir)
			if err != nil {
				return err
			}
			floors[k] = append(floors[k], f)
			ch, err := measure(bin, "check", "--format", "json", c.dir)
			if err != nil {
				return err
			}
			checks[k] = append(checks[k], ch)
		}
	}
	fmt.Printf("%d files per corpus, median of %d interleaved runs; targets: check ≤ 1.3x the floor, peak memory ≤ 100 MB\n", n, runs)
	for k, c := range corpora {
		var doc struct {
			Files       int               `json:"files"`
			Diagnostics []json.RawMessage `json:"diagnostics"`
		}
		if err := json.Unmarshal(checks[k][0].out, &doc); err != nil {
			return fmt.Errorf("check's JSON: %w", err)
		}
		if doc.Files != n {
			return fmt.Errorf("%s: check counted %d events files, want %d", c.name, doc.Files, n)
		}
		fl, ch := median(floors[k]), median(checks[k])
		fmt.Printf("%s: %d findings\n", c.name, len(doc.Diagnostics))
		fmt.Printf("  floor (esbuild Transform, 2 goroutines): wall %v, cpu %v, peak RSS %s\n", fl.wall.Round(time.Millisecond), fl.cpu.Round(time.Millisecond), rss(fl.maxRSS))
		fmt.Printf("  velo-lsp check --format json:            wall %v, cpu %v, peak RSS %s\n", ch.wall.Round(time.Millisecond), ch.cpu.Round(time.Millisecond), rss(ch.maxRSS))
		fmt.Printf("  ratio check/floor: wall %.2fx, cpu %.2fx\n", float64(ch.wall)/float64(fl.wall), float64(ch.cpu)/float64(fl.cpu))
	}
	return nil
}

// writeCorpora writes n realistic generated sites under dir/realistic and n
// small ones under dir/small.
func writeCorpora(dir string, n int) error {
	small := make([]corpus.File, n)
	for i := range small {
		small[i] = corpus.GenerateFile(int64(i), 20)
	}
	for sub, files := range map[string][]corpus.File{"realistic": corpus.Generate(1, n), "small": small} {
		for name, f := range corpus.Sites(files) {
			p := filepath.Join(dir, sub, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

func median(s []sample) sample {
	sort.Slice(s, func(i, j int) bool { return s[i].wall < s[j].wall })
	m := s[len(s)/2]
	rss := make([]int64, len(s))
	for i := range s {
		rss[i] = s[i].maxRSS
	}
	sort.Slice(rss, func(i, j int) bool { return rss[i] < rss[j] })
	m.maxRSS = rss[len(rss)/2]
	cpu := make([]time.Duration, len(s))
	for i := range s {
		cpu[i] = s[i].cpu
	}
	sort.Slice(cpu, func(i, j int) bool { return cpu[i] < cpu[j] })
	m.cpu = cpu[len(cpu)/2]
	return m
}

// rss gives a byte count in both units, since "100 MB" is read either way:
// MB are 10^6 bytes, MiB 2^20.
func rss(b int64) string {
	return fmt.Sprintf("%.1f MB (%.1f MiB)", float64(b)/1e6, float64(b)/(1<<20))
}

package jsparse

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"
)

// The stress harness: for every shape (guard_shapes_test.go) it grows n
// until esbuild dies of a stack overflow, exceeds a time limit, or the file
// passes maxStressBytes, running each attempt in a child process (this test
// binary again) so a fatal overflow is observed instead of killing the test.
//
//	VELO_GUARD_STRESS=1 go test -run TestEsbuildBreakingPoints -v -timeout 3h ./analyzer/jsparse/
//
// VELO_GUARD_STRESS_SHAPES=name,name restricts the shapes,
// VELO_GUARD_STRESS_MODES=transform,build the esbuild calls (default
// transform and build), VELO_GUARD_STRESS_MAX the largest file in bytes.

const (
	stressChildEnv = "VELO_GUARD_STRESS_CHILD" // "mode<TAB>shape<TAB>n" in the child
	stressTimeout  = 40 * time.Second          // wall time
)

var maxStressBytes = 4 << 20

// TestGuardStressChild is the child process: it generates one input and
// runs one esbuild call (or the guard, or tree-sitter) on it, printing the
// CPU time it took (user and system, all threads: the machine is shared, so
// wall time says little) in microseconds. It does nothing in a normal test run.
func TestGuardStressChild(t *testing.T) {
	spec := os.Getenv(stressChildEnv)
	if spec == "" {
		t.Skip("only run as the stress harness's child")
	}
	parts := strings.Split(spec, "\t")
	mode, name := parts[0], parts[1]
	n, _ := strconv.Atoi(parts[2])
	sh, ok := shapeByName(name)
	if !ok {
		t.Fatal("no such shape")
	}
	src := sh.gen(n)
	cpu0 := cpuTime()
	verdict := runStressMode(mode, src, sh.lang)
	fmt.Printf("us=%d verdict=%s\n", (cpuTime() - cpu0).Microseconds(), verdict)
}

func shapeByName(name string) (shape, bool) {
	for _, s := range shapes {
		if s.name == name {
			return s, true
		}
	}
	return shape{}, false
}

// runStressMode runs one parser on src and says whether it accepted it.
func runStressMode(mode, src string, lang Lang) string {
	switch mode {
	case "transform", "transform-min":
		res := api.Transform(src, api.TransformOptions{
			Loader: loaderFor(lang), Format: api.FormatESModule, Target: api.ESNext,
			Charset: api.CharsetUTF8, MinifyWhitespace: mode == "transform-min", LogLevel: api.LogLevelSilent,
		})
		if len(res.Errors) > 0 {
			return "error:" + strings.ReplaceAll(res.Errors[0].Text, " ", "_")
		}
		return "ok"
	case "build":
		res := api.Build(api.BuildOptions{
			EntryPoints: []string{"entry"}, Bundle: true, Write: false, Metafile: true,
			Format: api.FormatESModule, Platform: api.PlatformNeutral, Target: api.ESNext,
			LogLevel: api.LogLevelSilent, Outfile: "out.js",
			Plugins: []api.Plugin{{Name: "mem", Setup: func(b api.PluginBuild) {
				b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
					if a.Kind == api.ResolveEntryPoint {
						return api.OnResolveResult{Path: "entry", Namespace: "mem"}, nil
					}
					return api.OnResolveResult{Path: a.Path, External: true}, nil
				})
				b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "mem"}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
					return api.OnLoadResult{Contents: &src, Loader: loaderFor(lang)}, nil
				})
			}}},
		})
		if len(res.Errors) > 0 {
			return "error:" + strings.ReplaceAll(res.Errors[0].Text, " ", "_")
		}
		return "ok"
	case "treesitter":
		if f := Parse([]byte(src), lang); f.HasErrors {
			return "error"
		}
		return "ok"
	case "guard":
		if e := guardSource([]byte(src), lang); e != nil {
			return "refused"
		}
		return "ok"
	}
	return "unknown-mode"
}

type stressRun struct {
	n       int
	bytes   int
	outcome string // "ok", "overflow", "timeout", "crash"
	verdict string // the child's verdict when it finished
	dur     time.Duration
	rssKB   int64
}

func runStressChild(t *testing.T, mode string, sh shape, n int) stressRun {
	ctx, cancel := context.WithTimeout(context.Background(), stressTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestGuardStressChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), stressChildEnv+"="+mode+"\t"+sh.name+"\t"+strconv.Itoa(n))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := stressRun{n: n, bytes: len(sh.gen(n)), dur: time.Since(start)}
	if cmd.ProcessState != nil {
		r.rssKB = maxRSSKB(cmd.ProcessState)
	}
	switch {
	case ctx.Err() != nil:
		r.outcome = "timeout"
	case strings.Contains(stderr.String(), "stack overflow") || strings.Contains(stderr.String(), "stack exceeds"):
		r.outcome = "overflow"
	case err != nil:
		r.outcome = "crash"
		t.Logf("%s %s n=%d: %v\n%s", mode, sh.name, n, err, firstLines(stderr.String(), 5))
	default:
		r.outcome = "ok"
		out := stdout.String()
		if i := strings.Index(out, "us="); i >= 0 {
			f := strings.Fields(out[i:])
			us, _ := strconv.Atoi(strings.TrimPrefix(f[0], "us="))
			r.dur = time.Duration(us) * time.Microsecond
			if len(f) > 1 {
				r.verdict = strings.TrimPrefix(f[1], "verdict=")
			}
		}
	}
	return r
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// TestEsbuildBreakingPoints is the stress harness (see the top of the file).
func TestEsbuildBreakingPoints(t *testing.T) {
	if os.Getenv("VELO_GUARD_STRESS") == "" {
		t.Skip("set VELO_GUARD_STRESS=1 to run the stress harness (slow: child processes, up to 30 s each)")
	}
	if v := os.Getenv("VELO_GUARD_STRESS_MAX"); v != "" {
		maxStressBytes, _ = strconv.Atoi(v)
	}
	modes := []string{"transform", "build"}
	if v := os.Getenv("VELO_GUARD_STRESS_MODES"); v != "" {
		modes = strings.Split(v, ",")
	}
	var only map[string]bool
	if v := os.Getenv("VELO_GUARD_STRESS_SHAPES"); v != "" {
		only = map[string]bool{}
		for _, s := range strings.Split(v, ",") {
			only[s] = true
		}
	}
	for _, sh := range shapes {
		if only != nil && !only[sh.name] {
			continue
		}
		for _, mode := range modes {
			var runs []stressRun
			var lastOK, fail stressRun
			for n := 1000; ; n *= 2 {
				if len(sh.gen(n)) > maxStressBytes {
					break
				}
				r := runStressChild(t, mode, sh, n)
				runs = append(runs, r)
				if r.outcome != "ok" {
					fail = r
					break
				}
				lastOK = r
			}
			// Bisect an overflow or a timeout to within 5%.
			if fail.outcome != "" && lastOK.n > 0 {
				lo, hi := lastOK.n, fail.n
				for hi-lo > lo/20 {
					mid := (lo + hi) / 2
					r := runStressChild(t, mode, sh, mid)
					runs = append(runs, r)
					if r.outcome == "ok" {
						lo = mid
					} else {
						hi, fail = mid, r
					}
				}
			}
			var b strings.Builder
			fmt.Fprintf(&b, "%-28s %-10s", sh.name, mode)
			for _, r := range runs {
				fmt.Fprintf(&b, " n=%d(%dKB):%s/%s", r.n, r.bytes>>10, r.outcome, r.dur.Round(time.Millisecond))
				if r.verdict != "" && r.verdict != "ok" {
					fmt.Fprintf(&b, "/%.20s", r.verdict)
				}
				if r.rssKB > 0 {
					fmt.Fprintf(&b, "/%dMB", r.rssKB>>10)
				}
			}
			t.Log(b.String())
			fmt.Fprintln(os.Stderr, b.String())
		}
	}
}

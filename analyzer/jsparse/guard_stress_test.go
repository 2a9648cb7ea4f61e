package jsparse

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
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
	stressFileEnv  = "VELO_GUARD_STRESS_FILE"  // the child's input when the shape is "file" (n is the Lang)
	stressStackEnv = "VELO_GUARD_STRESS_STACK" // the child's maximum stack, in bytes
)

var maxStressBytes = 4 << 20

// TestGuardStressChild is the child process: it generates one input and
// runs one esbuild call (or the guard, or the scanner) on it, printing the
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
	var src string
	var lang Lang
	if name == "file" {
		b, err := os.ReadFile(os.Getenv(stressFileEnv))
		if err != nil {
			t.Fatal(err)
		}
		src, lang = string(b), Lang(n)
	} else {
		sh, ok := shapeByName(name)
		if !ok {
			t.Fatal("no such shape")
		}
		src, lang = sh.gen(n), sh.lang
	}
	if v := os.Getenv(stressStackEnv); v != "" {
		max, _ := strconv.Atoi(v)
		debug.SetMaxStack(max)
	}
	cpu0 := cpuTime()
	verdict := runStressMode(mode, src, lang)
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
	case "scan":
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

// TestAcceptedInputsFitInAnEighthOfTheStack: the deepest files the guard
// accepts (each limit case at its limit, and mixtures of every chain at
// every bracket level up to the combined depth) run through esbuild in a
// child process whose stack is capped at 128 MB, an eighth of Go's
// default: the limits leave esbuild at least an 8-fold margin (measured:
// all of them pass at 32 MB; the assignment and ** chains and the combined
// depth fail at 16 MB).
func TestAcceptedInputsFitInAnEighthOfTheStack(t *testing.T) {
	if os.Getenv("VELO_GUARD_STRESS") == "" {
		t.Skip("set VELO_GUARD_STRESS=1 (child processes)")
	}
	type input struct {
		name string
		lang Lang
		src  string
	}
	var inputs []input
	for _, c := range limitCases {
		inputs = append(inputs, input{c.name, c.lang, c.gen(c.limit)})
	}
	level := func(per string, n int) string { return rep(per, n) + "a" + rep(")", n) + ";\n" }
	inputs = append(inputs,
		input{"assignments, prefixes, members and a call at each of 999 levels", LangJS, level("a=a=!~a.b.c(", 999)},
		input{"conditionals and groups at each of 999 levels", LangJS, level("a?b:c?d:-(", 999)},
		input{"arrows, ** and new at each of 60 levels", LangJS, level("x=>y=>a**new f(", 60)},
		input{"templates with member chains", LangJS, rep("`${a.b.c.d.e.f.g+", 999) + "g" + rep("}`", 999) + ";\n"},
		input{"nested if and while, 2,000 deep", LangJS, rep("if(a)while(a)", 1000) + ";\n"},
	)
	stackCap := 128 << 20
	if v := os.Getenv("VELO_GUARD_STRESS_STACK_CAP"); v != "" {
		stackCap, _ = strconv.Atoi(v)
	}
	dir := t.TempDir()
	for _, in := range inputs {
		if c := Complexity([]byte(in.src), in.lang); c != nil {
			t.Errorf("%s: refused: %s", in.name, c.Error())
			continue
		}
		d := walkSource([]byte(in.src), in.lang).max[gsDepth].size
		path := filepath.Join(dir, "in.js")
		if err := os.WriteFile(path, []byte(in.src), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, mode := range []string{"transform", "transform-min", "build"} {
			ctx, cancel := context.WithTimeout(context.Background(), stressTimeout)
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestGuardStressChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), stressChildEnv+"="+mode+"\tfile\t"+strconv.Itoa(int(in.lang)),
				stressFileEnv+"="+path, stressStackEnv+"="+strconv.Itoa(stackCap))
			out, err := cmd.CombinedOutput()
			cancel()
			if err != nil {
				t.Errorf("%s (depth %d), %s: %v\n%s", in.name, d, mode, err, firstLines(string(out), 3))
				continue
			}
			t.Logf("%-66s depth %5d %-13s %s", in.name, d, mode, strings.TrimSpace(firstLines(string(out), 1)))
		}
	}
}

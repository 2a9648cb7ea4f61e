package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/report"
	"github.com/velo-lsp/velo-lsp/analyzer/site"
	"github.com/velo-lsp/velo-lsp/analyzer/sitefs"
)

func init() {
	register("check", command{summary: "check the events files of a site (default: the current directory)", run: runCheck})
}

// checkFlags are the options of `velo-lsp check`.
type checkFlags struct {
	format  string
	failOn  string
	config  string
	noColor bool
	fix     bool
	diff    bool
}

func runCheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var f checkFlags
	fset := flag.NewFlagSet("check", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&f.format, "format", "text", "output format: text, json, sarif or github")
	fset.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at this level or above: error, warning, info or none")
	fset.StringVar(&f.config, "config", "", "configuration file (default: .velo-lsp.json found by walking up from each path)")
	fset.BoolVar(&f.noColor, "no-color", false, "never colour the text output")
	fset.BoolVar(&f.fix, "fix", false, "apply the safe fixes in place")
	fset.BoolVar(&f.diff, "diff", false, "with the fixes, print a unified diff instead of writing files")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: velo-lsp check [flags] [PATH...]")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "Checks every events file, Velo package copy and look-alike under each PATH (a site folder or a file).")
		fmt.Fprintln(stderr, "Exit status: 0 no finding at the --fail-on level, 1 findings at that level, 2 usage or I/O error.")
		fmt.Fprintln(stderr)
		fset.PrintDefaults()
	}
	paths, err := parseInterspersed(fset, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if f.fix && f.diff {
		fmt.Fprintln(stderr, "velo-lsp check: --fix and --diff exclude each other: --diff shows the fixes without writing them, --fix writes them")
		return 2
	}
	format, err := report.ParseFormat(f.format)
	if err != nil {
		fmt.Fprintf(stderr, "velo-lsp check: --format: %v\n", err)
		return 2
	}
	failRank, err := parseFailOn(f.failOn)
	if err != nil {
		fmt.Fprintf(stderr, "velo-lsp check: --fail-on: %v\n", err)
		return 2
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}

	defer limitMemory()()
	run, err := checkPaths(context.Background(), paths, f.config)
	if run != nil {
		defer run.close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "velo-lsp check: %v\n", err)
		return 2
	}
	if f.fix || f.diff {
		if status := applyFixes(run, f.diff, stdout, stderr); status != 0 {
			return status
		}
		if f.diff {
			return failStatus(run.diags, failRank)
		}
	}

	opts := report.Options{
		Source:      report.MapSource(run.texts),
		Files:       run.files,
		Color:       format == report.FormatText && !f.noColor && isTerminal(stdout),
		Rules:       analyzer.Rules(),
		ToolVersion: version,
		SrcRoot:     run.srcRoot,
	}
	if err := report.Write(stdout, format, run.diags, opts); err != nil {
		fmt.Fprintf(stderr, "velo-lsp check: writing output: %v\n", err)
		return 2
	}
	return failStatus(run.diags, failRank)
}

// failStatus is 1 when a finding is at the --fail-on level or above.
func failStatus(diags []analyzer.Diagnostic, failRank int) int {
	for _, d := range diags {
		if failRank > 0 && d.Severity.Rank() >= failRank {
			return 1
		}
	}
	return 0
}

// parseInterspersed parses flags wherever they stand among the paths
// (`check DIR --format json`), as users of other linters expect; after
// "--" every argument is a path.
func parseInterspersed(fset *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		rest := fset.Args()
		if len(rest) == 0 {
			return paths, nil
		}
		// flag stops at "--" (consumed) or at the first non-flag.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(paths, rest...), nil
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
}

func parseFailOn(s string) (int, error) {
	switch s {
	case "none":
		return 0, nil
	case "error", "warning", "info":
		return analyzer.Severity(s).Rank(), nil
	}
	return 0, fmt.Errorf("unknown level %q (want error, warning, info or none)", s)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && report.ColorEnabled(f)
}

// checkRun is the combined result of checking every path.
type checkRun struct {
	diags   []analyzer.Diagnostic
	texts   map[string][]byte       // display path → text, for files with findings
	checked map[string]*checkedFile // display path → where it came from, for --fix
	files   int                     // events files examined (the JSON "files")
	srcRoot string                  // absolute root when a single folder was checked (SARIF %SRCROOT%)
	roots   []*sitefs.FS            // every root opened, closed by close
}

// checkedFile is one file with findings, as --fix needs it.
type checkedFile struct {
	fsys   *sitefs.FS
	rel    string // slash path relative to the root
	prefix string // what the display path adds in front of rel
	cfg    analyzer.Config
	result *analyzer.FileResult
}

func (r *checkRun) close() {
	for _, f := range r.roots {
		f.Close()
	}
}

// checkPaths checks each path. A folder is a root of its own; a file is
// judged by its place in the site that contains it. With more than one
// path, the display paths are prefixed by the path as given so that they
// stay apart; a path given twice, or a file reached from two paths, is
// checked and counted once. Every file is read through the guarded opener
// of its root (sitefs): nothing outside the root, only regular files,
// never past the size cap.
func checkPaths(ctx context.Context, paths []string, configPath string) (*checkRun, error) {
	run := &checkRun{texts: map[string][]byte{}, checked: map[string]*checkedFile{}}
	seenPath := map[string]bool{}
	seenFile := map[string]bool{} // OS paths of files already reported
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			if seenPath[abs] {
				continue
			}
			seenPath[abs] = true
		}
		st, err := os.Stat(p)
		if err != nil {
			return run, pathError(p, err)
		}
		root, rel := p, ""
		if !st.IsDir() {
			root, rel = siteRootOf(p)
		} else if r, sub, ok := siteRootAbove(p); ok {
			// A folder inside a backend folder: roles depend on the place in
			// the site, so walk the site and keep what lies under the folder.
			root, rel = r, sub
		}
		probe, err := sitefs.Open(root, 0)
		if err != nil {
			return run, fmt.Errorf("cannot read the folder %s: %v", root, unwrapPathErr(err))
		}
		probe.Close()
		cfg, err := loadConfig(configPath, root)
		if err != nil {
			return run, err
		}
		fsys, err := sitefs.Open(root, maxFileSize(cfg))
		if err != nil {
			return run, fmt.Errorf("cannot read the folder %s: %v", root, unwrapPathErr(err))
		}
		run.roots = append(run.roots, fsys)
		prefix := ""
		if len(paths) > 1 {
			prefix = strings.TrimSuffix(filepath.ToSlash(filepath.Clean(p)), "/")
			if !st.IsDir() {
				prefix = strings.TrimSuffix(filepath.ToSlash(filepath.Clean(root)), "/")
			}
			prefix += "/"
		}
		var files []*analyzer.FileResult
		if st.IsDir() {
			res, err := analyzer.AnalyzeRepo(ctx, fsys, cfg)
			if err != nil {
				return run, pathError(p, err)
			}
			for _, fr := range res.Files {
				if rel == "" || strings.HasPrefix(fr.Path, rel+"/") {
					files = append(files, fr)
				}
			}
			if rel == "" {
				run.files += res.EventsFiles
			} else {
				for _, fr := range files {
					if countsAsEventsFile(fr.Role) {
						run.files++
					}
				}
			}
			if len(paths) == 1 {
				if abs, err := filepath.Abs(root); err == nil {
					run.srcRoot = abs
				}
			}
		} else {
			fr, err := checkOneFile(fsys, rel, cfg)
			if err != nil {
				return run, fmt.Errorf("%s: %v", p, err)
			}
			files = []*analyzer.FileResult{fr}
			if countsAsEventsFile(fr.Role) && !seenFile[fsys.OSPath(rel)] {
				run.files++
			}
		}
		for _, fr := range files {
			osPath := fsys.OSPath(fr.Path)
			if seenFile[osPath] {
				continue
			}
			seenFile[osPath] = true
			for _, d := range fr.Diagnostics {
				run.diags = append(run.diags, withPrefix(d, prefix))
			}
			if len(fr.Diagnostics) > 0 {
				run.texts[prefix+fr.Path] = fr.Text
				run.checked[prefix+fr.Path] = &checkedFile{fsys: fsys, rel: fr.Path, prefix: prefix, cfg: cfg, result: fr}
			}
		}
	}
	return run, nil
}

func countsAsEventsFile(r analyzer.Role) bool { return r.IsEventsFile() }

// maxFileSize is the configured size cap, or the default.
func maxFileSize(cfg analyzer.Config) int64 {
	if cfg.MaxFileSize > 0 {
		return cfg.MaxFileSize
	}
	return analyzer.DefaultMaxFileSize
}

// checkOneFile judges one file named on the command line by its role in
// the site (a file that plays no role is reported as not judged: nothing).
// It is read through the root's guarded opener: a link out of the site, a
// named pipe or a device is an error, not a read.
func checkOneFile(fsys *sitefs.FS, rel string, cfg analyzer.Config) (*analyzer.FileResult, error) {
	role, _ := analyzer.ClassifyIn(fsys, rel, cfg)
	text, err := fsys.ReadFile(rel)
	if err != nil {
		switch {
		case errors.Is(err, sitefs.ErrOutsideRoot):
			return nil, fmt.Errorf("it is a symbolic link that leads outside the site (%s); velo-lsp reads only files inside it, so check the target where it lives", fsys.Dir())
		case errors.Is(err, sitefs.ErrNotRegular):
			return nil, fmt.Errorf("%v: velo-lsp reads only ordinary files", unwrapPathErr(err))
		}
		return nil, unwrapPathErr(err)
	}
	fr := analyzer.AnalyzeFile(analyzer.FileInput{Path: rel, Text: text, Role: role, FS: fsys}, cfg)
	fr.Text = text
	return fr, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// siteRootOf returns the site root of a file named on the command line
// (site.RootOf) and the file's slash path relative to it.
func siteRootOf(file string) (root, rel string) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.Dir(file), filepath.Base(file)
	}
	root = site.RootOf(abs)
	r, err := filepath.Rel(root, abs)
	if err != nil {
		return filepath.Dir(abs), filepath.Base(abs)
	}
	return root, filepath.ToSlash(r)
}

// siteRootAbove handles a folder argument that lies inside a backend
// folder (`velo-lsp check src/backend`): roles depend on the place in the
// site, so it returns the site root above it (site.RootOf) and the folder's
// slash path relative to that root. ok is false for a folder that is not
// inside a backend folder holding an events file: it is its own root.
func siteRootAbove(dir string) (root, sub string, ok bool) {
	abs, err := filepath.Abs(dir)
	if err != nil || site.BackendAbove(abs) == "" {
		return "", "", false
	}
	root = site.RootOf(abs)
	r, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(r, "..") {
		return "", "", false
	}
	return root, filepath.ToSlash(r), true
}

// pathError turns an OS error into a one-line message naming the path.
func pathError(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", p, pe.Err)
	}
	return fmt.Errorf("%s: %v", p, err)
}

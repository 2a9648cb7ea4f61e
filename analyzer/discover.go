package analyzer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer/site"
)

// Discover walks fsys from "." and returns every file whose role (see
// Classify) is not RoleNone, sorted by path, with the problems met on the way.
//
// The walk:
//   - never enters .git; enters node_modules, and folders excluded by a
//     .gitignore, only on the way to a package root (Config.PackageRoots);
//     there it lists nothing else, and probes exact names without listing
//     the folder when the globs allow it;
//   - honours .gitignore in every folder and .git/info/exclude, with git's
//     precedence (a deeper file overrides a shallower one), then
//     Config.Ignore (gitignore syntax, relative to the root) above them all:
//     a path Config.Ignore excludes is never entered, package root or not;
//   - with a file system that implements fs.ReadLinkFS (os.DirFS and
//     fstest.MapFS do), resolves every symbolic link one component at a time
//     without leaving the root: a link whose target is outside (or absolute)
//     is reported (VELO092) and not followed; a link to a folder inside is
//     followed once (a folder reached through links is entered through at
//     most one link, and never when it is an ancestor of the link, so cycles
//     end); candidates keep the path through the link. Without
//     fs.ReadLinkFS, links cannot be told apart and are not followed;
//   - gives each candidate its size (from the listing: files are not
//     opened, so that the caller's read is the only one); a file over the cap
//     (Config.MaxFileSize, DefaultMaxFileSize when 0) is still a candidate (it
//     counts) and gets one VELO090, and must not be read. A broken link or an
//     entry that cannot be stat'ed is a candidate with one VELO091 (reading
//     it fails fast); a named pipe, socket or device with a candidate's name
//     gets one VELO091 and is not a candidate (reading it could block). A
//     candidate that cannot be opened is the reader's to report (VELO091).
//     SkipReading names the candidates not to read;
//   - a folder that cannot be listed gets one VELO091 and the walk goes on.
//
// Discover returns an error only when the root cannot be listed, or ctx is
// cancelled (ctx.Err()). Diagnostics are sorted by path and code, at
// their rules' default levels (AnalyzeRepo applies the configured ones).
func Discover(ctx context.Context, fsys fs.FS, cfg Config) ([]Candidate, []Diagnostic, error) {
	d := &discoverer{
		ctx:       ctx,
		fsys:      fsys,
		cfg:       &cfg,
		roots:     packageRootsFor(cfg),
		maxSize:   cfg.MaxFileSize,
		followed:  map[string]bool{},
		siteRoots: siteSet{},
	}
	if d.maxSize <= 0 {
		d.maxSize = DefaultMaxFileSize
	}
	_, d.canLink = fsys.(fs.ReadLinkFS)
	if len(cfg.Ignore) > 0 {
		d.userIgnore = NewIgnoreList(cfg.Ignore)
	}
	if err := d.run(); err != nil {
		return nil, nil, err
	}
	d.cands = onePerFile(d.cands)
	d.refineRoles()
	sort.Slice(d.cands, func(i, j int) bool { return d.cands[i].Path < d.cands[j].Path })
	sort.SliceStable(d.diags, func(i, j int) bool {
		if d.diags[i].Path != d.diags[j].Path {
			return d.diags[i].Path < d.diags[j].Path
		}
		return d.diags[i].Code < d.diags[j].Code
	})
	return d.cands, d.diags, nil
}

// refineRoles settles, once the whole tree is known, which look-alikes lie
// inside a site and which are loose (see site.go).
func (d *discoverer) refineRoles() {
	for _, c := range d.cands {
		if c.Role == RoleSiteEvents {
			if root, ok := site.RootOfEventsFile(c.Path); ok {
				d.siteRoots[root] = true
			}
		}
	}
	for i := range d.cands {
		c := &d.cands[i]
		c.Role = refineRole(c.Role, c.Path, d.siteRoots.contains(c.Path))
	}
}

// onePerFile keeps one candidate per real file: a file reached both
// directly and through a link inside the root (or through two links) is
// one file, judged once, under the path that gives it the role that
// matters most (site events, then package events, look-alike, backend
// module), the path with no link in it on a tie.
func onePerFile(cands []Candidate) []Candidate {
	rank := map[Role]int{RoleSiteEvents: 4, RolePackageEvents: 3, RoleLookAlike: 2, RoleBackendModule: 1}
	best := map[string]int{} // real path → index in out
	var out []Candidate
	for _, c := range cands {
		key := c.Real
		if key == "" {
			key = c.Path
		}
		i, seen := best[key]
		if !seen {
			best[key] = len(out)
			out = append(out, c)
			continue
		}
		cur := out[i]
		if rank[c.Role] > rank[cur.Role] || rank[c.Role] == rank[cur.Role] && c.Path == key && cur.Path != key {
			out[i] = c
		}
	}
	return out
}

// SkipReading returns the paths that discovery diagnostics say must not be
// read or analysed (over the size cap, unreadable, not a regular file).
func SkipReading(diags []Diagnostic) map[string]bool {
	skip := map[string]bool{}
	for _, dg := range diags {
		if dg.Code == problemFileTooLarge.code || dg.Code == problemUnreadable.code {
			skip[dg.Path] = true
		}
	}
	return skip
}

type discoverer struct {
	ctx        context.Context
	fsys       fs.FS
	cfg        *Config
	roots      *rootGlobs
	maxSize    int64
	canLink    bool
	userIgnore *IgnoreList
	followed   map[string]bool // real folders entered through a link
	siteRoots  siteSet         // folders holding wix.config.json, then every site root
	segBuf     []string        // scratch segments of a file's path
	cands      []Candidate
	diags      []Diagnostic
}

// frame is one folder to list.
type frame struct {
	parent   *frame
	display  string   // path as seen from the root, through links ("" for the root)
	real     string   // path in fsys with no link in it ("." for the root)
	segs     []string // display split into segments
	ignores  ignoreStack
	roots    rootState // package-root automaton after display
	excluded bool      // node_modules or ignored: walk only toward package roots
	pkgEnd   int       // > 0: segs[:pkgEnd] is the package root this folder is in
	pkgName  string
}

func (d *discoverer) run() error {
	root := &frame{real: ".", roots: d.roots.start()}
	entries, err := fs.ReadDir(d.fsys, ".")
	if err != nil {
		return fmt.Errorf("discover: cannot list the root folder: %w", err)
	}
	// .git/info/exclude has the lowest precedence of git's ignore sources.
	for _, e := range entries {
		if e.Name() == ".git" && e.IsDir() {
			if b, err := fs.ReadFile(d.fsys, ".git/info/exclude"); err == nil {
				root.ignores = ignoreStack{ParseIgnore("", b)}
			}
		}
	}
	stack := []*frame{root}
	first := true
	for len(stack) > 0 {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		var ents []fs.DirEntry
		if first {
			ents, first = entries, false
		} else {
			ents = d.list(f)
		}
		stack = d.visit(f, ents, stack)
	}
	return nil
}

// list returns a folder's entries, or only the entries that can lead to a
// package root when the folder is excluded.
func (d *discoverer) list(f *frame) []fs.DirEntry {
	if f.excluded {
		if names, ok := d.roots.literalNext(f.roots); ok {
			var ents []fs.DirEntry
			for _, n := range names {
				info, err := fs.Lstat(d.fsys, joinReal(f.real, n))
				if err == nil {
					ents = append(ents, fs.FileInfoToDirEntry(info))
				}
			}
			return ents
		}
	}
	ents, err := fs.ReadDir(d.fsys, f.real)
	if err != nil {
		d.report(problemUnreadable, f.display, fmt.Sprintf(
			"could not list the folder `%s` (%v), so no events file in it was checked; make it readable by the user running velo-lsp, or exclude it",
			f.display, unwrapPathError(err)))
		return nil
	}
	return ents
}

// visit handles the entries of f and returns the stack with its subfolders.
func (d *discoverer) visit(f *frame, ents []fs.DirEntry, stack []*frame) []*frame {
	// This folder's own .gitignore comes first: it applies to its siblings.
	ignores := f.ignores
	if !f.excluded {
		for _, e := range ents {
			if e.Name() == ".gitignore" && e.Type().IsRegular() {
				if b, err := fs.ReadFile(d.fsys, joinReal(f.real, ".gitignore")); err == nil {
					if l := ParseIgnore(f.display, b); l.Len() > 0 {
						ignores = append(ignores[:len(ignores):len(ignores)], l)
					}
				}
				break
			}
		}
	}
	var subs []*frame
	for _, e := range ents {
		name := e.Name()
		if name == ".git" {
			continue
		}
		typ := e.Type()
		if name == "wix.config.json" && !f.excluded && !typ.IsDir() {
			d.siteRoots[f.display] = true
		}
		if typ&fs.ModeSymlink == 0 && !typ.IsDir() && (f.excluded || kindOf(name) == kindOther) {
			continue // the common case: a file that is no candidate
		}
		display := name
		if f.display != "" {
			display = f.display + "/" + name
		}
		// Outside linked folders the real path is the display path: no copy.
		real := display
		if f.real != f.display && f.real != "." {
			real = f.real + "/" + name
		}
		var segs []string
		if typ.IsDir() || typ&fs.ModeSymlink != 0 {
			segs = append(f.segs[:len(f.segs):len(f.segs)], name) // kept by the subfolder's frame
		} else {
			d.segBuf = append(append(d.segBuf[:0], f.segs...), name) // a file: scratch
			segs = d.segBuf
		}

		// Resolve links before anything else: what they point to decides.
		var info fs.FileInfo
		if typ&fs.ModeSymlink != 0 {
			if !d.canLink {
				continue
			}
			target, raw, inside, err := resolveInRoot(d.fsys, real)
			if !inside {
				if d.ignoredAny(f, ignores, segs) || !d.linkMatters(f, name) {
					continue
				}
				if f.excluded && !d.roots.step(f.roots, name, false).live() {
					continue
				}
				d.report(problemSymlinkOutside, display, fmt.Sprintf(
					"`%s` is a symbolic link to `%s`, which is outside the folder being checked, so velo-lsp did not follow it and no events file behind it was checked; copy the files into the repository, or check the target folder on its own",
					display, raw))
				continue
			}
			if err == nil {
				info, err = fs.Stat(d.fsys, target)
			}
			if err != nil {
				// A broken link: only worth a word when its name matters.
				if !f.excluded {
					if role, _ := d.classify(f, segs); role != RoleNone && !d.ignoredAny(f, ignores, segs) {
						d.addCandidate(Candidate{Path: display, Role: role, Package: d.pkgOf(f, role), Real: real})
						d.report(problemUnreadable, display, fmt.Sprintf(
							"`%s` is a broken symbolic link (%v), so it cannot be read and none of its handlers will fire; fix or remove the link",
							display, unwrapPathError(err)))
					}
				}
				continue
			}
			real = target
			typ = info.Mode().Type()
			if typ.IsDir() && d.cycle(f, real) {
				continue
			}
		}

		if typ.IsDir() {
			sub := d.subfolder(f, ignores, name, display, real, segs)
			if sub == nil {
				continue
			}
			if e.Type()&fs.ModeSymlink != 0 {
				if d.followed[real] {
					continue
				}
				d.followed[real] = true
			}
			subs = append(subs, sub)
			continue
		}
		if f.excluded {
			continue
		}
		role, pkg := d.classify(f, segs)
		if role == RoleNone {
			continue
		}
		if d.excludedPath(ignores, segs, false) {
			continue
		}
		d.file(Candidate{Path: display, Role: role, Package: pkg, Real: real}, e, info, typ)
	}
	// Push in reverse so that folders are listed in name order (stable output
	// and deterministic link following).
	for i := len(subs) - 1; i >= 0; i-- {
		stack = append(stack, subs[i])
	}
	return stack
}

// linkMatters reports whether a link that leaves the root could hide code
// velo-lsp would judge, and so is worth a word: a code file's name, a
// backend or src folder, a folder inside a backend folder or a package
// root, or a folder that is a package root. A link such as LICENSE
// is none of these and is left unsaid.
func (d *discoverer) linkMatters(f *frame, name string) bool {
	if kindOf(name) != kindOther || name == "backend" || name == "src" {
		return true
	}
	if f.pkgEnd > 0 || d.roots.isRoot(d.roots.step(f.roots, name, true)) {
		return true
	}
	for _, s := range f.segs {
		if s == "backend" {
			return true
		}
	}
	return false
}

// subfolder builds the frame of a child folder, or returns nil when the walk
// must not enter it.
func (d *discoverer) subfolder(f *frame, ignores ignoreStack, name, display, real string, segs []string) *frame {
	gitExcluded := ignores.excluded(segs, true)
	if d.userIgnore != nil {
		if m, ex := d.userIgnore.matchSegs(segs, true); m {
			if ex {
				return nil // Config.Ignore wins over package roots too
			}
			gitExcluded = false // re-included by Config.Ignore
		}
	}
	excluded := f.excluded || isSkippedDirName(name) || gitExcluded
	st := d.roots.step(f.roots, name, !excluded)
	sub := &frame{
		parent:   f,
		display:  display,
		real:     real,
		segs:     segs,
		ignores:  ignores,
		roots:    st,
		excluded: excluded,
		pkgEnd:   f.pkgEnd,
		pkgName:  f.pkgName,
	}
	if d.roots.isRoot(st) && canBePackageRoot(segs) {
		// A package root is walked in full, even below node_modules or an
		// ignored folder; patterns still apply to what is inside it.
		sub.excluded = false
		sub.pkgEnd, sub.pkgName = len(segs), packageName(segs)
		return sub
	}
	if excluded && !st.live() {
		return nil
	}
	return sub
}

// file records a candidate file. It does not open it: the caller reads each
// candidate once and reports a read error then (one open per file).
func (d *discoverer) file(c Candidate, e fs.DirEntry, info fs.FileInfo, typ fs.FileMode) {
	if !typ.IsRegular() {
		// Not a candidate: reading a named pipe would block.
		d.report(problemUnreadable, c.Path, fmt.Sprintf(
			"`%s` is not a regular file (%v), so velo-lsp did not read it and Wix will not load it as code; replace it with an ordinary file",
			c.Path, typ))
		return
	}
	if info == nil {
		var err error
		info, err = e.Info()
		if err != nil {
			d.addCandidate(c)
			d.report(problemUnreadable, c.Path, fmt.Sprintf(
				"could not read `%s` (%v), so none of its handlers were checked; make it readable by the user running velo-lsp",
				c.Path, unwrapPathError(err)))
			return
		}
	}
	c.Size = info.Size()
	d.addCandidate(c)
	if c.Size > d.maxSize {
		d.report(problemFileTooLarge, c.Path, fmt.Sprintf(
			"`%s` is %s, over the %s size cap, so velo-lsp did not read it and none of its handlers were checked; keep the handlers in a small file (move data or generated code into modules it imports), or raise the cap (maxFileSize) if the file really must be this large",
			c.Path, byteSize(c.Size), byteSize(d.maxSize)))
	}
}

func (d *discoverer) addCandidate(c Candidate) { d.cands = append(d.cands, c) }

// classify classifies the file at segs inside folder f.
func (d *discoverer) classify(f *frame, segs []string) (Role, string) {
	k := kindOf(segs[len(segs)-1])
	if k == kindOther {
		return RoleNone, ""
	}
	return classifySegs(segs, k, f.pkgEnd, f.pkgName)
}

func (d *discoverer) pkgOf(f *frame, role Role) string {
	if role == RolePackageEvents {
		return f.pkgName
	}
	return ""
}

// excludedPath applies the ignore files, then Config.Ignore above them.
func (d *discoverer) excludedPath(ignores ignoreStack, segs []string, isDir bool) bool {
	if d.userIgnore != nil {
		if m, ex := d.userIgnore.matchSegs(segs, isDir); m {
			return ex
		}
	}
	return ignores.excluded(segs, isDir)
}

// ignoredAny reports whether a link's path is excluded as a file or as a
// folder (what it points to is unknown when it leaves the root).
func (d *discoverer) ignoredAny(f *frame, ignores ignoreStack, segs []string) bool {
	return d.excludedPath(ignores, segs, false) || d.excludedPath(ignores, segs, true)
}

// cycle reports whether entering real from f would loop: real is f or one of
// its ancestors (as real folders).
func (d *discoverer) cycle(f *frame, real string) bool {
	for a := f; a != nil; a = a.parent {
		if a.real == real {
			return true
		}
	}
	return real == "."
}

func (d *discoverer) report(pr discoveryProblem, p, msg string) {
	d.diags = append(d.diags, Diagnostic{Path: p, Range: Range{0, 0}, Code: pr.code, Rule: pr.name, Severity: pr.severity, Message: msg})
}

// discoveryProblem is a problem discovery reports. The rules themselves
// (documentation, `velo-lsp explain`) are declared with the other rules; a
// test checks that both agree.
type discoveryProblem struct {
	code, name string
	severity   Severity
}

var (
	problemFileTooLarge   = discoveryProblem{"VELO090", "file-too-large", SeverityWarning}
	problemUnreadable     = discoveryProblem{"VELO091", "unreadable-file", SeverityError}
	problemSymlinkOutside = discoveryProblem{"VELO092", "symlink-outside-root", SeverityWarning}
)

func joinReal(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// maxLinkHops bounds link resolution, as the kernel's ELOOP limit does.
const maxLinkHops = 40

// errLinkLoop is returned for a chain of links longer than maxLinkHops.
var errLinkLoop = errors.New("too many levels of symbolic links")

// resolveInRoot resolves the link at p (a path with no link in its folders)
// component by component, without leaving the root. It returns the real path
// of the final target; inside is false (with raw, the offending target) when
// a link on the way is absolute or climbs above the root. err is set for a
// broken link or a loop; the target is then unusable but inside.
func resolveInRoot(fsys fs.FS, p string) (real, raw string, inside bool, err error) {
	hops := 0
	// todo holds the components still to resolve; done the resolved prefix.
	todo := strings.Split(p, "/")
	var done []string
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", raw, false, nil
			}
			done = done[:len(done)-1]
			continue
		}
		cur := strings.Join(append(done, c), "/")
		info, lerr := fs.Lstat(fsys, cur)
		if lerr != nil {
			return cur, raw, true, lerr
		}
		if info.Mode().Type()&fs.ModeSymlink == 0 {
			done = append(done, c)
			continue
		}
		hops++
		if hops > maxLinkHops {
			return cur, raw, true, errLinkLoop
		}
		target, rerr := fs.ReadLink(fsys, cur)
		if rerr != nil {
			return cur, raw, true, rerr
		}
		raw = target
		if path.IsAbs(target) || strings.HasPrefix(target, "/") || strings.HasPrefix(target, "\\") ||
			(len(target) >= 2 && target[1] == ':') {
			return "", raw, false, nil
		}
		todo = append(strings.Split(strings.ReplaceAll(target, "\\", "/"), "/"), todo...)
	}
	if len(done) == 0 {
		return ".", raw, true, nil
	}
	return strings.Join(done, "/"), raw, true, nil
}

// unwrapPathError drops the *fs.PathError wrapper, whose path repeats what
// the message already says (and, for os.DirFS, is an absolute path).
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// byteSize formats a size for messages: "1.0 MiB", "2.5 KiB", "42 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
